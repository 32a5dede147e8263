/* runstat: runs a command and writes what it cost, as TSV, to FILE:
 *
 *   wall_ns<TAB>user_ns<TAB>sys_ns<TAB>maxrss_kb<TAB>status<TAB>vcsw<TAB>ivcsw
 *
 * vcsw and ivcsw are its voluntary and involuntary context switches: the
 * first counts how often it went to sleep waiting (its wake-ups), the
 * second how often it was preempted.
 * In the manner of GNU time, but in nanoseconds (getrusage's microseconds)
 * and forwarding SIGINT and SIGTERM to the command, so that a benchmark can
 * stop a capture the way a user would (Ctrl-C) and still get its CPU time
 * including the final drain.  Exits with the command's status (128+signal
 * when it was killed). */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "err.h"

static volatile pid_t child;
static volatile sig_atomic_t pending_signal;

static void forward(int sig)
{
	if (child > 0)
		kill(child, sig);
	else
		pending_signal = sig;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static uint64_t tv_ns(struct timeval tv)
{
	return (uint64_t)tv.tv_sec * 1000000000ULL + (uint64_t)tv.tv_usec * 1000ULL;
}

static void usage(FILE *fp)
{
	fputs("usage: runstat -o FILE [--] COMMAND [ARG...]\n"
	      "Runs COMMAND, forwarding SIGINT and SIGTERM to it, then writes its wall time,\n"
	      "user and system CPU time (ns), peak RSS (kB), exit status and voluntary and\n"
	      "involuntary context switches to FILE as TSV.\n"
	      "  -o FILE  where the figures go\n"
	      "  -h       this help\n",
	      fp);
}

int main(int argc, char **argv)
{
	const char *out_path = NULL;
	struct sigaction sa;
	sigset_t block, old;
	struct rusage ru;
	uint64_t start, wall;
	int c, status, code;
	pid_t pid;
	FILE *out;

	err_init(argv[0]);
	while ((c = getopt(argc, argv, "+o:h")) != -1) {
		switch (c) {
		case 'o': out_path = optarg; break;
		case 'h': usage(stdout); close_stdout(); return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (out_path == NULL)
		usage_error("-o FILE is required");
	if (optind == argc)
		usage_error("no command given");

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = forward;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0)
		err_(EXIT_FAIL, "sigaction");

	/* A signal that arrives before the child's pid is known is kept and
	 * delivered right after the fork. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	start = now_ns();
	pid = fork();
	if (pid < 0)
		err_(EXIT_FAIL, "fork");
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		sigprocmask(SIG_SETMASK, &old, NULL);
		execvp(argv[optind], argv + optind);
		warn_("%s", argv[optind]);
		_exit(127);
	}
	child = pid;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (pending_signal)
		kill(pid, pending_signal);

	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR)
			err_(EXIT_FAIL, "wait4");
	wall = now_ns() - start;
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);

	out = fopen(out_path, "w");
	if (out == NULL)
		err_(EXIT_FAIL, "%s", out_path);
	fprintf(out, "wall_ns\tuser_ns\tsys_ns\tmaxrss_kb\tstatus\tvcsw\tivcsw\n"
		"%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%ld\t%d\t%ld\t%ld\n",
		wall, tv_ns(ru.ru_utime), tv_ns(ru.ru_stime), ru.ru_maxrss, code, ru.ru_nvcsw, ru.ru_nivcsw);
	if (fclose(out) != 0)
		err_(EXIT_FAIL, "%s", out_path);
	return code;
}
