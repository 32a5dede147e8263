/* loadgen: ipbench-style distributed load generation.  See loadgen.1.
 *
 *   loadgen daemon   tester or target daemon (ipbench's line protocol)
 *   loadgen run      the controller (or a test run in this process)
 *   loadgen echo     an echo server;  loadgen sink: a discard server
 *   loadgen list     the tests */
#include <stdio.h>
#include <sys/prctl.h>
#include <string.h>

#include "commands.h"
#include "err.h"
#include "loadgen.h"

static void usage(FILE *fp)
{
	fprintf(fp, "usage: loadgen daemon|run|echo|sink|list [options]   (loadgen COMMAND -h)\n"
		    "  daemon   serve controllers: tester or target (ipbench protocol, port 8036)\n"
		    "  run      the controller: set up, start, collect, print the aggregate\n"
		    "  echo     an echo server (UDP and TCP)\n"
		    "  sink     a discard server (UDP and TCP)\n"
		    "  list     the tests and target plugins\n"
		    "  -h       this help\n");
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	if (argc < 2)
		usage_error("which command?");
	const char *cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
		usage(stdout);
		close_stdout();
		return EXIT_OK;
	}
	handle_signals();
	/* Sends are due at exact times: no timer slack (50 us by default). */
	prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
	argv++, argc--;
	if (strcmp(cmd, "daemon") == 0)
		return daemon_main(argc, argv);
	if (strcmp(cmd, "run") == 0)
		return run_main(argc, argv);
	if (strcmp(cmd, "echo") == 0)
		return server_main(argc, argv, 0);
	if (strcmp(cmd, "sink") == 0)
		return server_main(argc, argv, 1);
	if (strcmp(cmd, "list") == 0) {
		if (argc > 1)
			usage_error("list: unexpected argument '%s'", argv[1]);
		lg_list_tests(stdout);
		close_stdout();
		return EXIT_OK;
	}
	usage_error("'%s': no such command (daemon, run, echo, sink, list)", cmd);
}
