/* procmon: records process lifecycle events (fork, exec with argv, exit of
 * the whole process with its status, CPU time and peak RSS) as TSV, for
 * every process, a pid's subtree, or a command it runs.  See procmon.1. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "err.h"
#include "event.h"
#include "netns.h"
#include "procfs.h"
#include "proctable.h"
#include "scope.h"
#include "tsv.h"

struct monitor {
	struct scope scope;
	struct proctable *table;     /* the subtree, or the namespace's processes
	                              * when the backend cannot filter by it;
	                              * NULL: every event the backend gives */
	struct backend backend;
	struct tsv out;
	struct event_clock clock;
	uint64_t ns_per_tick;
	uint64_t out_of_table;       /* in scope, but the table was full */
	int write_errno;
};

static void usage(void)
{
	printf("usage: procmon [-b bpf|proc] [-N netns] [-o file] [-g | -p pid | -- command [arg ...]]\n"
	       "  -b backend  force the event source: bpf (default when it loads) or proc\n"
	       "              (the netlink proc connector)\n"
	       "  -g          only this guest's processes: those in procmon's network\n"
	       "              namespace (after -N)\n"
	       "  -N netns    run in the named network namespace (the command too)\n"
	       "  -o file     write the TSV records to file (default: standard output)\n"
	       "  -p pid      only pid and its descendants; stops when all have exited\n"
	       "  -h          print this help\n"
	       "With a command, procmon starts it, follows its subtree, and exits with\n"
	       "its status.  SIGINT or SIGTERM ends the recording.\n");
}

/* -g on a backend that cannot filter by namespace: a process is in scope
 * when /proc shows it in procmon's namespace, or, gone already, when it
 * was forked by a process in scope.  Its exit is known by the table (a
 * zombie's /proc/PID/ns/net cannot be read). */
static struct proc *net_member(struct monitor *m, const struct procmon_event *e, uint64_t start)
{
	struct proc *p = proctable_find_pid(m->table, e->pid);
	uint64_t ino;

	if (e->kind == PROCMON_EXIT || (e->kind == PROCMON_EXEC && p != NULL))
		return p;
	ino = scope_net_ino(e->pid);
	if (ino != 0 ? ino != m->scope.net_ino
	             : e->kind != PROCMON_FORK || proctable_find_pid(m->table, e->ppid) == NULL)
		return NULL;
	p = proctable_add(m->table, e->pid, start, e->ppid, NULL);
	if (p == NULL && errno == ENOSPC)
		m->out_of_table++;
	return p;
}

/* -p or a command: the subtree's processes, known by pid and start time. */
static struct proc *subtree_member(struct monitor *m, const struct procmon_event *e, uint64_t start)
{
	struct proc *p = NULL;

	switch (e->kind) {
	case PROCMON_FORK:
		/* Only under a tracked parent (the command itself was put in
		 * the table before its fork event is read). */
		if (proctable_find_pid(m->table, e->ppid) == NULL)
			return NULL;
		p = proctable_add_child(m->table, e->pid, start, e->ppid, NULL);
		if (p == NULL && errno == ENOSPC)
			m->out_of_table++;
		break;
	case PROCMON_EXEC:
	case PROCMON_EXIT:
		p = e->start_ns ? proctable_find(m->table, e->pid, start)
		                : proctable_find_pid(m->table, e->pid);
		break;
	default:
		break;
	}
	return p;
}

/* Keeps what is in scope and writes its record. */
static void on_event(const struct procmon_event *e, void *ctx)
{
	struct monitor *m = ctx;
	uint64_t start = e->start_ns / m->ns_per_tick;
	struct proc *p = NULL;

	if (m->table != NULL) {
		p = m->scope.kind == SCOPE_NET ? net_member(m, e, start)
		                               : subtree_member(m, e, start);
		if (p == NULL)
			return;
	}
	if (p != NULL && e->ppid == 0 && e->pid != 1) {	/* not known to the backend */
		static struct procmon_event copy;
		copy = *e;
		copy.ppid = p->ppid;
		e = &copy;
	}
	if (event_write(&m->out, &m->clock, e) != 0 && m->write_errno == 0)
		m->write_errno = errno;
	if (p != NULL && e->kind == PROCMON_EXIT)
		proctable_remove(m->table, p);
}

static int open_output(const char *path)
{
	int fd;

	if (path == NULL || strcmp(path, "-") == 0)
		return STDOUT_FILENO;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		err_(EXIT_FAIL, "%s", path);
	return fd;
}

static void open_backend(struct monitor *m, const char *choice)
{
	char why[256] = "", why_proc[256] = "";
	int filter = m->scope.kind == SCOPE_PID || m->scope.kind == SCOPE_CMD;
	int netns = m->scope.kind == SCOPE_NET;

	m->backend.deliver = on_event;
	m->backend.ctx = m;
	if (choice == NULL || strcmp(choice, "bpf") == 0) {
		if (bpf_backend_open(&m->backend, filter, netns, why, sizeof(why)) == 0)
			return;
		if (choice != NULL)
			errx_(EXIT_FAIL, "%s", why);
	}
	if (proc_backend_open(&m->backend, why_proc, sizeof(why_proc)) == 0) {
		if (choice == NULL)
			warnx_("BPF unavailable (%s); using the proc connector", why);
		return;
	}
	if (choice != NULL)
		errx_(EXIT_FAIL, "%s", why_proc);
	errx_(EXIT_FAIL, "no event source: BPF: %s; proc connector: %s", why, why_proc);
}

/* Fills the table and the kernel filter with what is in scope now. */
static void track_scope(struct monitor *m)
{
	struct proc *p;
	size_t cursor = 0;

	if (m->table == NULL)
		return;
	if (scope_track(&m->scope, m->table) < 0) {
		if (errno == ESRCH)
			errx_(EXIT_FAIL, "pid %d: exited during start-up", (int)m->scope.pid);
		err_(EXIT_FAIL, "reading the processes in scope");
	}
	while ((p = proctable_next(m->table, &cursor)) != NULL)
		if (m->backend.track(&m->backend, p->pid) != 0)
			err_(EXIT_FAIL, "tracking pid %d", (int)p->pid);
	/* -p: a child forked between the look at /proc and its parent's
	 * tracking is not followed by the kernel: look once more (the root
	 * may have exited by now; drop_missed() tells). */
	if (m->scope.kind == SCOPE_PID && scope_track(&m->scope, m->table) > 0)
		for (cursor = 0; (p = proctable_next(m->table, &cursor)) != NULL;)
			if (m->backend.track(&m->backend, p->pid) != 0)
				err_(EXIT_FAIL, "tracking pid %d", (int)p->pid);
}

/* Whether p is still running: in /proc with its start time, and not a
 * zombie whose threads are all gone. */
static int alive(const struct proc *p)
{
	struct procfs_stat st;

	return procfs_read_stat(p->pid, &st) == 0 && st.starttime == p->start &&
	       !(st.state == 'Z' && st.num_threads <= 1) && st.state != 'X';
}

/* -p: a process that exited between the look at /proc and its tracking
 * may have done so before the kernel filter knew it, and its exit would
 * never come.  The exits queued by now are read (both backends queue a
 * process's exit before /proc shows it dead); what is still in the table
 * but dead was missed: the root is an error (it exited during start-up),
 * a descendant is dropped (it exited before the recording began). */
static void drop_missed(struct monitor *m)
{
	struct proc *p;
	size_t cursor = 0;

	if (m->scope.kind != SCOPE_PID)
		return;
	if (m->backend.drain(&m->backend) != 0)
		err_(EXIT_FAIL, "reading events");
	while ((p = proctable_next(m->table, &cursor)) != NULL) {
		if (alive(p))
			continue;
		if (p->pid == m->scope.pid)
			errx_(EXIT_FAIL, "pid %d: exited during start-up", (int)p->pid);
		proctable_remove(m->table, p);
	}
}

static int signal_fd(void)
{
	sigset_t set;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, NULL) != 0 ||
	    (fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK)) < 0)
		err_(EXIT_FAIL, "signalfd");
	return fd;
}

/* With a command, the first SIGINT/SIGTERM goes on to it and recording
 * goes on until it exits; a second one (or any without a command) stops. */
static int on_signal(struct monitor *m, int sfd, int *forwarded)
{
	struct signalfd_siginfo si;

	if (read(sfd, &si, sizeof(si)) != (ssize_t)sizeof(si))
		return 0;
	if (m->scope.kind == SCOPE_CMD && !*forwarded && !scope_cmd_done(&m->scope)) {
		kill(m->scope.pid, (int)si.ssi_signo);
		*forwarded = 1;
		return 0;
	}
	return 1;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Drains until pid (when not 0) has left the table, for at most
 * EXIT_WAIT_MS. */
#define EXIT_WAIT_MS 1000
static void wait_for_exit(struct monitor *m, pid_t pid)
{
	uint64_t deadline = now_ms() + EXIT_WAIT_MS;

	for (;;) {
		if (m->backend.drain(&m->backend) != 0)
			err_(EXIT_FAIL, "reading events");
		uint64_t now = now_ms();
		if (pid == 0 || proctable_find_pid(m->table, pid) == NULL || now >= deadline)
			break;
		struct pollfd fd = { .fd = m->backend.fd, .events = POLLIN };
		poll(&fd, 1, (int)(deadline - now));
	}
}

static void run(struct monitor *m, int sfd)
{
	struct pollfd fds[3] = {
		{ .fd = m->backend.fd, .events = POLLIN },
		{ .fd = sfd, .events = POLLIN },
		{ .fd = scope_pollfd(&m->scope), .events = POLLIN },
	};
	int forwarded = 0;

	for (;;) {
		/* Without a pidfd, look for the command's end every 100 ms. */
		int timeout = m->scope.kind == SCOPE_CMD && fds[2].fd < 0 ? 100 : -1;
		if (m->scope.kind == SCOPE_PID && proctable_count(m->table) == 0)
			break;
		if (poll(fds, 3, timeout) < 0 && errno != EINTR)
			err_(EXIT_FAIL, "poll");
		if (m->backend.drain(&m->backend) != 0)
			err_(EXIT_FAIL, "reading events");
		if (m->write_errno != 0) {
			errno = m->write_errno;
			err_(EXIT_FAIL, "writing the records");
		}
		if ((fds[1].revents & POLLIN) && on_signal(m, sfd, &forwarded))
			break;
		if (m->scope.kind == SCOPE_CMD && scope_cmd_done(&m->scope))
			break;
	}
	/* The last events: BPF queued the command's exit before its parent
	 * could see it end, but the proc connector sends it a moment after;
	 * wait for it, up to a deadline. */
	wait_for_exit(m, m->scope.kind == SCOPE_CMD ? m->scope.pid : 0);
}

int main(int argc, char **argv)
{
	struct monitor m;
	const char *backend = NULL, *out_path = NULL, *netns = NULL;
	int c, fd, sfd, status;

	err_init(argv[0]);
	memset(&m, 0, sizeof(m));
	scope_init(&m.scope);
	while ((c = getopt(argc, argv, "+b:ghN:o:p:")) != -1) {
		switch (c) {
		case 'b':
			if (strcmp(optarg, "bpf") != 0 && strcmp(optarg, "proc") != 0)
				usage_error("-b: '%s': not a backend (bpf or proc)", optarg);
			backend = optarg;
			break;
		case 'g': scope_opt_guest(&m.scope, (char)c); break;
		case 'h':
			usage();
			close_stdout();
			return EXIT_OK;
		case 'N': netns = optarg; break;
		case 'o': out_path = optarg; break;
		case 'p': scope_opt_pid(&m.scope, (char)c, optarg); break;
		default: usage_error("unknown option");
		}
	}
	scope_opt_command(&m.scope, argc - optind, argv + optind);

	m.ns_per_tick = 1000000000u / procfs_ticks_per_sec();
	event_clock_init(&m.clock);
	if (m.scope.kind == SCOPE_PID && scope_start(&m.scope) != 0)
		errx_(EXIT_FAIL, "pid %d: no such process", (int)m.scope.pid);
	if (m.scope.kind != SCOPE_ALL &&
	    (m.table = proctable_new(PROCTABLE_DEFAULT_MAX, 0)) == NULL)
		err_(EXIT_FAIL, "process table");
	fd = open_output(out_path);
	sfd = signal_fd();

	/* Probes first, then the command (held until it is in the filter),
	 * so nothing it does escapes. */
	open_backend(&m, backend);
	if (netns != NULL && netns_enter(netns) != 0)
		err_(EXIT_FAIL, "%s: entering the network namespace", netns);
	if (m.scope.kind == SCOPE_CMD && scope_start(&m.scope) != 0)
		err_(EXIT_FAIL, "%s: starting", m.scope.argv[0]);
	if (m.scope.kind == SCOPE_NET) {
		if (scope_start(&m.scope) != 0)
			err_(EXIT_FAIL, "/proc/self/ns/net");
		if (m.backend.scope_netns != NULL) {
			/* The kernel filters: every event it sends is in scope. */
			if (m.backend.scope_netns(&m.backend, m.scope.net_ino) != 0)
				err_(EXIT_FAIL, "setting the namespace filter");
			proctable_free(m.table);
			m.table = NULL;
		}
	}
	track_scope(&m);
	tsv_init(&m.out, fd);
	if (event_write_header(&m.out, m.backend.name) != 0) {
		scope_abort(&m.scope);
		err_(EXIT_FAIL, "writing the header");
	}
	if (scope_release(&m.scope) != 0)
		err_(EXIT_FAIL, "%s: releasing", m.scope.argv[0]);
	drop_missed(&m);

	run(&m, sfd);

	uint64_t lost = m.backend.lost(&m.backend) + m.out_of_table;
	if (event_write_end(&m.out, lost) != 0)
		err_(EXIT_FAIL, "writing the records");
	if (lost > 0)
		warnx_("%llu events lost", (unsigned long long)lost);
	else
		fprintf(stderr, "%s: 0 events lost\n", progname);
	status = scope_wait(&m.scope);
	m.backend.close(&m.backend);
	tsv_free(&m.out);
	proctable_free(m.table);
	if (fd != STDOUT_FILENO && close(fd) != 0)
		err_(EXIT_FAIL, "%s", out_path);
	close_stdout();
	return status;
}
