#include "scope.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"
#include "parse.h"
#include "procfs.h"
#include "proctable.h"

void scope_init(struct scope *sc)
{
	memset(sc, 0, sizeof(*sc));
	sc->kind = SCOPE_ALL;
	sc->hold_fd = -1;
	sc->pidfd = -1;
	sc->status = -1;
}

void scope_opt_pid(struct scope *sc, char opt, const char *arg)
{
	/* pid_max is at most 2^22 (PID_MAX_LIMIT). */
	if (sc->kind == SCOPE_NET)
		usage_error("-g and -p are exclusive: give one scope");
	sc->pid = (pid_t)opt_u64(opt, arg, 1, 4194304);
	sc->kind = SCOPE_PID;
}

void scope_opt_guest(struct scope *sc, char opt)
{
	if (sc->kind == SCOPE_PID)
		usage_error("-%c and -p are exclusive: give one scope", opt);
	sc->kind = SCOPE_NET;
}

void scope_opt_command(struct scope *sc, int argc, char **argv)
{
	if (argc <= 0)
		return;
	if (sc->kind == SCOPE_PID)
		usage_error("-p and a command are exclusive: give one scope");
	if (sc->kind == SCOPE_NET)
		usage_error("-g and a command are exclusive: give one scope");
	sc->kind = SCOPE_CMD;
	sc->argv = argv;
}

/* In the child: wait for the monitor's go, then become CMD. */
static noreturn void run_held(int hold_fd, char **argv)
{
	static const int reset[] = { SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGPIPE, SIGCHLD };
	sigset_t none;
	char go;

	for (size_t i = 0; i < sizeof(reset) / sizeof(reset[0]); i++)
		signal(reset[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	/* One byte means go; end of file means the monitor gave up. */
	while (read(hold_fd, &go, 1) < 0 && errno == EINTR)
		;
	if (go != 'g')
		_exit(127);
	execvp(argv[0], argv);
	int e = errno;
	warnx_("%s: %s", argv[0], strerror(e));
	_exit(e == ENOENT || e == ENOTDIR ? 127 : 126);
}

int scope_start(struct scope *sc)
{
	struct procfs_stat st;
	int hold[2];

	switch (sc->kind) {
	case SCOPE_ALL:
		return 0;
	case SCOPE_NET:
		sc->net_ino = scope_net_ino(0);
		return sc->net_ino != 0 ? 0 : -1;
	case SCOPE_PID:
		if (procfs_read_stat(sc->pid, &st) < 0 || st.state == 'Z' || st.state == 'X') {
			errno = ESRCH;
			return -1;
		}
		sc->start = st.starttime;
		return 0;
	case SCOPE_CMD:
		break;
	}
	if (pipe2(hold, O_CLOEXEC) < 0)
		return -1;
	fflush(NULL);	/* nothing buffered is written twice */
	sc->pid = fork();
	if (sc->pid < 0) {
		int e = errno;
		close(hold[0]);
		close(hold[1]);
		errno = e;
		return -1;
	}
	if (sc->pid == 0) {
		close(hold[1]);
		run_held(hold[0], sc->argv);
	}
	close(hold[0]);
	sc->hold_fd = hold[1];
	sc->pidfd = (int)pidfd_open(sc->pid, 0);
	if (procfs_read_stat(sc->pid, &st) == 0)
		sc->start = st.starttime;
	return 0;
}

uint64_t scope_net_ino(pid_t pid)
{
	char path[64];
	struct stat sb;

	if (pid > 0)
		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/ns/net");
	return stat(path, &sb) == 0 ? (uint64_t)sb.st_ino : 0;
}

int scope_in_net(const struct scope *sc, pid_t pid)
{
	return sc->kind != SCOPE_NET || scope_net_ino(pid) == sc->net_ino;
}

const char *scope_name(const struct scope *sc)
{
	static const char *const names[] = {
		[SCOPE_ALL] = "all", [SCOPE_PID] = "pid",
		[SCOPE_CMD] = "command", [SCOPE_NET] = "guest",
	};
	return names[sc->kind];
}

/* The processes of the namespace that the table does not hold yet.  A
 * pid held by the table is skipped whatever its start time: the monitors
 * drop an entry whose pid was reused, and the next walk finds the new
 * process. */
struct net_walk {
	const struct scope *sc;
	struct proctable *t;
	int total;
};

static int add_if_in_net(pid_t pid, void *ctx)
{
	struct net_walk *w = ctx;
	struct procfs_stat st;
	int added;

	if (proctable_find_pid(w->t, pid) != NULL || !scope_in_net(w->sc, pid) ||
	    procfs_read_stat(pid, &st) < 0)
		return 0;	/* held already, elsewhere, or gone meanwhile */
	if (proctable_add(w->t, st.pid, st.starttime, st.ppid, &added) == NULL) {
		errno = ENOSPC;
		return -1;
	}
	w->total += added;
	return 0;
}

static int discover_net(const struct scope *sc, struct proctable *t)
{
	struct net_walk w = { sc, t, 0 };

	if (procfs_each_pid(add_if_in_net, &w) < 0)
		return -1;
	return w.total;
}

int scope_discover(const struct scope *sc, struct proctable *t)
{
	switch (sc->kind) {
	case SCOPE_ALL:
		return proctable_seed(t, 0);
	case SCOPE_NET:
		return discover_net(sc, t);
	case SCOPE_PID:
	case SCOPE_CMD:
		break;
	}
	return proctable_seed(t, sc->pid);
}

int scope_track(const struct scope *sc, struct proctable *t)
{
	int added = 0;

	switch (sc->kind) {
	case SCOPE_ALL:
		return proctable_seed(t, 0);
	case SCOPE_NET:
		return discover_net(sc, t);
	case SCOPE_PID:
		return proctable_seed(t, sc->pid);
	case SCOPE_CMD:
		if (proctable_add(t, sc->pid, sc->start, getpid(), &added) == NULL)
			return -1;
		return added;
	}
	return 0;
}

int scope_release(struct scope *sc)
{
	ssize_t n;

	if (sc->hold_fd < 0)
		return 0;
	do
		n = write(sc->hold_fd, "g", 1);
	while (n < 0 && errno == EINTR);
	close(sc->hold_fd);
	sc->hold_fd = -1;
	return n == 1 ? 0 : -1;
}

void scope_abort(struct scope *sc)
{
	if (sc->kind != SCOPE_CMD || sc->pid <= 0 || sc->status != -1)
		return;
	if (sc->hold_fd >= 0) {
		close(sc->hold_fd);	/* end of file: the child exits */
		sc->hold_fd = -1;
	} else {
		kill(sc->pid, SIGKILL);
	}
	scope_wait(sc);
}

int scope_pollfd(const struct scope *sc)
{
	return sc->pidfd;
}

int scope_cmd_done(struct scope *sc)
{
	int st;

	if (sc->kind != SCOPE_CMD || sc->pid <= 0)
		return 0;
	if (sc->status != -1)
		return 1;
	if (waitpid(sc->pid, &st, WNOHANG) == sc->pid) {
		sc->status = st;
		return 1;
	}
	return 0;
}

int scope_exit_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return 1;
}

int scope_wait(struct scope *sc)
{
	int st;

	if (sc->kind != SCOPE_CMD || sc->pid <= 0)
		return 0;
	if (sc->status == -1) {
		pid_t r;
		do
			r = waitpid(sc->pid, &st, 0);
		while (r < 0 && errno == EINTR);
		sc->status = r == sc->pid ? st : (1 << 8);
		if (sc->pidfd >= 0) {
			close(sc->pidfd);
			sc->pidfd = -1;
		}
	}
	return scope_exit_code(sc->status);
}
