/* loadgen daemon: the tester and target side of the control protocol (see
 * proto.h), one controller session at a time.  A client test runs inside
 * START once its agreed time comes (the reply to START goes first), so
 * the controller's STOP waits in the socket until the results are ready. */
#include "commands.h"

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "err.h"
#include "loadgen.h"
#include "net.h"
#include "parse.h"
#include "proto.h"

#define SESSION_IDLE_NS (600 * 1000000000ULL)

struct session {
	struct proto_conn c;
	const struct lg_test *test;
	void *state;
	int started;
	int start_failed;
	char why[256];
};

static void drop_test(struct session *s)
{
	if (s->state && s->test)
		s->test->destroy(s->state);
	s->state = NULL;
	s->started = 0;
	s->start_failed = 0;
}

static int do_setup(struct session *s, const char *line)
{
	char host[256], port[16], args[PROTO_LINE_MAX], err[256];
	struct lg_params p;
	uint64_t v;

	if (!s->test)
		return proto_printf(&s->c, "%d No test loaded (LOAD first)", ST_BAD_STATE);
	drop_test(s);
	params_defaults(&p);
	int h = proto_field(line, "hostname", host, sizeof(host));
	int pt = proto_field(line, "port", port, sizeof(port));
	int a = proto_field(line, "args", args, sizeof(args));
	if (h < 0 || pt < 0 || a < 0)
		return proto_printf(&s->c, "%d Setup failed: malformed SETUP line", ST_SETUP_FAILED);
	if (a == 1)
		args[0] = '\0';
	if (s->test->keys & PK_HOST) {
		if (h == 0 && host[0])
			snprintf(p.host, sizeof(p.host), "%s", host);
		if (pt == 0 && port[0]) {
			if (parse_u64(port, 1, 65535, &v) != 0)
				return proto_printf(&s->c, "%d Setup failed: port::\"%s\": not a port", ST_SETUP_FAILED, port);
			p.port = (uint16_t)v;
		}
	}
	if (params_parse(&p, args, s->test->keys, err, sizeof(err)) != 0 ||
	    !(s->state = s->test->setup(&p, 0, err, sizeof(err))))
		return proto_printf(&s->c, "%d Setup failed: %s: %s", ST_SETUP_FAILED, s->test->name, err);
	return proto_printf(&s->c, "%d OK", ST_OK);
}

static int do_start(struct session *s, const char *rest)
{
	struct lg_window w = { 0, 0 };
	char a[32] = "", b[32] = "", extra[2] = "";
	char err[256] = "";

	if (!s->state || s->started)
		return proto_printf(&s->c, "%d %s", ST_BAD_STATE, s->state ? "Already started" : "Not set up (SETUP first)");
	if (sscanf(rest, "%31s %31s %1s", a, b, extra) == 3 || (a[0] && parse_u64(a, 0, UINT64_MAX, &w.start_ns) != 0) ||
	    (b[0] && parse_u64(b, 0, UINT64_MAX, &w.end_ns) != 0))
		return proto_printf(&s->c, "%d Start failed: START [start_ns [end_ns]] (realtime ns)", ST_START_FAILED);
	s->started = 1;
	if (s->test->side == LG_TARGET) {
		if (s->test->start(s->state, &w, err, sizeof(err)) != 0) {
			s->started = 0;
			return proto_printf(&s->c, "%d Start failed: %s", ST_START_FAILED, err);
		}
		return proto_printf(&s->c, "%d OK", ST_OK);
	}
	if (proto_printf(&s->c, "%d OK", ST_OK) != 0)
		return -1;
	if (s->test->start(s->state, &w, err, sizeof(err)) != 0) {
		s->start_failed = 1;
		snprintf(s->why, sizeof(s->why), "%s", err);
	}
	return 0;
}

static int do_stop(struct session *s)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (!s->started)
		return proto_printf(&s->c, "%d Not started", ST_BAD_STATE);
	if (s->start_failed) {
		rc = proto_printf(&s->c, "%d Test failed: %s", ST_NO_DATA, s->why);
	} else {
		s->test->stop(s->state);
		if (s->test->marshall(s->state, &data, &len) != 0)
			rc = proto_printf(&s->c, "%d No data: cannot marshall the results", ST_NO_DATA);
		else
			rc = proto_send_data(&s->c, data, len);
	}
	free(data);
	drop_test(s);
	return rc;
}

/* One command; returns 1 to end the session, -1 on a broken connection. */
static int command(struct session *s, char *line)
{
	char *rest = line + strcspn(line, " ");
	if (*rest)
		*rest++ = '\0';

	if (strcasecmp(line, "HELLO") == 0)
		return proto_printf(&s->c, "%d OK (Ready to go)", ST_OK);
	if (strcasecmp(line, "EXT") == 0)
		return strcmp(rest, PROTO_EXT) == 0 ? proto_printf(&s->c, "%d OK %s", ST_OK, PROTO_EXT)
						    : proto_printf(&s->c, "%d Unknown extension", ST_BAD_COMMAND);
	if (strcasecmp(line, "LOAD") == 0) {
		const struct lg_test *t = lg_find_test(rest);
		drop_test(s);
		s->test = t;
		return t ? proto_printf(&s->c, "%d OK", ST_OK)
			 : proto_printf(&s->c, "%d No such test '%.64s'", ST_NO_TEST, rest);
	}
	if (strcasecmp(line, "SETUP") == 0)
		return do_setup(s, rest);
	if (strcasecmp(line, "START") == 0)
		return do_start(s, rest);
	if (strcasecmp(line, "STOP") == 0)
		return do_stop(s);
	if (strcasecmp(line, "QUIT") == 0) {
		proto_printf(&s->c, "%d OK (Goodbye)", ST_OK);
		return 1;
	}
	if (!*line)
		return 0;
	return proto_printf(&s->c, "%d Unknown command '%.32s'", ST_BAD_COMMAND, line);
}

/* Ends a session whose peer may still be sending: closing with unread
 * input would reset the connection and could lose our last reply, so
 * the write side is shut and the rest read (briefly) first. */
static void linger_close(int fd)
{
	char junk[4096];
	uint64_t until = mono_ns() + 200000000ULL;

	shutdown(fd, SHUT_WR);
	while (mono_ns() < until) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		if (poll(&pfd, 1, 20) > 0 && recv(fd, junk, sizeof(junk), MSG_DONTWAIT) == 0)
			break;
	}
}

static void session(int fd)
{
	struct session s = { .test = NULL };
	char line[PROTO_LINE_MAX + 1];

	proto_init(&s.c, fd);
	if (proto_printf(&s.c, "%s", PROTO_BANNER) != 0)
		return;
	while (!lg_interrupted) {
		if (proto_read_line(&s.c, line, sizeof(line), mono_ns() + SESSION_IDLE_NS) < 0) {
			if (errno == EMSGSIZE) {
				proto_printf(&s.c, "%d Line too long", ST_BAD_COMMAND);
				linger_close(fd);
			}
			break;
		}
		if (command(&s, line) != 0)
			break;
	}
	drop_test(&s);
}

static noreturn void usage(int status)
{
	FILE *fp = status ? stderr : stdout;
	fprintf(fp, "usage: loadgen daemon [-1] [-l address] [-p port]\n"
		    "  -1          serve one controller session, then exit\n"
		    "  -l address  listen on this address (default: all)\n"
		    "  -p port     listen on this TCP port (default %d, ipbench's)\n"
		    "  -h          this help\n", PROTO_PORT);
	if (status == 0)
		close_stdout();
	exit(status);
}

int daemon_main(int argc, char **argv)
{
	const char *addr = NULL;
	uint16_t port = PROTO_PORT;
	int once = 0, opt, fd;
	char err[256];

	while ((opt = getopt(argc, argv, "1hl:p:")) != -1) {
		switch (opt) {
		case '1': once = 1; break;
		case 'l': addr = optarg; break;
		case 'p': port = (uint16_t)opt_u64('p', optarg, 1, 65535); break;
		case 'h': usage(0);
		default: usage(2);
		}
	}
	if (optind != argc)
		usage_error("daemon: unexpected argument '%s'", argv[optind]);
	fd = net_listen(addr, port, SOCK_STREAM, err, sizeof(err));
	if (fd < 0)
		errx_(EXIT_FAIL, "daemon: listen: %s", err);
	while (!lg_interrupted) {
		int c = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
		if (c < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			err_(EXIT_FAIL, "daemon: accept");
		}
		session(c);
		close(c);
		if (once)
			break;
	}
	close(fd);
	return EXIT_OK;
}
