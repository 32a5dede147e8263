#include "client.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "jobclient.h"
#include "parse.h"

struct client_opts {
	const char *master;
	const char *token_file;
	char **env;
	uint32_t envc;
	const char *input;
	uint64_t timeout_ns;
	int requeue, wait;
	uint32_t count;               /* submit -N */
	const char *slaves;           /* status -s */
	uint64_t slaves_wait_ns;      /* status -W */
};

static char *load_token(const char *path)
{
	char why[512];
	char *t;

	if (path == NULL)
		errx_(EXIT_USAGE, "no token: give -t TOKENFILE (or set SONDE_TOKEN_FILE)");
	if ((t = jobclient_read_token(path, why, sizeof(why))) == NULL)
		errx_(EXIT_FAIL, "token: %s", why);
	return t;
}

static void open_client(struct jobclient *c, const struct client_opts *o, int with_token)
{
	char *token = with_token ? load_token(o->token_file) : NULL;

	if (jobclient_connect(c, o->master, token) < 0)
		errx_(EXIT_FAIL, "%s", jobclient_error(c));
	free(token);
}

/* Reads all of a file (or "-") up to the protocol's stdin bound. */
static uint8_t *read_input(const char *path, size_t *len)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	uint8_t *buf = malloc(JM_MAX_STDIN + 1);
	size_t n = 0;

	if (fd < 0)
		err_(EXIT_FAIL, "-i %s", path);
	if (buf == NULL)
		err_(EXIT_FAIL, "out of memory");
	for (;;) {
		ssize_t r = read(fd, buf + n, JM_MAX_STDIN + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			err_(EXIT_FAIL, "-i %s", path);
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > JM_MAX_STDIN)
			errx_(EXIT_FAIL, "-i %s: more than %u bytes (the protocol's bound on a job's input)",
			      path, JM_MAX_STDIN);
	}
	if (fd != STDIN_FILENO)
		close(fd);
	*len = n;
	return buf;
}

static void print_status_line(const struct jm_status *st)
{
	printf("%llu\t%s\t%d\t%s\t%llu\t%llu\t%llu\n", (unsigned long long)st->job, jm_state_name(st->state),
	       st->code, st->slave && *st->slave ? st->slave : "-", (unsigned long long)st->submit_ns,
	       (unsigned long long)st->start_ns, (unsigned long long)st->end_ns);
}

/* The job's output relayed to ours; its exit status as a shell gives it. */
static int relay(const struct jm_status *st)
{
	fflush(stdout);
	if (st->outlen)
		(void)!write(STDOUT_FILENO, st->out, st->outlen);
	if (st->errlen)
		(void)!write(STDERR_FILENO, st->err, st->errlen);
	if (st->state == JM_LOST || st->state == JM_CANCELLED || st->state == JM_TIMEDOUT)
		warnx_("job %llu %s%s%s", (unsigned long long)st->job, jm_state_name(st->state),
		       st->slave && *st->slave ? " on " : "", st->slave ? st->slave : "");
	return jobclient_exit_code(st);
}

static uint64_t job_arg(const char *s)
{
	uint64_t id;

	if (s == NULL)
		usage_error("a job id is required");
	if (parse_u64(s, 1, UINT64_MAX, &id) < 0)
		usage_error("'%s': not a job id", s);
	return id;
}

static int cmd_submit(struct client_opts *o, int argc, char **argv)
{
	struct jobclient c;
	struct jm_spec spec = { .argv = argv, .argc = (uint32_t)argc, .env = o->env, .envc = o->envc,
	                        .timeout_ms = (uint32_t)(o->timeout_ns / 1000000),
	                        .flags = o->requeue ? JM_F_REQUEUE : 0 };
	uint64_t *jobs;
	int rc = EXIT_OK;

	if (argc == 0)
		usage_error("submit: no command to run");
	if (argc > JM_MAX_ARGS)
		usage_error("submit: more than %u arguments", JM_MAX_ARGS);
	if (o->input)
		spec.in = read_input(o->input, &spec.inlen);
	if ((jobs = calloc(o->count, sizeof(*jobs))) == NULL)
		err_(EXIT_FAIL, "out of memory");
	open_client(&c, o, 1);
	/* -N: every copy is submitted before any is waited for. */
	for (uint32_t i = 0; i < o->count; i++)
		if (jobclient_submit(&c, &spec, &jobs[i]) < 0)
			errx_(EXIT_FAIL, "submit: %s", jobclient_error(&c));
	for (uint32_t i = 0; i < o->count; i++) {
		struct jm_status st;
		int r;

		if (!o->wait) {
			printf("%llu\n", (unsigned long long)jobs[i]);
			continue;
		}
		if (jobclient_wait(&c, jobs[i], &st) < 0)
			errx_(EXIT_FAIL, "wait for job %llu: %s", (unsigned long long)jobs[i], jobclient_error(&c));
		r = relay(&st);
		if (rc == EXIT_OK)
			rc = r;
		jm_status_free(&st);
	}
	free(jobs);
	free(spec.in);
	jobclient_close(&c);
	return rc;
}

/* status -s a,b: waits (bounded) until every named slave is registered. */
static int wait_slaves(struct jobclient *c, const struct client_opts *o)
{
	struct timespec t0, t;
	char missing[1024];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct jm_msg l;
		char *names = strdup(o->slaves), *save = NULL;

		if (names == NULL)
			err_(EXIT_FAIL, "out of memory");
		if (jobclient_list(c, &l) < 0)
			errx_(EXIT_FAIL, "status: %s", jobclient_error(c));
		missing[0] = '\0';
		for (char *n = strtok_r(names, ",", &save); n; n = strtok_r(NULL, ",", &save)) {
			uint32_t i = 0;
			while (i < l.nslaves && strcmp(l.slaves[i].name, n) != 0)
				i++;
			if (i == l.nslaves)
				snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing), "%s%s",
				         *missing ? ", " : "", n);
		}
		free(names);
		jm_msg_free(&l);
		if (*missing == '\0')
			return EXIT_OK;
		clock_gettime(CLOCK_MONOTONIC, &t);
		uint64_t waited = (uint64_t)(t.tv_sec - t0.tv_sec) * 1000000000u + (uint64_t)t.tv_nsec - (uint64_t)t0.tv_nsec;
		if (waited >= o->slaves_wait_ns)
			errx_(EXIT_FAIL, "status: slave %s not registered with %s after %.1f s", missing, o->master,
			      (double)waited / 1e9);
		nanosleep(&(struct timespec){ 0, 50000000 }, NULL);
	}
}

static int cmd_status(struct client_opts *o, int argc, char **argv)
{
	struct jobclient c;
	int rc = EXIT_OK;

	if (argc > 1)
		usage_error("status: one job id at most");
	open_client(&c, o, 0);
	if (argc == 1) {
		struct jm_status st;
		if (jobclient_status(&c, job_arg(argv[0]), &st) < 0)
			errx_(EXIT_FAIL, "status: %s", jobclient_error(&c));
		print_status_line(&st);
		jm_status_free(&st);
	} else if (o->slaves) {
		rc = wait_slaves(&c, o);
	}
	if (argc == 0) {
		struct jm_msg l;
		if (jobclient_list(&c, &l) < 0)
			errx_(EXIT_FAIL, "status: %s", jobclient_error(&c));
		printf("slave\taddress\tslots\trunning\n");
		for (uint32_t i = 0; i < l.nslaves; i++)
			printf("%s\t%s\t%u\t%u\n", l.slaves[i].name, l.slaves[i].addr, l.slaves[i].slots,
			       l.slaves[i].running);
		jm_msg_free(&l);
	}
	jobclient_close(&c);
	return rc;
}

static int cmd_wait(struct client_opts *o, int argc, char **argv)
{
	struct jobclient c;
	struct jm_status st;
	int rc;

	if (argc != 1)
		usage_error("wait: one job id");
	open_client(&c, o, 0);
	if (jobclient_wait(&c, job_arg(argv[0]), &st) < 0)
		errx_(EXIT_FAIL, "wait: %s", jobclient_error(&c));
	rc = relay(&st);
	jm_status_free(&st);
	jobclient_close(&c);
	return rc;
}

static int cmd_cancel(struct client_opts *o, int argc, char **argv)
{
	struct jobclient c;

	if (argc != 1)
		usage_error("cancel: one job id");
	open_client(&c, o, 1);
	if (jobclient_cancel(&c, job_arg(argv[0])) < 0)
		errx_(EXIT_FAIL, "cancel: %s", jobclient_error(&c));
	jobclient_close(&c);
	return EXIT_OK;
}

static int cmd_list(struct client_opts *o, int argc, char **argv)
{
	struct jobclient c;
	struct jm_msg l;

	(void)argv;
	if (argc)
		usage_error("list: no arguments");
	open_client(&c, o, 0);
	if (jobclient_list(&c, &l) < 0)
		errx_(EXIT_FAIL, "list: %s", jobclient_error(&c));
	printf("job\tstate\tcode\tslave\tsubmit_ns\tstart_ns\tend_ns\n");
	for (uint32_t i = 0; i < l.njobs; i++)
		print_status_line(&l.jobs[i]);
	jm_msg_free(&l);
	jobclient_close(&c);
	return EXIT_OK;
}

static int cmd_shutdown(struct client_opts *o, int argc, char **argv)
{
	struct jobclient c;

	(void)argv;
	if (argc)
		usage_error("shutdown: no arguments");
	open_client(&c, o, 1);
	if (jobclient_shutdown(&c) < 0)
		errx_(EXIT_FAIL, "shutdown: %s", jobclient_error(&c));
	jobclient_close(&c);
	return EXIT_OK;
}

static const struct command {
	const char *name;
	const char *opts;
	int (*run)(struct client_opts *, int, char **);
} commands[] = {
	{ "submit", "+:m:t:e:i:T:N:Rw", cmd_submit },
	{ "status", "+:m:s:W:", cmd_status },
	{ "wait", "+:m:", cmd_wait },
	{ "cancel", "+:m:t:", cmd_cancel },
	{ "list", "+:m:", cmd_list },
	{ "shutdown", "+:m:t:", cmd_shutdown },
};

int client_main(int argc, char **argv)
{
	struct client_opts o = { .master = getenv("JOBMGR_MASTER"), .token_file = getenv("SONDE_TOKEN_FILE"),
	                         .slaves_wait_ns = 10000000000u, .count = 1 };
	const struct command *cmd = NULL;
	int c, rc;

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[0], commands[i].name) == 0)
			cmd = &commands[i];
	if (cmd == NULL)
		usage_error("unknown command '%s'", argv[0]);
	if (o.master == NULL)
		o.master = "127.0.0.1:2711";
	o.env = calloc(JM_MAX_ENV + 1, sizeof(*o.env));
	if (o.env == NULL)
		err_(EXIT_FAIL, "out of memory");
	optind = 1;
	opterr = 0;
	while ((c = getopt(argc, argv, cmd->opts)) != -1) {
		switch (c) {
		case 'm': o.master = optarg; break;
		case 't': o.token_file = optarg; break;
		case 'e':
			if (strchr(optarg, '=') == NULL || *optarg == '=')
				usage_error("-e: '%s': not NAME=VALUE", optarg);
			if (o.envc == JM_MAX_ENV)
				usage_error("-e: more than %u variables", JM_MAX_ENV);
			o.env[o.envc++] = optarg;
			break;
		case 'i': o.input = optarg; break;
		case 'T': o.timeout_ns = opt_duration_ns('T', optarg, 1000000, (uint64_t)UINT32_MAX * 1000000); break;
		case 'R': o.requeue = 1; break;
		case 'w': o.wait = 1; break;
		case 'N': o.count = (uint32_t)opt_u64('N', optarg, 1, 1000000); break;
		case 's': o.slaves = optarg; break;
		case 'W': o.slaves_wait_ns = opt_duration_ns('W', optarg, 0, UINT64_MAX / 2); break;
		case ':': usage_error("%s: -%c needs an argument", cmd->name, optopt);
		default: usage_error("%s: unknown option -%c", cmd->name, optopt);
		}
	}
	rc = cmd->run(&o, argc - optind, argv + optind);
	free(o.env);
	close_stdout();
	return rc;
}
