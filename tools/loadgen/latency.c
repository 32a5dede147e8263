/* The open-loop latency engine of udp-latency and tcp-latency.  A sender
 * thread sends request i at its scheduled time (or at once when behind:
 * it never waits for replies), round-robin over the connections; the
 * calling thread receives the echoes.  Latency is measured from the
 * scheduled send time carried in the request, so a target that stalls
 * shows up as latency, not as fewer samples.  A reply later than the
 * timeout is late; a request never answered by the last send + timeout is
 * lost. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "client.h"
#include "clock.h"
#include "result.h"
#include "schedule.h"
#include "wire.h"

enum { ST_SENT = 1, ST_WINDOW = 2, ST_DONE = 4, ST_FAILED = 8 };

struct conn_buf {
	unsigned char *data;   /* TCP: the reply being read */
	size_t have;
	int dead;
};

struct latency {
	int *fds;
	struct conn_buf *bufs;
	unsigned n;
	int epfd;
	_Atomic unsigned char *state;
	uint64_t cap;              /* requests the schedule may hold */
	uint64_t mono_start;
	atomic_int sender_done;
	atomic_int stop;
	_Atomic uint64_t last_send;
	struct client *c;
};

int latency_open(struct client *c, char *err, size_t errlen)
{
	struct latency *L = calloc(1, sizeof(*L));
	int type = c->kind == KIND_UDP_LATENCY ? SOCK_DGRAM : SOCK_STREAM;

	if (!L)
		return snprintf(err, errlen, "out of memory"), -1;
	c->engine = L;
	L->c = c;
	L->n = c->p.connections;
	L->epfd = epoll_create1(EPOLL_CLOEXEC);
	L->fds = calloc(L->n, sizeof(*L->fds));
	L->bufs = calloc(L->n, sizeof(*L->bufs));
	L->cap = schedule_capacity(c->p.rate, c->p.dist, c->total_ns);
	L->state = calloc(L->cap, sizeof(*L->state));
	if (L->epfd < 0 || !L->fds || !L->bufs || !L->state)
		return snprintf(err, errlen, "out of memory"), -1;
	for (unsigned i = 0; i < L->n; i++)
		L->fds[i] = -1;
	for (unsigned i = 0; i < L->n; i++) {
		L->fds[i] = net_connect(&c->addr, type, c->p.timeout_ns, err, errlen);
		if (L->fds[i] < 0)
			return -1;
		/* A send that blocks (a TCP target that stopped reading) gives up
		 * after the timeout, so the run still ends on time. */
		struct timeval tv = { (time_t)(c->p.timeout_ns / 1000000000ULL),
				      (suseconds_t)(c->p.timeout_ns % 1000000000ULL / 1000) };
		setsockopt(L->fds[i], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if (type == SOCK_STREAM && !(L->bufs[i].data = malloc(c->res.reply_size)))
			return snprintf(err, errlen, "out of memory"), -1;
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = i };
		if (epoll_ctl(L->epfd, EPOLL_CTL_ADD, L->fds[i], &ev) != 0)
			return snprintf(err, errlen, "epoll: %s", strerror(errno)), -1;
	}
	return 0;
}

void latency_close(struct client *c)
{
	struct latency *L = c->engine;

	for (unsigned i = 0; L->fds && i < L->n; i++) {
		if (L->fds[i] >= 0)
			close(L->fds[i]);
		if (L->bufs)
			free(L->bufs[i].data);
	}
	if (L->epfd >= 0)
		close(L->epfd);
	free(L->fds);
	free(L->bufs);
	free(L->state);
	free(L);
	c->engine = NULL;
}

static void *sender(void *arg)
{
	struct latency *L = arg;
	struct client *c = L->c;
	struct lg_result *r = &c->res;
	struct schedule s;
	unsigned char *buf = calloc(1, c->p.size);
	uint64_t seq;

	schedule_init(&s, c->p.rate, c->p.dist, c->p.seed ? c->p.seed : (uint64_t)getpid() ^ mono_ns());
	for (seq = 0; buf && seq < L->cap && !atomic_load(&L->stop); seq++) {
		uint64_t off = schedule_next(&s);
		if (off >= c->total_ns)
			break;
		uint64_t due = L->mono_start + off;
		if (sleep_until_mono(due) != 0)
			break;
		unsigned k = (unsigned)(seq % L->n);
		int win = client_in_window(c, off);
		struct wire_msg m = { .len = (uint32_t)c->p.size, .reply_len = (uint32_t)c->res.reply_size,
				      .conn = k, .seq = seq, .sched_ns = due };
		wire_put(buf, &m);
		atomic_store(&L->state[seq], (unsigned char)(ST_SENT | (win ? ST_WINDOW : 0)));
		uint64_t now = mono_ns();
		if (seq == 0)
			r->first_send_ns = real_ns();
		int failed = L->bufs[k].dead || net_send_all(L->fds[k], buf, c->p.size) != 0;
		if (failed) {
			atomic_fetch_or(&L->state[seq], ST_FAILED);
			if (c->kind == KIND_TCP_LATENCY)
				L->bufs[k].dead = 1;   /* a partial write broke the framing */
		}
		atomic_store(&L->last_send, mono_ns());
		if (!win)
			continue;
		if (failed) {
			r->errors++;
			continue;
		}
		r->sent++;
		r->bytes_sent += c->p.size;
		hist_record(&r->lag, now > due ? now - due : 0);
		struct lg_interval *iv = result_interval(r, off - c->p.warmup_ns);
		if (iv)
			iv->sent++;
	}
	free(buf);
	atomic_store(&L->last_send, mono_ns());
	atomic_store(&L->sender_done, 1);
	return NULL;
}

static void got_reply(struct latency *L, const unsigned char *msg, size_t len, uint64_t now)
{
	struct client *c = L->c;
	struct lg_result *r = &c->res;
	struct wire_msg m;

	if (wire_get(msg, len, &m) != 0 || m.seq >= L->cap || m.sched_ns < L->mono_start)
		return;
	unsigned char st = atomic_fetch_or(&L->state[m.seq], ST_DONE);
	if (!(st & ST_SENT) || (st & ST_DONE) || !(st & ST_WINDOW) || (st & ST_FAILED))
		return;
	uint64_t lat = now > m.sched_ns ? now - m.sched_ns : 0;
	if (lat > c->p.timeout_ns) {
		r->late++;
		return;
	}
	uint64_t off = m.sched_ns - L->mono_start;
	struct lg_interval *iv = off >= c->p.warmup_ns ? result_interval(r, off - c->p.warmup_ns) : NULL;
	r->received++;
	r->bytes_received += len;
	if (iv)
		iv->received++;
	result_record_latency(r, iv, lat);
}

/* Reads what a connection has; TCP replies are cut by their header. */
static void drain(struct latency *L, unsigned k, unsigned char *dgram, size_t dgram_cap)
{
	struct conn_buf *b = &L->bufs[k];
	size_t want = L->c->res.reply_size;

	for (;;) {
		ssize_t n;
		if (L->c->kind == KIND_UDP_LATENCY) {
			n = recv(L->fds[k], dgram, dgram_cap, MSG_DONTWAIT);
			if (n < 0)
				return;
			got_reply(L, dgram, (size_t)n, mono_ns());
			continue;
		}
		n = recv(L->fds[k], b->data + b->have, want - b->have, MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
			epoll_ctl(L->epfd, EPOLL_CTL_DEL, L->fds[k], NULL);
			b->dead = 1;
			return;
		}
		if (n < 0)
			return;
		b->have += (size_t)n;
		if (b->have == want) {
			got_reply(L, b->data, want, mono_ns());
			b->have = 0;
		}
	}
}

int latency_run(struct client *c, uint64_t mono_start, char *err, size_t errlen)
{
	struct latency *L = c->engine;
	pthread_t tid;
	unsigned char *dgram = malloc(65536);
	/* Whatever happens, the run is over by this time. */
	uint64_t hard_end = mono_start + c->total_ns + 2 * c->p.timeout_ns + 1000000000ULL;

	if (!dgram)
		return snprintf(err, errlen, "out of memory"), -1;
	L->mono_start = mono_start;
	if (pthread_create(&tid, NULL, sender, L) != 0) {
		free(dgram);
		return snprintf(err, errlen, "cannot start the sender thread"), -1;
	}
	for (;;) {
		uint64_t now = mono_ns();
		if (lg_interrupted || now >= hard_end)
			break;
		if (atomic_load(&L->sender_done) && now >= atomic_load(&L->last_send) + c->p.timeout_ns)
			break;
		struct epoll_event evs[64];
		int n = epoll_wait(L->epfd, evs, 64, 10);
		for (int i = 0; i < n; i++)
			drain(L, evs[i].data.u32, dgram, 65536);
	}
	atomic_store(&L->stop, 1);
	pthread_join(tid, NULL);
	free(dgram);
	for (uint64_t i = 0; i < L->cap; i++) {
		unsigned char st = atomic_load(&L->state[i]);
		if ((st & ST_WINDOW) && (st & ST_SENT) && !(st & (ST_DONE | ST_FAILED)))
			c->res.lost++;
	}
	return 0;
}
