/* jobmgr: the testbed's job manager.  `jobmgr -r master|slave` is the
 * daemon; `jobmgr submit|status|wait|cancel|list|shutdown` are its client
 * commands (see jobmgr.1). */
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "daemon.h"
#include "err.h"
#include "jobclient.h"
#include "log.h"
#include "parse.h"


static void usage(void)
{
	printf("usage: jobmgr -r master [-l ADDR[:PORT]] -t TOKENFILE [-H INTERVAL] [-M MISSES] [-L LOGFILE]\n"
	       "              [-J JOBLOG]\n"
	       "       jobmgr -r slave -m ADDR[:PORT] [-n NAME] [-j MAXJOBS] [-u USER] [-t TOKENFILE]\n"
	       "              [-R READYFILE] [-M MISSES] [-L LOGFILE]\n"
	       "       jobmgr submit [-m ADDR[:PORT]] [-t TOKENFILE] [-e NAME=VALUE]... [-i FILE]\n"
	       "              [-T TIMEOUT] [-N COUNT] [-R] [-w] [--] COMMAND [ARG]...\n"
	       "       jobmgr status [-m ADDR[:PORT]] [-s SLAVE[,SLAVE]... [-W TIMEOUT]] [JOB]\n"
	       "       jobmgr wait [-m ADDR[:PORT]] JOB\n"
	       "       jobmgr cancel [-m ADDR[:PORT]] [-t TOKENFILE] JOB\n"
	       "       jobmgr list [-m ADDR[:PORT]]\n"
	       "       jobmgr shutdown [-m ADDR[:PORT]] [-t TOKENFILE]\n"
	       "  -r ROLE       run the daemon as master or slave\n"
	       "  -l ADDR:PORT  master: where to listen (default 127.0.0.1:2711)\n"
	       "  -m ADDR:PORT  the master (default $JOBMGR_MASTER or 127.0.0.1:2711)\n"
	       "  -t TOKENFILE  the run's token, first line (default $SONDE_TOKEN_FILE)\n"
	       "  -n NAME       slave: its name (default slave-PID)\n"
	       "  -j MAXJOBS    slave: job slots (default 1); a master runs none\n"
	       "  -u USER       slave: run jobs as USER (default nobody when root)\n"
	       "  -R READYFILE  slave: written once the master accepted it\n"
	       "  -H INTERVAL   master: the slaves' heartbeat interval (default 1s)\n"
	       "  -M MISSES     heartbeats missed before a peer is lost (default 3)\n"
	       "  -N COUNT      submit: the job COUNT times (a load); -w waits for all\n"
	       "  -L LOGFILE    append the event log here instead of stderr\n"
	       "  -J JOBLOG     master: write a TSV line per finished job here\n"
	       "  -h            this help\n");
}

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* The supplementary groups of o->user, once, for every job to set. */
static void resolve_groups(struct daemon_opts *o)
{
	int n = 16;

	for (;;) {
		gid_t *g = realloc(o->groups, (size_t)n * sizeof(*g));
		int want = n;

		if (g == NULL)
			err_(EXIT_FAIL, "-u %s: groups", o->user);
		o->groups = g;
		if (getgrouplist(o->user, o->gid, g, &want) >= 0) {
			o->ngroups = (size_t)want;
			return;
		}
		if (want <= n)          /* no progress: refuse to loop */
			errx_(EXIT_FAIL, "-u %s: cannot list its groups", o->user);
		n = want;
	}
}

static void resolve_user(struct daemon_opts *o, const char *user)
{
	struct passwd *pw;

	if (user == NULL && geteuid() != 0)
		return;                         /* jobs run as we do */
	if (user == NULL)
		user = "nobody";
	if ((pw = getpwnam(user)) == NULL)
		errx_(EXIT_USAGE, "-u: '%s': no such user", user);
	if (geteuid() != 0 && pw->pw_uid != geteuid())
		errx_(EXIT_USAGE, "-u %s: only root can run jobs as another user", user);
	o->user = user;
	o->uid = pw->pw_uid;
	o->gid = pw->pw_gid;
	resolve_groups(o);
}

static int daemon_main(int argc, char **argv)
{
	struct daemon_opts o = { .listen = "127.0.0.1:2711", .slots = 1, .heartbeat_ns = 1000000000u,
	                         .misses = 3 };
	const char *role = NULL, *token_file = getenv("SONDE_TOKEN_FILE"), *log_file = NULL, *user = NULL;
	int c, have_slots = 0;
	char name[JM_MAX_NAME], why[512];
	struct sigaction sa = { .sa_handler = on_signal };

	opterr = 0;
	while ((c = getopt(argc, argv, ":r:l:m:t:n:j:u:R:H:M:L:J:h")) != -1) {
		switch (c) {
		case 'r': role = optarg; break;
		case 'l': o.listen = optarg; break;
		case 'm': o.master = optarg; break;
		case 't': token_file = optarg; break;
		case 'n': o.name = optarg; break;
		case 'j': o.slots = (uint32_t)opt_u64('j', optarg, 0, 1024); have_slots = 1; break;
		case 'u': user = optarg; break;
		case 'R': o.ready_file = optarg; break;
		case 'H': o.heartbeat_ns = opt_duration_ns('H', optarg, 10000000, 60000000000u); break;
		case 'M': o.misses = (uint32_t)opt_u64('M', optarg, 1, 100); break;
		case 'L': log_file = optarg; break;
		case 'J': o.job_log = optarg; break;
		case 'h': usage(); close_stdout(); return EXIT_OK;
		case ':': usage_error("-%c needs an argument", optopt);
		default: usage_error("unknown option -%c", optopt);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (role == NULL)
		usage_error("no role: -r master or -r slave (or a command: submit, status, wait, cancel, list, shutdown)");
	if (token_file == NULL)
		usage_error("no token: -t TOKENFILE is required (or SONDE_TOKEN_FILE)");
	if ((o.token = jobclient_read_token(token_file, why, sizeof(why))) == NULL)
		errx_(EXIT_FAIL, "token: %s", why);
	if (strcmp(role, "master") == 0) {
		if (o.master || o.name || o.ready_file || user)
			usage_error("-m, -n, -R and -u are options of a slave");
		if (have_slots && o.slots)
			usage_error("-j %u: a master only dispatches (run a slave beside it to run jobs there)", o.slots);
	} else if (strcmp(role, "slave") == 0) {
		if (o.job_log)
			usage_error("-J: the job log is the master's (it sees every job)");
		if (o.master == NULL)
			usage_error("a slave needs its master: -m ADDR[:PORT]");
		if (o.slots == 0)
			usage_error("-j 0: a slave needs at least one slot");
		if (o.name == NULL) {
			snprintf(name, sizeof(name), "slave-%d", (int)getpid());
			o.name = name;
		}
		if (strlen(o.name) >= JM_MAX_NAME)
			usage_error("-n: a name has at most %u characters", JM_MAX_NAME - 1);
		resolve_user(&o, user);
	} else {
		usage_error("-r: '%s': the role is master or slave", role);
	}
	log_open(log_file, role);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	c = role[0] == 'm' ? master_run(&o) : slave_run(&o);
	free(o.token);
	free(o.groups);
	return c;
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	if (argc > 1 && argv[1][0] != '-')
		return client_main(argc - 1, argv + 1);
	return daemon_main(argc, argv);
}
