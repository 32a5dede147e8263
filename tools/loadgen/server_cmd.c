/* loadgen echo / loadgen sink: the target's servers on their own, until
 * SIGINT or SIGTERM (for a case's SERVICES, or beside another meter). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "err.h"
#include "loadgen.h"
#include "outfile.h"
#include "parse.h"
#include "server.h"

static noreturn void usage(int status, int sink)
{
	FILE *fp = status ? stderr : stdout;
	fprintf(fp, "usage: loadgen %s [-l address] [-p port] [-u | -t]%s [-R ready-file]\n"
		    "  -l address  listen on this address (default: all)\n"
		    "  -p port     UDP and TCP port (default 7)\n"
		    "  -u          UDP only\n"
		    "  -t          TCP only\n"
		    "%s"
		    "  -R file     create this file once listening\n"
		    "  -h          this help\n",
		sink ? "sink" : "echo", sink ? "" : " [-d delay]",
		sink ? "" : "  -d delay    hold every reply this long (e.g. 5ms)\n");
	if (status == 0)
		close_stdout();
	exit(status);
}

int server_main(int argc, char **argv, int sink)
{
	const char *addr = NULL, *ready = NULL;
	uint16_t port = 7;
	uint64_t delay = 0;
	enum lg_proto proto = PROTO_BOTH;
	char err[256];
	int opt;

	while ((opt = getopt(argc, argv, sink ? "hl:p:R:tu" : "d:hl:p:R:tu")) != -1) {
		switch (opt) {
		case 'd': delay = opt_duration_ns('d', optarg, 0, 10000000000ULL); break;
		case 'l': addr = optarg; break;
		case 'p': port = (uint16_t)opt_u64('p', optarg, 1, 65535); break;
		case 'R': ready = optarg; break;
		case 't':
		case 'u':
			if (proto != PROTO_BOTH)
				usage_error("%s: -u and -t exclude each other", sink ? "sink" : "echo");
			proto = opt == 't' ? PROTO_TCP : PROTO_UDP;
			break;
		case 'h': usage(0, sink);
		default: usage(2, sink);
		}
	}
	if (optind != argc)
		usage_error("%s: unexpected argument '%s'", sink ? "sink" : "echo", argv[optind]);
	struct server *s = server_open(addr, port, proto, sink, delay, err, sizeof(err));
	if (!s)
		errx_(EXIT_FAIL, "%s: %s", sink ? "sink" : "echo", err);
	if (ready) {
		struct outfile of;
		if (outfile_open(&of, ready) != 0 || fprintf(of.fp, "%u\n", port) < 0 || outfile_commit(&of) != 0)
			err_(EXIT_FAIL, "%s", ready);
	}
	server_run(s);
	struct server_counts c = server_counts(s);
	fprintf(stderr, "loadgen: %s: %llu messages, %llu bytes received\n", sink ? "sink" : "echo",
		(unsigned long long)c.messages, (unsigned long long)c.bytes);
	server_close(s);
	return EXIT_OK;
}
