/* The master: accepts slaves and clients on one port, queues submitted
 * jobs, dispatches each to the least loaded slave with a free slot, and
 * relays the slaves' status reports to the clients waiting for them. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conn.h"
#include "daemon.h"
#include "err.h"
#include "jobclient.h"
#include "joblog.h"
#include "log.h"

struct mslave {
	struct conn *c;
	char *name;
	uint32_t slots, running;
	uint64_t last_dispatch;     /* dispatch sequence number, for ties */
};

struct waiter {
	uint64_t conn_serial;
	uint32_t reqid;
};

struct mjob {
	struct jm_spec spec;
	struct jm_status st;
	struct mslave *slave;       /* while running */
	struct waiter *waiters;
	size_t nwaiters;
	struct mjob *next_queued;
};

struct master {
	const struct daemon_opts *o;
	int lfd;
	struct conn **conns;
	size_t nconns;
	struct mjob **jobs;         /* job N is jobs[N - 1] */
	size_t njobs, capjobs;
	struct mjob *qhead, *qtail;
	uint64_t boot;
	uint64_t dispatches;
	int shutting;               /* a SHUTDOWN was accepted */
	uint64_t shutdown_deadline;
};

static struct conn *conn_by_serial(struct master *M, uint64_t serial)
{
	for (size_t i = 0; i < M->nconns; i++)
		if (M->conns[i]->serial == serial && !M->conns[i]->dead)
			return M->conns[i];
	return NULL;
}

static struct mjob *job_by_id(struct master *M, uint64_t id)
{
	return id >= 1 && id <= M->njobs ? M->jobs[id - 1] : NULL;
}

static void enqueue(struct master *M, struct mjob *j)
{
	j->st.state = JM_QUEUED;
	j->next_queued = NULL;
	if (M->qtail)
		M->qtail->next_queued = j;
	else
		M->qhead = j;
	M->qtail = j;
}

static void send_status(struct conn *c, uint32_t reqid, const struct jm_status *st)
{
	struct jm_msg m = { .type = JM_STATUS, .reqid = reqid, .status = *st };

	conn_send(c, &m);
}

/* A job is over: tell everyone waiting for it. */
static void job_finished(struct master *M, struct mjob *j)
{
	logmsg("job %llu: %s %d%s%s", (unsigned long long)j->st.job, jm_state_name(j->st.state),
	       j->st.code, *j->st.slave ? " on " : "", j->st.slave);
	joblog_job(&j->spec, &j->st);
	for (size_t i = 0; i < j->nwaiters; i++) {
		struct conn *c = conn_by_serial(M, j->waiters[i].conn_serial);
		if (c)
			send_status(c, j->waiters[i].reqid, &j->st);
	}
	free(j->waiters);
	j->waiters = NULL;
	j->nwaiters = 0;
	jm_spec_free(&j->spec);   /* never run again */
}

static struct mslave *least_loaded(struct master *M)
{
	struct mslave *best = NULL;

	for (size_t i = 0; i < M->nconns; i++) {
		struct mslave *s = M->conns[i]->role;

		if (s == NULL || M->conns[i]->dead || s->running >= s->slots)
			continue;
		/* Fewest running jobs; on a tie, the most free slots, then
		 * the one that waited longest for a job. */
		if (best == NULL || s->running < best->running ||
		    (s->running == best->running && s->slots - s->running > best->slots - best->running) ||
		    (s->running == best->running && s->slots == best->slots &&
		     s->last_dispatch < best->last_dispatch))
			best = s;
	}
	return best;
}

static void dispatch(struct master *M)
{
	while (M->qhead) {
		struct mjob *j = M->qhead;
		struct mslave *s;

		if (j->st.state != JM_QUEUED) {     /* cancelled while queued */
			M->qhead = j->next_queued;
			if (M->qhead == NULL)
				M->qtail = NULL;
			continue;
		}
		if ((s = least_loaded(M)) == NULL)
			return;
		M->qhead = j->next_queued;
		if (M->qhead == NULL)
			M->qtail = NULL;
		j->slave = s;
		j->st.state = JM_RUNNING;
		free(j->st.slave);
		j->st.slave = strdup(s->name);
		s->running++;
		s->last_dispatch = ++M->dispatches;
		struct jm_msg m = { .type = JM_RUN, .job = j->st.job, .spec = j->spec };
		conn_send(s->c, &m);
		logmsg("job %llu: dispatched to %s (%u/%u running)", (unsigned long long)j->st.job,
		       s->name, s->running, s->slots);
	}
}

/* The slave is gone (lost, or it left saying so): its running jobs are
 * lost, or queued again. */
static void slave_gone(struct master *M, struct mslave *s, const char *how, const char *why)
{
	logmsg("slave %s: %s (%s)", s->name, how, why);
	for (size_t i = 0; i < M->njobs; i++) {
		struct mjob *j = M->jobs[i];

		if (j->slave != s)
			continue;
		j->slave = NULL;
		if (j->spec.flags & JM_F_REQUEUE) {
			logmsg("job %llu: re-queued (its slave %s was lost)", (unsigned long long)j->st.job, s->name);
			j->st.start_ns = 0;
			enqueue(M, j);
		} else {
			j->st.state = JM_LOST;
			j->st.end_ns = now_real_ns();
			job_finished(M, j);
		}
	}
	s->c->role = NULL;
	free(s->name);
	free(s);
}

static int token_ok(struct master *M, struct conn *c, const struct jm_msg *m)
{
	if (jobclient_token_equal(M->o->token, m->token ? m->token : ""))
		return 1;
	logmsg("%s: %s refused: wrong or missing token", c->peer, jm_type_name(m->type));
	conn_error(c, m->reqid, JM_E_TOKEN, "%s refused: wrong or missing token", jm_type_name(m->type));
	return 0;
}

static void on_register(struct master *M, struct conn *c, struct jm_msg *m)
{
	struct mslave *s;

	if (!token_ok(M, c, m)) {
		c->closing = true;
		return;
	}
	if (c->role || m->name == NULL || *m->name == '\0') {
		conn_error(c, m->reqid, JM_E_REFUSED, "REGISTER refused: %s",
		           c->role ? "already registered" : "a slave needs a name");
		c->closing = true;
		return;
	}
	for (size_t i = 0; i < M->nconns; i++) {
		struct mslave *o = M->conns[i]->role;
		if (o && strcmp(o->name, m->name) == 0) {
			/* The same slave again: its old connection is stale. */
			M->conns[i]->dead = true;
			slave_gone(M, o, "lost", "registered again from a new connection");
		}
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL || (s->name = strdup(m->name)) == NULL) {
		free(s);
		c->dead = true;
		return;
	}
	s->c = c;
	s->slots = m->slots;
	c->role = s;
	logmsg("slave %s: registered from %s with %u slots", s->name, c->peer, s->slots);
	struct jm_msg r = { .type = JM_REGISTERED, .reqid = m->reqid, .boot = M->boot,
	                    .heartbeat_ms = (uint32_t)(M->o->heartbeat_ns / 1000000) };
	conn_send(c, &r);
}

static void on_submit(struct master *M, struct conn *c, struct jm_msg *m)
{
	struct mjob *j;

	if (!token_ok(M, c, m))
		return;
	if (M->shutting) {
		conn_error(c, m->reqid, JM_E_REFUSED, "SUBMIT refused: the master is shutting down");
		return;
	}
	if (M->njobs == M->capjobs) {
		size_t cap = M->capjobs ? M->capjobs * 2 : 256;
		struct mjob **p = realloc(M->jobs, cap * sizeof(*p));
		if (p == NULL) {
			conn_error(c, m->reqid, JM_E_FULL, "SUBMIT refused: out of memory");
			return;
		}
		M->jobs = p;
		M->capjobs = cap;
	}
	j = calloc(1, sizeof(*j));
	if (j == NULL || (j->st.slave = strdup("")) == NULL) {
		free(j);
		conn_error(c, m->reqid, JM_E_FULL, "SUBMIT refused: out of memory");
		return;
	}
	/* The decoded spec is moved, not copied. */
	j->spec = m->spec;
	memset(&m->spec, 0, sizeof(m->spec));
	M->jobs[M->njobs++] = j;
	j->st.job = M->njobs;
	j->st.submit_ns = now_real_ns();
	enqueue(M, j);
	logmsg("job %llu: submitted by %s: %s (%u args)", (unsigned long long)j->st.job, c->peer,
	       j->spec.argv[0], j->spec.argc);
	struct jm_msg r = { .type = JM_ACCEPTED, .reqid = m->reqid, .job = j->st.job };
	conn_send(c, &r);
	dispatch(M);
}

static void on_status(struct master *M, struct conn *c, struct jm_msg *m)
{
	struct mslave *s = c->role;
	struct mjob *j = job_by_id(M, m->status.job);

	/* A report for a job this slave no longer holds (lost, re-queued
	 * elsewhere) is late: the job is never reported twice. */
	if (s == NULL || j == NULL || j->slave != s)
		return;
	if (m->status.state == JM_RUNNING) {
		j->st.start_ns = m->status.start_ns;
		return;
	}
	if (!jm_state_final(m->status.state))
		return;
	j->st.state = m->status.state;
	j->st.code = m->status.code;
	j->st.start_ns = m->status.start_ns;
	j->st.end_ns = m->status.end_ns;
	free(j->st.out);
	free(j->st.err);
	j->st.out = m->status.out;
	j->st.outlen = m->status.outlen;
	j->st.err = m->status.err;
	j->st.errlen = m->status.errlen;
	m->status.out = m->status.err = NULL;
	j->slave = NULL;
	s->running--;
	job_finished(M, j);
	dispatch(M);
}

static void on_query(struct master *M, struct conn *c, struct jm_msg *m)
{
	struct mjob *j = job_by_id(M, m->job);

	if (j == NULL) {
		conn_error(c, m->reqid, JM_E_NOJOB, "no job %llu on this master (started at %llu.%09llu)",
		           (unsigned long long)m->job, (unsigned long long)(M->boot / 1000000000u),
		           (unsigned long long)(M->boot % 1000000000u));
		return;
	}
	if (!m->wait || jm_state_final(j->st.state)) {
		send_status(c, m->reqid, &j->st);
		return;
	}
	struct waiter *w = realloc(j->waiters, (j->nwaiters + 1) * sizeof(*w));
	if (w == NULL) {
		conn_error(c, m->reqid, JM_E_FULL, "out of memory");
		return;
	}
	j->waiters = w;
	w[j->nwaiters++] = (struct waiter){ c->serial, m->reqid };
}

static void cancel_job(struct master *M, struct mjob *j)
{
	if (j->st.state == JM_QUEUED) {
		j->st.state = JM_CANCELLED;
		j->st.end_ns = now_real_ns();
		job_finished(M, j);
	} else if (j->st.state == JM_RUNNING && j->slave) {
		struct jm_msg m = { .type = JM_CANCEL, .job = j->st.job };
		conn_send(j->slave->c, &m);
	}
}

static void on_cancel(struct master *M, struct conn *c, struct jm_msg *m)
{
	struct mjob *j = job_by_id(M, m->job);

	if (!token_ok(M, c, m))
		return;
	if (j == NULL) {
		conn_error(c, m->reqid, JM_E_NOJOB, "no job %llu on this master", (unsigned long long)m->job);
		return;
	}
	logmsg("job %llu: cancel requested by %s", (unsigned long long)m->job, c->peer);
	cancel_job(M, j);
	struct jm_msg r = { .type = JM_ACCEPTED, .reqid = m->reqid, .job = m->job };
	conn_send(c, &r);
}

static void on_list(struct master *M, struct conn *c, struct jm_msg *m)
{
	struct jm_slave_info slaves[JM_MAX_SLAVES];
	char addrs[JM_MAX_SLAVES][64];
	size_t first = M->njobs > JM_MAX_LISTED ? M->njobs - JM_MAX_LISTED : 0;
	struct jm_msg r = { .type = JM_LISTING, .reqid = m->reqid, .slaves = slaves };

	for (size_t i = 0; i < M->nconns && r.nslaves < JM_MAX_SLAVES; i++) {
		struct mslave *s = M->conns[i]->role;
		if (s == NULL || M->conns[i]->dead)
			continue;
		uint32_t k = r.nslaves++;
		snprintf(addrs[k], sizeof(addrs[0]), "%s", s->c->peer);
		slaves[k] = (struct jm_slave_info){ s->name, addrs[k], s->slots, s->running };
	}
	r.jobs = calloc(M->njobs - first + 1, sizeof(*r.jobs));
	if (r.jobs == NULL) {
		conn_error(c, m->reqid, JM_E_FULL, "out of memory");
		return;
	}
	for (size_t i = first; i < M->njobs; i++) {
		r.jobs[r.njobs] = M->jobs[i]->st;
		r.jobs[r.njobs].out = r.jobs[r.njobs].err = NULL;
		r.jobs[r.njobs].outlen = r.jobs[r.njobs].errlen = 0;
		r.njobs++;
	}
	conn_send(c, &r);
	free(r.jobs);
}

static void on_shutdown(struct master *M, struct conn *c, struct jm_msg *m)
{
	if (!token_ok(M, c, m))
		return;
	logmsg("shutdown requested by %s: cancelling queued jobs, stopping the slaves", c->peer);
	M->shutting = 1;
	M->shutdown_deadline = now_mono_ns() + 5000000000u;
	for (size_t i = 0; i < M->njobs; i++)
		if (M->jobs[i]->st.state == JM_QUEUED)
			cancel_job(M, M->jobs[i]);
	for (size_t i = 0; i < M->nconns; i++)
		if (M->conns[i]->role) {
			struct jm_msg s = { .type = JM_SHUTDOWN, .token = M->o->token };
			conn_send(M->conns[i], &s);
		}
	struct jm_msg r = { .type = JM_ACCEPTED, .reqid = m->reqid };
	conn_send(c, &r);
}

/* A slave says goodbye (it stops): not a loss, though any job it still
 * holds is one. */
static void on_leave(struct master *M, struct conn *c, struct jm_msg *m)
{
	if (c->role == NULL) {
		logmsg("%s: garbage: LEAVE from a connection that is not a slave, closing", c->peer);
		c->dead = true;
		return;
	}
	slave_gone(M, c->role, "left", m->text && *m->text ? m->text : "no reason given");
	c->closing = true;
}

static void handle(struct conn *c, struct jm_msg *m, void *ctx)
{
	struct master *M = ctx;

	switch (m->type) {
	case JM_REGISTER: on_register(M, c, m); break;
	case JM_HEARTBEAT:
		if (c->role) {
			struct jm_msg r = { .type = JM_HEARTBEAT, .reqid = m->reqid };
			conn_send(c, &r);
		}
		break;
	case JM_SUBMIT: on_submit(M, c, m); break;
	case JM_STATUS: on_status(M, c, m); break;
	case JM_QUERY: on_query(M, c, m); break;
	case JM_CANCEL: on_cancel(M, c, m); break;
	case JM_LIST: on_list(M, c, m); break;
	case JM_SHUTDOWN: on_shutdown(M, c, m); break;
	case JM_LEAVE: on_leave(M, c, m); break;
	default:
		logmsg("%s: garbage: unexpected %s message, closing", c->peer, jm_type_name(m->type));
		c->dead = true;
	}
}

static int listen_on(const char *addr)
{
	struct sockaddr_in sa;
	int one = 1, fd;

	if (jobclient_parse_addr(addr, &sa) < 0)
		errx_(EXIT_USAGE, "-l: '%s': not an IPv4 ADDR[:PORT]", addr);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		err_(EXIT_FAIL, "socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		err_(EXIT_FAIL, "bind %s", addr);
	if (listen(fd, 128) < 0)
		err_(EXIT_FAIL, "listen %s", addr);
	return fd;
}

static void accept_all(struct master *M)
{
	for (;;) {
		struct sockaddr_in sa;
		socklen_t len = sizeof(sa);
		char peer[64];
		int one = 1;
		int fd = accept4(M->lfd, (struct sockaddr *)&sa, &len, SOCK_CLOEXEC | SOCK_NONBLOCK);
		struct conn *c, **p;

		if (fd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				logmsg("accept: %s", strerror(errno));
			return;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		sockaddr_text(&sa, peer, sizeof(peer));
		p = realloc(M->conns, (M->nconns + 1) * sizeof(*p));
		if (p == NULL || (c = conn_new(fd, peer)) == NULL) {
			if (p)
				M->conns = p;
			close(fd);
			continue;
		}
		M->conns = p;
		M->conns[M->nconns++] = c;
	}
}

/* Removes dead connections; a slave's is its loss. */
static void reap_conns(struct master *M)
{
	size_t k = 0;

	for (size_t i = 0; i < M->nconns; i++) {
		struct conn *c = M->conns[i];
		if (!c->dead) {
			M->conns[k++] = c;
			continue;
		}
		if (c->role)
			slave_gone(M, c->role, "lost", "connection closed");
		conn_free(c);
	}
	M->nconns = k;
}

static void check_heartbeats(struct master *M, uint64_t now)
{
	uint64_t limit = M->o->heartbeat_ns * M->o->misses;

	for (size_t i = 0; i < M->nconns; i++) {
		struct conn *c = M->conns[i];
		if (c->role && !c->dead && now > c->last_rx_ns && now - c->last_rx_ns > limit) {
			logmsg("slave %s: no heartbeat for %llu ms", ((struct mslave *)c->role)->name,
			       (unsigned long long)((now - c->last_rx_ns) / 1000000));
			c->dead = true;
		}
	}
}

static int any_slave(struct master *M)
{
	for (size_t i = 0; i < M->nconns; i++)
		if (M->conns[i]->role)
			return 1;
	return 0;
}

int master_run(const struct daemon_opts *o)
{
	struct master M = { .o = o, .boot = now_real_ns() };
	struct pollfd *pfd = NULL;

	M.lfd = listen_on(o->listen);
	joblog_open(o->job_log, o->listen, o->heartbeat_ns);
	logmsg("master listening on %s (heartbeat %llu ms, lost after %u missed)", o->listen,
	       (unsigned long long)(o->heartbeat_ns / 1000000), o->misses);
	while (!stop_requested) {
		struct pollfd *p = realloc(pfd, (M.nconns + 1) * sizeof(*p));
		int timeout = (int)(o->heartbeat_ns / 2000000) + 1;

		if (p == NULL)
			err_(EXIT_FAIL, "out of memory");
		pfd = p;
		pfd[0] = (struct pollfd){ .fd = M.lfd, .events = POLLIN };
		for (size_t i = 0; i < M.nconns; i++)
			pfd[i + 1] = (struct pollfd){ .fd = M.conns[i]->fd,
				.events = (short)(POLLIN | (conn_wants_write(M.conns[i]) ? POLLOUT : 0)) };
		if (poll(pfd, M.nconns + 1, timeout) < 0 && errno != EINTR)
			err_(EXIT_FAIL, "poll");
		size_t n = M.nconns;     /* accept_all may add more */
		for (size_t i = 0; i < n; i++) {
			struct conn *c = M.conns[i];
			if (pfd[i + 1].revents & (POLLIN | POLLHUP | POLLERR))
				conn_read(c, handle, &M);
		}
		if (pfd[0].revents & POLLIN)
			accept_all(&M);
		check_heartbeats(&M, now_mono_ns());
		reap_conns(&M);
		dispatch(&M);
		for (size_t i = 0; i < M.nconns; i++)
			conn_flush(M.conns[i]);
		reap_conns(&M);
		if (M.shutting && (!any_slave(&M) || now_mono_ns() > M.shutdown_deadline))
			break;
	}
	logmsg("master stopping: %zu jobs submitted", M.njobs);
	for (size_t i = 0; i < M.nconns; i++) {
		struct mslave *s = M.conns[i]->role;
		if (s) {
			free(s->name);
			free(s);
		}
		conn_free(M.conns[i]);
	}
	for (size_t i = 0; i < M.njobs; i++) {
		jm_spec_free(&M.jobs[i]->spec);
		jm_status_free(&M.jobs[i]->st);
		free(M.jobs[i]->waiters);
		free(M.jobs[i]);
	}
	free(M.conns);
	free(M.jobs);
	free(pfd);
	close(M.lfd);
	joblog_close();
	return EXIT_OK;
}
