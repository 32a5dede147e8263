/* libFuzzer target over loadgen's control protocol as a daemon or a
 * controller reads it: the bytes are what the peer sent, read through the
 * bounded line reader; each line is taken apart as the daemon does (status,
 * SETUP's quoted fields, then the test arguments) and a "Content-length"
 * line's data is read and unmarshalled as a result.  A field that parses is
 * quoted again and must parse back to itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "params.h"
#include "proto.h"
#include "result.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_field(const char *line, const char *key)
{
	char value[PROTO_LINE_MAX + 1], quoted[2 * PROTO_LINE_MAX + 8], again[PROTO_LINE_MAX + 1];
	char err[256];

	if (proto_field(line, key, value, sizeof(value)) != 0)
		return;
	if (strcmp(key, "args") == 0) {
		struct lg_params p;
		params_defaults(&p);
		params_parse(&p, value, ~0u, err, sizeof(err));
	}
	/* A value with a newline cannot be sent; anything else round-trips. */
	if (proto_quote(value, quoted, sizeof(quoted)) != 0)
		return;
	char line2[sizeof(quoted) + 64];
	snprintf(line2, sizeof(line2), "SETUP %s::\"%s\"", key, quoted);
	if (proto_field(line2, key, again, sizeof(again)) != 0 || strcmp(value, again) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[PROTO_LINE_MAX + 1], err[256];
	struct proto_conn c;
	int sv[2];

	/* The socket buffer takes the whole input before anything is read. */
	if (size > 100000 || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return 0;
	int buf = 1 << 20;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &buf, sizeof(buf));
	setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	if (write(sv[0], data, size) != (ssize_t)size) {
		close(sv[0]);
		close(sv[1]);
		return 0;
	}
	close(sv[0]);
	proto_init(&c, sv[1]);
	for (;;) {
		int n = proto_read_line(&c, line, sizeof(line), 0);
		size_t len;
		if (n < 0)
			break;
		if ((size_t)n != strlen(line) && memchr(line, '\0', (size_t)n) == NULL)
			abort();
		proto_status(line);
		check_field(line, "hostname");
		check_field(line, "port");
		check_field(line, "args");
		if (proto_content_length(line, &len) != 0)
			continue;
		if (len > PROTO_DATA_MAX)
			abort();
		if (len > size)
			break;      /* more than was sent: the read would wait for it */
		char *d = malloc(len ? len : 1);
		struct lg_result r;
		if (!d)
			break;
		if (proto_read_data(&c, d, len, 0) == 0 && result_unmarshall(d, len, &r, err, sizeof(err)) == 0)
			result_free(&r);
		free(d);
	}
	close(sv[1]);
	return 0;
}
