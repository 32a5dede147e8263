/* ipbench's control protocol: text lines ending in "\n", replies "NNN
 * text", bulk data announced by "Content-length: N" after a 220 line.
 * Every line and every length is bounded; every read has a deadline.
 *
 *   daemon:     100 IPBENCH V1.0
 *   controller: HELLO                      -> 200 OK (Ready to go)
 *               EXT sonde/1                -> 200 OK sonde/1 (a plain
 *                                             ipbench daemon: 4xx)
 *               LOAD test                  -> 200 OK | 410 ...
 *               SETUP hostname::"h" port::"p" args::"k=v,..."
 *                                          -> 200 OK | 420 why
 *               START [at [end]]           -> 200 OK | 430 why
 *               STOP                       -> 220 VALID DATA (Data to follow)
 *                                             Content-length: N
 *                                             <N bytes>  | 440 why
 *               QUIT                       -> 200 OK (Goodbye)
 */
#ifndef LOADGEN_PROTO_H
#define LOADGEN_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define PROTO_PORT 8036          /* ipbench's daemon port */
#define PROTO_LINE_MAX 4096
#define PROTO_DATA_MAX (64u << 20)
#define PROTO_BANNER "100 IPBENCH V1.0"
#define PROTO_EXT "sonde/1"

enum {
	ST_BANNER = 100, ST_OK = 200, ST_DATA = 220, ST_BAD_COMMAND = 400, ST_NO_TEST = 410,
	ST_SETUP_FAILED = 420, ST_START_FAILED = 430, ST_NO_DATA = 440, ST_BAD_STATE = 460,
};

struct proto_conn {
	int fd;
	char buf[PROTO_LINE_MAX + 1];
	size_t len;
};

void proto_init(struct proto_conn *c, int fd);
/* Reads one line (without "\n", "\r\n" accepted) before the monotonic
 * deadline (0 = none).  Returns its length, or -1 with errno: ETIMEDOUT,
 * EMSGSIZE (longer than PROTO_LINE_MAX), ECONNRESET (closed). */
int proto_read_line(struct proto_conn *c, char *line, size_t cap, uint64_t deadline);
/* Reads exactly len bytes (after the line buffer's leftovers). */
int proto_read_data(struct proto_conn *c, char *data, size_t len, uint64_t deadline);
int proto_printf(struct proto_conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A 220 reply with its data. */
int proto_send_data(struct proto_conn *c, const char *data, size_t len);

/* "NNN text": returns the status (100..599) or -1. */
int proto_status(const char *line);
/* The value of key::"value" in a SETUP line, unquoted ("\"" and "\\"
 * escapes), into out.  Returns 0, 1 when absent, -1 when malformed or
 * longer than cap - 1. */
int proto_field(const char *line, const char *key, char *out, size_t cap);
/* Quotes a value for a SETUP line (the inverse of proto_field). */
int proto_quote(const char *value, char *out, size_t cap);
/* A "Content-length: N" line; returns 0 with *len <= PROTO_DATA_MAX. */
int proto_content_length(const char *line, size_t *len);

#endif
