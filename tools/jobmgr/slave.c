/* The slave: connects to its master (again and again, with a pause, for
 * as long as it runs), registers with its free slots, sends heartbeats,
 * runs the jobs it is given and reports their status and output. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conn.h"
#include "daemon.h"
#include "err.h"
#include "job.h"
#include "jobclient.h"
#include "log.h"

#define RECONNECT_NS 200000000u   /* pause between connection attempts */

struct slave {
	const struct daemon_opts *o;
	struct run_as as;
	struct sockaddr_in master;
	struct conn *c;
	bool connecting, registered, ready_written, shutdown;
	uint64_t boot;                /* the master's, from REGISTERED */
	uint64_t heartbeat_ns, next_beat, next_attempt;
	struct job **jobs;
	size_t njobs;
	bool warned_unreachable;
};

static void report(struct slave *S, const struct jm_status *st)
{
	struct jm_msg m = { .type = JM_STATUS, .status = *st };

	if (S->c && S->registered)
		conn_send(S->c, &m);
}

static void write_ready_file(struct slave *S)
{
	char tmp[4096];
	int fd;

	if (S->o->ready_file == NULL || S->ready_written)
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", S->o->ready_file);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || dprintf(fd, "%s\n", S->o->name) < 0 || close(fd) < 0 ||
	    rename(tmp, S->o->ready_file) < 0) {
		logmsg("ready file %s: %s", S->o->ready_file, strerror(errno));
		return;
	}
	S->ready_written = true;
}

/* Jobs cannot outlive the master that gave them: nobody would get their
 * result. */
static void kill_all_jobs(struct slave *S, uint32_t state, bool tell)
{
	for (size_t i = 0; i < S->njobs; i++) {
		struct job *j = S->jobs[i];
		struct jm_status st;

		j->cancelled = true;
		job_kill(j);
		siginfo_t si;
		while (waitid(P_PID, (id_t)j->pid, &si, WEXITED | WNOWAIT) < 0 && errno == EINTR)
			;
		if (!job_reap(j, &st)) {
			job_free(j);
			continue;
		}
		st.state = state;
		if (tell)
			report(S, &st);
		logmsg("job %llu: %s", (unsigned long long)j->id, jm_state_name(state));
		free(st.out);
		free(st.err);
		job_free(j);
	}
	S->njobs = 0;
}

static void disconnect(struct slave *S, const char *why)
{
	if (S->c == NULL)
		return;
	logmsg("master %s: %s", S->c->peer, why);
	if (S->njobs)
		logmsg("killing %zu running jobs of the lost master", S->njobs);
	kill_all_jobs(S, JM_LOST, false);
	conn_free(S->c);
	S->c = NULL;
	S->registered = S->connecting = false;
	S->next_attempt = now_mono_ns() + RECONNECT_NS;
}

static void try_connect(struct slave *S)
{
	char peer[64];
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	int one = 1;

	if (fd < 0)
		err_(EXIT_FAIL, "socket");
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	sockaddr_text(&S->master, peer, sizeof(peer));
	S->next_attempt = now_mono_ns() + RECONNECT_NS;
	if (connect(fd, (struct sockaddr *)&S->master, sizeof(S->master)) < 0 && errno != EINPROGRESS) {
		if (!S->warned_unreachable)
			logmsg("master %s: connect: %s (retrying every %u ms)", peer, strerror(errno),
			       RECONNECT_NS / 1000000);
		S->warned_unreachable = true;
		close(fd);
		return;
	}
	S->c = conn_new(fd, peer);
	if (S->c == NULL)
		err_(EXIT_FAIL, "out of memory");
	S->connecting = true;
}

/* The connection is up: register. */
static void connected(struct slave *S)
{
	struct jm_msg m = { .type = JM_REGISTER, .token = S->o->token, .name = (char *)(uintptr_t)S->o->name,
	                    .slots = S->o->slots };

	S->connecting = false;
	S->warned_unreachable = false;
	S->c->last_rx_ns = now_mono_ns();
	logmsg("master %s: connected, registering as %s with %u slots", S->c->peer, S->o->name, S->o->slots);
	conn_send(S->c, &m);
}

static void on_run(struct slave *S, struct jm_msg *m)
{
	struct jm_status st = { .job = m->job, .slave = (char *)(uintptr_t)S->o->name };
	struct job *j, **p;

	if (S->njobs >= S->o->slots) {
		static char full[] = "jobmgr: slave has no free slot\n";
		logmsg("job %llu: refused, no free slot", (unsigned long long)m->job);
		st.state = JM_LOST;
		st.err = (uint8_t *)full;
		st.errlen = sizeof(full) - 1;
		report(S, &st);
		return;
	}
	p = realloc(S->jobs, (S->njobs + 1) * sizeof(*p));
	if (p)
		S->jobs = p;
	j = p ? job_start(m->job, &m->spec, &S->as) : NULL;
	if (j == NULL) {
		char why[256];
		int n = snprintf(why, sizeof(why), "jobmgr: cannot start the job: %s\n", strerror(errno));
		logmsg("job %llu: cannot start: %s", (unsigned long long)m->job, strerror(errno));
		st.state = JM_EXITED;
		st.code = 127;
		st.err = (uint8_t *)why;
		st.errlen = (size_t)n;
		report(S, &st);
		return;
	}
	S->jobs[S->njobs++] = j;
	logmsg("job %llu: started %s as pid %d", (unsigned long long)j->id, m->spec.argv[0], (int)j->pid);
	st.state = JM_RUNNING;
	st.start_ns = j->start_ns;
	report(S, &st);
}

static void on_cancel(struct slave *S, struct jm_msg *m)
{
	for (size_t i = 0; i < S->njobs; i++)
		if (S->jobs[i]->id == m->job) {
			logmsg("job %llu: cancelled by the master", (unsigned long long)m->job);
			S->jobs[i]->cancelled = true;
			job_kill(S->jobs[i]);
		}
}

static void handle(struct conn *c, struct jm_msg *m, void *ctx)
{
	struct slave *S = ctx;

	switch (m->type) {
	case JM_REGISTERED:
		if (S->boot && S->boot != m->boot)
			logmsg("master %s restarted (it started at %llu.%09llu): registered again", c->peer,
			       (unsigned long long)(m->boot / 1000000000u), (unsigned long long)(m->boot % 1000000000u));
		else
			logmsg("master %s: registered", c->peer);
		S->boot = m->boot;
		S->registered = true;
		S->heartbeat_ns = (uint64_t)(m->heartbeat_ms ? m->heartbeat_ms : 1000) * 1000000u;
		S->next_beat = now_mono_ns() + S->heartbeat_ns;
		write_ready_file(S);
		break;
	case JM_HEARTBEAT:
		break;
	case JM_RUN: if (S->registered) on_run(S, m); break;
	case JM_CANCEL: if (S->registered) on_cancel(S, m); break;
	case JM_SHUTDOWN:
		logmsg("master %s: shutdown requested", c->peer);
		S->shutdown = true;
		break;
	case JM_ERROR:
		logmsg("master %s: error: %s", c->peer, m->text);
		if (m->error == JM_E_TOKEN || m->error == JM_E_VERSION)
			errx_(EXIT_FAIL, "master %s refused us: %s", c->peer, m->text);
		c->dead = true;
		break;
	default:
		logmsg("master %s: garbage: unexpected %s message, closing", c->peer, jm_type_name(m->type));
		c->dead = true;
	}
}

/* Reaps the jobs that are over and reports them. */
static void finish_jobs(struct slave *S, uint64_t now)
{
	size_t k = 0;

	for (size_t i = 0; i < S->njobs; i++) {
		struct job *j = S->jobs[i];
		struct jm_status st;

		if (j->deadline_mono_ns && now >= j->deadline_mono_ns && !j->timed_out && !j->cancelled) {
			logmsg("job %llu: timed out, killing", (unsigned long long)j->id);
			j->timed_out = true;
			job_kill(j);
		}
		if (!job_reap(j, &st)) {
			S->jobs[k++] = j;
			continue;
		}
		st.slave = (char *)(uintptr_t)S->o->name;
		logmsg("job %llu: %s %d", (unsigned long long)j->id, jm_state_name(st.state), st.code);
		report(S, &st);
		free(st.out);
		free(st.err);
		job_free(j);
	}
	S->njobs = k;
}

/* The poll set: the master's socket, then each job's fds. */
static size_t fill_poll(struct slave *S, struct pollfd *pfd)
{
	size_t n = 0;

	if (S->c)
		pfd[n++] = (struct pollfd){ .fd = S->c->fd,
			.events = (short)(S->connecting ? POLLOUT : POLLIN | (conn_wants_write(S->c) ? POLLOUT : 0)) };
	for (size_t i = 0; i < S->njobs; i++) {
		struct job *j = S->jobs[i];
		pfd[n++] = (struct pollfd){ .fd = j->pidfd, .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = j->out_fd, .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = j->err_fd, .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = j->in_fd, .events = POLLOUT };
	}
	return n;
}

static int next_timeout_ms(struct slave *S, uint64_t now)
{
	uint64_t t = now + 1000000000u;

	if (S->c == NULL && S->next_attempt < t)
		t = S->next_attempt;
	if (S->registered && S->next_beat < t)
		t = S->next_beat;
	for (size_t i = 0; i < S->njobs; i++)
		if (S->jobs[i]->deadline_mono_ns && S->jobs[i]->deadline_mono_ns < t)
			t = S->jobs[i]->deadline_mono_ns;
	return t <= now ? 0 : (int)((t - now) / 1000000) + 1;
}

static void timers(struct slave *S, uint64_t now)
{
	if (S->c == NULL && now >= S->next_attempt)
		try_connect(S);
	if (S->c && S->registered && now >= S->next_beat) {
		struct jm_msg m = { .type = JM_HEARTBEAT, .running = (uint32_t)S->njobs };
		conn_send(S->c, &m);
		S->next_beat = now + S->heartbeat_ns;
	}
	/* The master answers each heartbeat: silence means it is gone. */
	uint64_t quiet = S->c && now > S->c->last_rx_ns ? now - S->c->last_rx_ns : 0;
	if (S->c && S->registered && quiet > S->heartbeat_ns * S->o->misses)
		disconnect(S, "no answer to heartbeats, reconnecting");
	else if (S->c && !S->registered && quiet > 5000000000u)
		disconnect(S, S->connecting ? "no connection in 5 s, retrying" : "no answer to REGISTER in 5 s, reconnecting");
}

int slave_run(const struct daemon_opts *o)
{
	struct slave S = { .o = o, .as = { o->user, o->uid, o->gid, o->groups, o->ngroups } };
	struct pollfd *pfd = NULL;

	if (jobclient_parse_addr(o->master, &S.master) < 0)
		errx_(EXIT_USAGE, "-m: '%s': not an IPv4 ADDR[:PORT]", o->master);
	logmsg("slave %s: %u slots, jobs run as %s, master %s", o->name, o->slots,
	       o->user ? o->user : "this user", o->master);
	while (!stop_requested && !S.shutdown) {
		uint64_t now = now_mono_ns();
		struct pollfd *p = realloc(pfd, (1 + 4 * S.njobs) * sizeof(*p));
		size_t n;

		if (p == NULL)
			err_(EXIT_FAIL, "out of memory");
		pfd = p;
		timers(&S, now);
		n = fill_poll(&S, pfd);
		/* Jobs started while handling the master's messages below
		 * have no entry in this poll set. */
		size_t polled_jobs = S.njobs;
		if (poll(pfd, n, next_timeout_ms(&S, now_mono_ns())) < 0 && errno != EINTR)
			err_(EXIT_FAIL, "poll");
		size_t at = 0;
		if (S.c) {
			short rev = pfd[at++].revents;
			if (S.connecting && rev) {
				int e = 0;
				socklen_t len = sizeof(e);
				getsockopt(S.c->fd, SOL_SOCKET, SO_ERROR, &e, &len);
				if (e) {
					if (!S.warned_unreachable)
						logmsg("master %s: connect: %s (retrying every %u ms)", S.c->peer,
						       strerror(e), RECONNECT_NS / 1000000);
					S.warned_unreachable = true;
					conn_free(S.c);
					S.c = NULL;
					S.connecting = false;
				} else {
					connected(&S);
				}
			} else if (rev & (POLLIN | POLLHUP | POLLERR)) {
				conn_read(S.c, handle, &S);
			}
		}
		for (size_t i = 0; i < polled_jobs; i++)
			for (int k = 0; k < 4; k++, at++)
				if (pfd[at].revents && k > 0)
					job_io(S.jobs[i], pfd[at].fd, pfd[at].revents);
		finish_jobs(&S, now_mono_ns());
		if (S.c)
			conn_flush(S.c);
		if (S.c && S.c->dead)
			disconnect(&S, "connection closed, reconnecting");
	}
	logmsg("slave %s stopping: %s", o->name, S.shutdown ? "shutdown by the master" : "signal");
	kill_all_jobs(&S, JM_CANCELLED, true);
	if (S.c && S.registered) {
		/* Goodbye, so that the master logs a departure, not a loss. */
		char why[32];
		struct jm_msg m = { .type = JM_LEAVE, .text = why };

		snprintf(why, sizeof(why), "%s", S.shutdown ? "shutdown by the master" : "stopping on a signal");
		conn_send(S.c, &m);
	}
	if (S.c) {
		/* Bounded: the cancellations reach the master or are dropped. */
		for (int i = 0; i < 50 && conn_wants_write(S.c) && !S.c->dead; i++) {
			struct pollfd w = { .fd = S.c->fd, .events = POLLOUT };
			poll(&w, 1, 20);
			conn_flush(S.c);
		}
		conn_free(S.c);
	}
	free(S.jobs);
	free(pfd);
	return EXIT_OK;
}
