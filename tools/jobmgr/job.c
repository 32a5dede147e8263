#include "job.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conn.h"

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* In the child: becomes the user, sets the environment, execs.  Only
 * returns... never: exits 127 with a message on stderr, as a shell would.
 * The user's groups were resolved once by the daemon: initgroups(3) here
 * would read the group database (and load the NSS modules) for every job,
 * a third of the cost of running /bin/true. */
static void child(const struct jm_spec *spec, const struct run_as *as, int in, int out, int err)
{
	sigset_t none;

	setsid();
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(127);
	if (as->user && getuid() != as->uid) {
		if (setgroups(as->ngroups, as->groups) < 0)
			goto fail;
		if (setgid(as->gid) < 0 || setuid(as->uid) < 0)
			goto fail;
	}
	for (uint32_t i = 0; i < spec->envc; i++)
		if (putenv(spec->env[i]) != 0)
			goto fail;
	execvp(spec->argv[0], spec->argv);
fail:
	dprintf(2, "jobmgr: %s: %s\n", spec->argv[0], strerror(errno));
	_exit(127);
}

struct job *job_start(uint64_t id, const struct jm_spec *spec, const struct run_as *as)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, err[2] = { -1, -1 };
	struct job *j = calloc(1, sizeof(*j));
	int saved;

	if (j == NULL)
		return NULL;
	j->id = id;
	j->pidfd = j->in_fd = j->out_fd = j->err_fd = -1;
	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0)
		goto fail;
	if (spec->inlen && (j->in = malloc(spec->inlen)) == NULL)
		goto fail;
	if (spec->inlen)
		memcpy(j->in, spec->in, spec->inlen);
	j->inlen = spec->inlen;
	j->start_ns = now_real_ns();
	if (spec->timeout_ms)
		j->deadline_mono_ns = now_mono_ns() + (uint64_t)spec->timeout_ms * 1000000u;
	j->pid = fork();
	if (j->pid < 0)
		goto fail;
	if (j->pid == 0)
		child(spec, as, in[0], out[1], err[1]);
	/* Also the child's group, set on both sides so a kill right after
	 * fork reaches it. */
	setpgid(j->pid, j->pid);
	j->pidfd = (int)syscall(SYS_pidfd_open, j->pid, 0);
	close(in[0]);
	close(out[1]);
	close(err[1]);
	j->in_fd = in[1];
	j->out_fd = out[0];
	j->err_fd = err[0];
	fcntl(j->in_fd, F_SETFL, O_NONBLOCK);
	fcntl(j->out_fd, F_SETFL, O_NONBLOCK);
	fcntl(j->err_fd, F_SETFL, O_NONBLOCK);
	if (j->inlen == 0)
		close_fd(&j->in_fd);
	if (j->pidfd < 0) {
		saved = errno;
		job_kill(j);
		waitpid(j->pid, NULL, 0);
		job_free(j);
		errno = saved;
		return NULL;
	}
	return j;
fail:
	saved = errno;
	for (int i = 0; i < 2; i++) {
		close_fd(&in[i]);
		close_fd(&out[i]);
		close_fd(&err[i]);
	}
	job_free(j);
	errno = saved;
	return NULL;
}

/* Reads what is there into buf, keeping at most JM_MAX_OUTPUT bytes (the
 * rest is read and dropped so the job never blocks on a full pipe). */
static void drain(int *fd, uint8_t **buf, size_t *len)
{
	uint8_t chunk[16384];

	while (*fd >= 0) {
		ssize_t n = read(*fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			close_fd(fd);
			return;
		}
		size_t keep = (size_t)n;
		if (keep > JM_MAX_OUTPUT - *len)
			keep = JM_MAX_OUTPUT - *len;
		if (keep) {
			uint8_t *p = realloc(*buf, *len + keep);
			if (p == NULL)
				continue;
			memcpy(p + *len, chunk, keep);
			*buf = p;
			*len += keep;
		}
	}
}

void job_io(struct job *j, int fd, short revents)
{
	if (fd == j->out_fd)
		drain(&j->out_fd, &j->out, &j->outlen);
	else if (fd == j->err_fd)
		drain(&j->err_fd, &j->err, &j->errlen);
	else if (fd == j->in_fd && j->in_fd >= 0) {
		if (revents & (POLLERR | POLLHUP)) {
			close_fd(&j->in_fd);     /* the job closed its stdin */
			return;
		}
		ssize_t n = write(j->in_fd, j->in + j->in_off, j->inlen - j->in_off);
		if (n > 0)
			j->in_off += (size_t)n;
		if ((n < 0 && errno != EAGAIN && errno != EINTR) || j->in_off == j->inlen)
			close_fd(&j->in_fd);
	}
}

void job_kill(struct job *j)
{
	kill(-j->pid, SIGKILL);
	kill(j->pid, SIGKILL);
}

bool job_reap(struct job *j, struct jm_status *st)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)j->pid, &si, WEXITED | WNOHANG) < 0 || si.si_pid == 0)
		return false;
	/* What is left of its group goes with it; what it wrote is already
	 * in the pipes. */
	kill(-j->pid, SIGKILL);
	drain(&j->out_fd, &j->out, &j->outlen);
	drain(&j->err_fd, &j->err, &j->errlen);
	close_fd(&j->in_fd);
	memset(st, 0, sizeof(*st));
	st->job = j->id;
	st->start_ns = j->start_ns;
	st->end_ns = now_real_ns();
	if (j->cancelled) {
		st->state = JM_CANCELLED;
		st->code = SIGKILL;
	} else if (j->timed_out) {
		st->state = JM_TIMEDOUT;
		st->code = SIGKILL;
	} else if (si.si_code == CLD_EXITED) {
		st->state = JM_EXITED;
		st->code = si.si_status;
	} else {
		st->state = JM_SIGNALED;
		st->code = si.si_status;
	}
	st->out = j->out;
	st->outlen = j->outlen;
	st->err = j->err;
	st->errlen = j->errlen;
	j->out = j->err = NULL;
	j->outlen = j->errlen = 0;
	return true;
}

void job_free(struct job *j)
{
	if (j == NULL)
		return;
	close_fd(&j->pidfd);
	close_fd(&j->in_fd);
	close_fd(&j->out_fd);
	close_fd(&j->err_fd);
	free(j->in);
	free(j->out);
	free(j->err);
	free(j);
}
