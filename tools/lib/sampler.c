#include "sampler.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "netns.h"
#include "parse.h"

/* What the sampler keeps per process, before the tool's bytes (aligned
 * for any type they hold). */
struct sampler_state {
	_Alignas(max_align_t) int exited; /* ops->exited was called: only wait to forget it */
};

/* The table's entries lie one after the other: each size a multiple of the
 * strictest alignment keeps the next one aligned too. */
static size_t aligned_size(size_t n)
{
	return (n + _Alignof(max_align_t) - 1) / _Alignof(max_align_t) * _Alignof(max_align_t);
}

static const char *const backend_names[] = {
	[BACKEND_AUTO] = "auto", [BACKEND_BPF] = "bpf", [BACKEND_PROC] = "proc",
};

void *sampler_data(struct proc *p)
{
	return (char *)proc_data(p) + sizeof(struct sampler_state);
}

static struct sampler_state *state_of(struct proc *p)
{
	return proc_data(p);
}

uint64_t sampler_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t sampler_start_time(const struct proc *p)
{
	return procfs_boottime_to_realtime(procfs_ticks_to_ns(p->start));
}

void sampler_cmd_comm(const struct sampler *s, char *comm, size_t size)
{
	const char *name = s->scope.argv[0], *slash = strrchr(name, '/');

	snprintf(comm, size, "%.15s", slash != NULL ? slash + 1 : name);
}

void sampler_init(struct sampler *s, const char *tool, const struct sampler_ops *ops, void *ctx)
{
	memset(s, 0, sizeof(*s));
	s->tool = tool;
	s->ops = ops;
	s->ctx = ctx;
	s->started = sampler_now();
	s->interval_ns = SAMPLER_DEFAULT_INTERVAL_NS;
	s->out_path = "-";
	s->backend = BACKEND_AUTO;
	s->out_fd = s->sig_fd = s->timer_fd = -1;
	scope_init(&s->scope);
}

int sampler_option(struct sampler *s, int opt, const char *arg)
{
	switch (opt) {
	case 'i':
		s->interval_ns = opt_duration_ns('i', arg, SAMPLER_MIN_INTERVAL_NS,
						 SAMPLER_MAX_INTERVAL_NS);
		return 1;
	case 'o':
		s->out_path = arg;
		return 1;
	case 'N':
		s->netns = arg;
		return 1;
	case 'b':
		if (strcmp(arg, "bpf") == 0)
			s->backend = BACKEND_BPF;
		else if (strcmp(arg, "proc") == 0)
			s->backend = BACKEND_PROC;
		else
			usage_error("-b: '%s': expected bpf or proc", arg);
		return 1;
	case 'p':
		scope_opt_pid(&s->scope, 'p', arg);
		return 1;
	case 'g':
		scope_opt_guest(&s->scope, 'g');
		return 1;
	default:
		return 0;
	}
}

void sampler_operands(struct sampler *s, int argc, char **argv)
{
	scope_opt_command(&s->scope, argc, argv);
}

static void open_output(struct sampler *s)
{
	if (strcmp(s->out_path, "-") == 0) {
		s->out_fd = STDOUT_FILENO;
		return;
	}
	/* Written in place, not renamed at the end: a monitor's file can be
	 * followed while it runs and keeps its complete lines if killed. */
	s->out_fd = open(s->out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (s->out_fd < 0)
		err_(EXIT_FAIL, "%s", s->out_path);
}

/* The backend: BPF when it loads (-b bpf: or fail), else /proc, with the
 * proc connector as its exit source when that works (needs CAP_NET_ADMIN;
 * without, exits between two ticks are missed).  A fallback is said once. */
static void pick_backend(struct sampler *s)
{
	struct exitwatch_filter f = {
		.subtree = s->scope.kind == SCOPE_PID || s->scope.kind == SCOPE_CMD,
		.net_ino = s->scope.kind == SCOPE_NET ? scope_net_ino(0) : 0,
	};
	char why[256] = "", why_proc[256] = "";

	if (s->backend != BACKEND_PROC) {
		s->exits = exitwatch_open(EXITWATCH_BPF, &f, why, sizeof(why));
		if (s->exits != NULL) {
			s->backend = BACKEND_BPF;
			return;
		}
		if (s->backend == BACKEND_BPF)
			errx_(EXIT_FAIL, "-b bpf: %s", why);
	}
	s->exits = exitwatch_open(EXITWATCH_PROC, &f, why_proc, sizeof(why_proc));
	if (s->backend == BACKEND_AUTO)
		warnx_("no BPF backend (%s): using /proc%s%s", why,
		       s->exits == NULL ? " without exit events: " : "",
		       s->exits == NULL ? why_proc : "");
	s->backend = BACKEND_PROC;
}

static void write_header(struct sampler *s, const char *const *cols, size_t ncols)
{
	char meta[256], interval[21];

	tsv_fmt_u64(interval, s->interval_ns);
	snprintf(meta, sizeof(meta), "%s backend=%s interval_ns=%s scope=%s",
		 s->tool, backend_names[s->backend], interval,
		 scope_name(&s->scope));
	s->ncols = ncols;
	tsv_init(&s->out, s->out_fd);
	if (tsv_header(&s->out, meta, cols, ncols) < 0)
		err_(EXIT_FAIL, "%s", strcmp(s->out_path, "-") == 0 ? "standard output" : s->out_path);
}

static int make_timer(uint64_t interval_ns)
{
	struct itimerspec its;
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);

	if (fd < 0)
		err_(EXIT_FAIL, "timerfd_create");
	its.it_interval.tv_sec = (time_t)(interval_ns / 1000000000u);
	its.it_interval.tv_nsec = (long)(interval_ns % 1000000000u);
	its.it_value = its.it_interval;
	if (timerfd_settime(fd, 0, &its, NULL) < 0)
		err_(EXIT_FAIL, "timerfd_settime");
	return fd;
}

void sampler_setup(struct sampler *s, const char *const *cols, size_t ncols)
{
	sigset_t stop;

	/* Signals are read from a descriptor; CMD gets a clean mask. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &stop, NULL) < 0 ||
	    (s->sig_fd = signalfd(-1, &stop, SFD_CLOEXEC | SFD_NONBLOCK)) < 0)
		err_(EXIT_FAIL, "signalfd");

	open_output(s);
	if (s->netns != NULL && netns_enter(s->netns) < 0)
		err_(EXIT_FAIL, "-N %s", s->netns);
	pick_backend(s);

	s->procs = proctable_new(PROCTABLE_DEFAULT_MAX,
				 aligned_size(sizeof(struct sampler_state) + s->ops->proc_extra));
	if (s->procs == NULL)
		err_(EXIT_FAIL, "process table");
	if (scope_start(&s->scope) < 0) {
		if (s->scope.kind == SCOPE_PID && errno == ESRCH)
			errx_(EXIT_FAIL, "-p %d: no such process", (int)s->scope.pid);
		err_(EXIT_FAIL, "%s", s->scope.kind == SCOPE_CMD ? s->scope.argv[0] : "scope");
	}
	write_header(s, cols, ncols);
}

void sampler_begin_record(struct sampler *s, uint64_t time, const char *kind,
			  pid_t pid, pid_t ppid, const char *comm)
{
	tsv_u64(&s->out, time);
	tsv_str(&s->out, kind);
	tsv_i64(&s->out, pid);
	tsv_i64(&s->out, ppid);
	tsv_str(&s->out, comm);
}

void sampler_end_record(struct sampler *s)
{
	if (tsv_end(&s->out) == 0)
		return;
	int e = errno;
	scope_abort(&s->scope);
	errno = e;
	err_(EXIT_FAIL, "%s", strcmp(s->out_path, "-") == 0 ? "standard output" : s->out_path);
}

static int is_cmd(const struct sampler *s, const struct proc *p)
{
	return s->scope.kind == SCOPE_CMD && p->pid == s->scope.pid && p->start == s->scope.start;
}

/* New processes of the scope join the table. */
static void discover(struct sampler *s)
{
	static int full_warned;

	if (s->scope.kind == SCOPE_CMD && s->cmd_reaped)
		return;
	if (scope_discover(&s->scope, s->procs) < 0) {
		if (errno == ENOSPC && !full_warned) {
			warnx_("more than %d processes in scope: the others are not sampled",
			       PROCTABLE_DEFAULT_MAX);
			full_warned = 1;
		}
		/* ESRCH: the root has exited; its known descendants stay. */
	}
}

/* p has exited, with the exit source's figures (CMD's come from wait4). */
static void source_final(struct sampler *s, struct proc *p, const struct exitwatch_exit *e)
{
	state_of(p)->exited = 1;
	if (!is_cmd(s, p) && s->ops->final != NULL)
		s->ops->final(s, p, e);
}

/* During a walk of the table: p is a zombie or gone; its exit, if the
 * source has it (the BPF event is sent before the process is a zombie). */
static int exit_from_source(struct sampler *s, struct proc *p)
{
	struct exitwatch_exit e;

	if (s->exits == NULL)
		return 0;
	exitwatch_poll(s->exits);
	if (!exitwatch_take(s->exits, p->pid, p->start, &e))
		return 0;
	source_final(s, p, &e);
	return 1;
}

/* Outside a walk: every exit the source has told.  A process not in the
 * table (born and dead since the last tick) joins it, already exited,
 * and is forgotten when /proc no longer has it. */
static void take_exits(struct sampler *s)
{
	struct exitwatch_exit e;

	if (s->exits == NULL)
		return;
	if (exitwatch_poll(s->exits) < 0)
		warn_("reading exit events");
	while (exitwatch_next(s->exits, &e)) {
		if (s->scope.kind == SCOPE_CMD && e.pid == s->scope.pid &&
		    (e.start == 0 || e.start == s->scope.start))
			continue;	/* CMD: wait4 gives its figures */
		struct proc *p = proctable_find_pid(s->procs, e.pid);
		if (p != NULL && e.start != 0 && p->start != e.start)
			p = NULL;	/* a stale entry of a reused pid */
		if (p == NULL)
			p = proctable_add(s->procs, e.pid, e.start, e.ppid, NULL);
		else if (state_of(p)->exited)
			continue;
		if (p != NULL)
			source_final(s, p, &e);
	}
}

/* The subtree's processes now in the table go into the exit source's
 * scope (their children are followed there). */
static void track_all(struct sampler *s)
{
	size_t cursor = 0;
	struct proc *p;

	if (s->exits == NULL)
		return;
	while ((p = proctable_next(s->procs, &cursor)) != NULL)
		exitwatch_track(s->exits, p->pid);
}

static void tick(struct sampler *s)
{
	uint64_t now = sampler_now();
	struct procfs_stat st;
	size_t cursor = 0;
	struct proc *p;

	discover(s);
	take_exits(s);
	while ((p = proctable_next(s->procs, &cursor)) != NULL) {
		struct sampler_state *ss = state_of(p);
		if (procfs_read_stat(p->pid, &st) < 0 || st.starttime != p->start) {
			if (!ss->exited && !exit_from_source(s, p) && s->ops->gone != NULL)
				s->ops->gone(s, p);
			proctable_remove(s->procs, p);
			continue;
		}
		if (ss->exited)
			continue;
		/* A zombie leader whose threads are all gone: the process has
		 * exited and its figures are final. (A leader that exited
		 * before its other threads reads 'Z' too, with more threads.) */
		if (st.state == 'Z' && st.num_threads <= 1) {
			if (exit_from_source(s, p))
				continue;
			ss->exited = 1;
			/* CMD's final figures come from wait4 (cmd_rusage). */
			if (s->ops->exited != NULL && !is_cmd(s, p))
				s->ops->exited(s, p, &st, now);
			continue;
		}
		s->ops->sample(s, p, &st, now);
	}
	if (s->ops->tick_end != NULL)
		s->ops->tick_end(s, now);
}

/* CMD has exited: its last figures from the zombie, a last tick, then
 * reaped with its resource usage. */
static void cmd_exited(struct sampler *s)
{
	struct proc *p = proctable_find(s->procs, s->scope.pid, s->scope.start);
	struct rusage ru;

	tick(s);
	scope_wait(&s->scope);
	s->cmd_reaped = 1;
	if (p != NULL) {
		if (getrusage(RUSAGE_CHILDREN, &ru) == 0 && s->ops->cmd_rusage != NULL)
			s->ops->cmd_rusage(s, p, &ru, sampler_now());
		proctable_remove(s->procs, p);
	}
}

static void on_signal(struct sampler *s)
{
	struct signalfd_siginfo si;

	while (read(s->sig_fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		s->stopping = 1;
		/* CMD ends as it would without the monitor; the loop goes on
		 * until it has. */
		if (s->scope.kind == SCOPE_CMD && !s->cmd_reaped)
			kill(s->scope.pid, (int)si.ssi_signo);
	}
}

/* Exits the source lost: said on stderr and in a last "lost" record
 * (its count in the last column), never dropped silently. */
static void report_lost(struct sampler *s)
{
	if (s->exits == NULL)
		return;
	uint64_t lost = exitwatch_lost(s->exits);
	exitwatch_close(s->exits);
	s->exits = NULL;
	if (lost == 0)
		return;
	warnx_("%llu exit events lost", (unsigned long long)lost);
	tsv_u64(&s->out, sampler_now());
	tsv_str(&s->out, "lost");
	for (size_t i = 2; i + 1 < s->ncols; i++)
		tsv_none(&s->out);
	tsv_u64(&s->out, lost);
	sampler_end_record(s);
}

/* -p: whether no process of the subtree is left running, so that the
 * monitor ends as procmon does (looked at on ticks only: a subtree that
 * ends between two ticks still gets its last round of lines). */
static int subtree_over(struct sampler *s)
{
	size_t cursor = 0;
	struct proc *p;

	if (s->scope.kind != SCOPE_PID)
		return 0;
	while ((p = proctable_next(s->procs, &cursor)) != NULL)
		if (!state_of(p)->exited)
			return 0;
	return 1;
}

int sampler_run(struct sampler *s)
{
	int is_command = s->scope.kind == SCOPE_CMD;

	if (s->ops->begin != NULL)
		s->ops->begin(s, sampler_now());
	if (scope_track(&s->scope, s->procs) < 0) {
		scope_abort(&s->scope);
		if (errno == ESRCH)
			errx_(EXIT_FAIL, "-p %d: the process exited during start-up", (int)s->scope.pid);
		err_(EXIT_FAIL, "process table");
	}
	track_all(s);
	if (s->exits != NULL && s->scope.kind == SCOPE_PID) {
		/* a child forked before its parent was tracked */
		discover(s);
		track_all(s);
	}
	if (scope_release(&s->scope) < 0) {
		scope_abort(&s->scope);
		err_(EXIT_FAIL, "starting %s", s->scope.argv[0]);
	}
	s->timer_fd = make_timer(s->interval_ns);

	for (;;) {
		struct pollfd fds[4] = {
			{ .fd = s->timer_fd, .events = POLLIN },
			{ .fd = s->sig_fd, .events = POLLIN },
			{ .fd = is_command && !s->cmd_reaped ? scope_pollfd(&s->scope) : -1,
			  .events = POLLIN },
			{ .fd = s->exits != NULL ? exitwatch_fd(s->exits) : -1, .events = POLLIN },
		};
		if (poll(fds, 4, -1) < 0) {
			if (errno == EINTR)
				continue;
			err_(EXIT_FAIL, "poll");
		}
		if (fds[2].revents) {
			cmd_exited(s);
			break;
		}
		if (fds[1].revents) {
			on_signal(s);
			if (!is_command) {
				tick(s);
				break;
			}
		}
		if (fds[0].revents) {
			uint64_t expirations;
			if (read(s->timer_fd, &expirations, sizeof(expirations)) > 0)
				tick(s);
			if (subtree_over(s))
				break;
		}
		if (fds[3].revents)
			take_exits(s);
	}

	int status = is_command ? scope_wait(&s->scope) : EXIT_OK;
	report_lost(s);
	tsv_free(&s->out);
	proctable_free(s->procs);
	if (s->out_fd == STDOUT_FILENO)
		close_stdout();
	else if (close(s->out_fd) < 0)
		err_(EXIT_FAIL, "%s", s->out_path);
	return status;
}
