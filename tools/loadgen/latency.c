/* The open-loop latency engine of udp-latency and tcp-latency.  One thread
 * sends request i at its scheduled time (or at once when behind: it never
 * waits for replies), round-robin over the connections, and receives the
 * echoes in between, the way sockperf's ping-pong client does: it blocks
 * on the sockets until the next send is due, so a reply wakes the thread
 * that sent the request, on its CPU, and is timestamped at once.  The wait
 * has a nanosecond timeout (epoll_pwait2, timer slack 1 ns) and ends
 * `spin` before the due time; the rest is spent polling the sockets, so
 * the send leaves on time instead of one timer wake-up late.
 *
 * Latency is measured from the scheduled send time carried in the
 * request, so a target that stalls shows up as latency, not as fewer
 * samples.  A reply later than the timeout is late; a request never
 * answered by the last send + timeout is lost. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "clock.h"
#include "result.h"
#include "schedule.h"
#include "wire.h"

enum { ST_SENT = 1, ST_WINDOW = 2, ST_DONE = 4, ST_FAILED = 8 };

/* Requests sent back to back when behind, before the replies are read. */
#define BURST 64

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
	unsigned char *state;      /* per request: ST_* */
	uint64_t cap;              /* requests the schedule may hold */
	uint64_t mono_start;
	uint64_t last_send;
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
	L->state = calloc(L->cap, 1);
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

static void got_reply(struct latency *L, const unsigned char *msg, size_t len, uint64_t now)
{
	struct client *c = L->c;
	struct lg_result *r = &c->res;
	struct wire_msg m;

	if (wire_get(msg, len, &m) != 0 || m.seq >= L->cap || m.sched_ns < L->mono_start)
		return;
	unsigned char st = L->state[m.seq];
	L->state[m.seq] |= ST_DONE;
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

/* Sends request SEQ, due at DUE (offset OFF), on its connection. */
static void send_one(struct latency *L, unsigned char *buf, uint64_t seq, uint64_t off, uint64_t due)
{
	struct client *c = L->c;
	struct lg_result *r = &c->res;
	unsigned k = (unsigned)(seq % L->n);
	int win = client_in_window(c, off);
	struct wire_msg m = { .len = (uint32_t)c->p.size, .reply_len = (uint32_t)c->res.reply_size,
			      .conn = k, .seq = seq, .sched_ns = due };

	wire_put(buf, &m);
	L->state[seq] = (unsigned char)(ST_SENT | (win ? ST_WINDOW : 0));
	uint64_t now = mono_ns();
	if (seq == 0)
		r->first_send_ns = real_ns();
	int failed = L->bufs[k].dead || net_send_all(L->fds[k], buf, c->p.size) != 0;
	if (failed) {
		L->state[seq] |= ST_FAILED;
		if (c->kind == KIND_TCP_LATENCY)
			L->bufs[k].dead = 1;   /* a partial write broke the framing */
	}
	L->last_send = mono_ns();
	if (!win)
		return;
	if (failed) {
		r->errors++;
		return;
	}
	r->sent++;
	r->bytes_sent += c->p.size;
	hist_record(&r->lag, now > due ? now - due : 0);
	struct lg_interval *iv = result_interval(r, off - c->p.warmup_ns);
	if (iv)
		iv->sent++;
}

/* Waits for replies until the monotonic time UNTIL (0: only what is there
 * already) and reads them. */
static void receive(struct latency *L, uint64_t until, unsigned char *dgram, size_t dgram_cap)
{
	struct epoll_event evs[64];
	uint64_t now = until ? mono_ns() : 0;
	uint64_t wait = until > now ? until - now : 0;

	if (wait > 100000000ULL)
		wait = 100000000ULL;   /* look at lg_interrupted now and then */
	struct timespec ts = { (time_t)(wait / 1000000000ULL), (long)(wait % 1000000000ULL) };
	int n = epoll_pwait2(L->epfd, evs, 64, &ts, NULL);
	if (n < 0 && errno == ENOSYS)   /* before Linux 5.11: millisecond timeouts */
		n = epoll_wait(L->epfd, evs, 64, (int)(wait / 1000000));
	for (int i = 0; i < n; i++)
		drain(L, evs[i].data.u32, dgram, dgram_cap);
}

int latency_run(struct client *c, uint64_t mono_start, char *err, size_t errlen)
{
	struct latency *L = c->engine;
	struct schedule s;
	unsigned char *dgram = malloc(65536), *buf = calloc(1, c->p.size);
	uint64_t seq = 0, off = 0, due = 0;
	int sending = 1;
	/* Whatever happens, the run is over by this time. */
	uint64_t hard_end = mono_start + c->total_ns + 2 * c->p.timeout_ns + 1000000000ULL;
	int slack = clock_precise_timers();

	if (!dgram || !buf) {
		free(dgram);
		free(buf);
		clock_restore_timers(slack);
		return snprintf(err, errlen, "out of memory"), -1;
	}
	L->mono_start = mono_start;
	L->last_send = mono_start;
	schedule_init(&s, c->p.rate, c->p.dist, c->p.seed ? c->p.seed : (uint64_t)getpid() ^ mono_ns());
	for (;;) {
		if (sending && seq < L->cap && (off = schedule_next(&s)) < c->total_ns)
			due = mono_start + off;
		else
			sending = 0;
		for (;;) {
			uint64_t now = mono_ns();
			if (lg_interrupted || now >= hard_end)
				goto out;
			if (!sending) {
				if (now >= L->last_send + c->p.timeout_ns)
					goto out;
				receive(L, L->last_send + c->p.timeout_ns, dgram, 65536);
			} else if (now >= due) {
				break;
			} else if (due - now > c->p.spin_ns) {
				receive(L, due - c->p.spin_ns, dgram, 65536);
			} else {
				receive(L, 0, dgram, 65536);
			}
		}
		send_one(L, buf, seq, off, due);
		/* Behind: the next ones go at once, but the replies are read
		 * every BURST requests. */
		if (++seq % BURST == 0)
			receive(L, 0, dgram, 65536);
	}
out:
	clock_restore_timers(slack);
	free(dgram);
	free(buf);
	for (uint64_t i = 0; i < L->cap; i++) {
		unsigned char st = L->state[i];
		if ((st & ST_WINDOW) && (st & ST_SENT) && !(st & (ST_DONE | ST_FAILED)))
			c->res.lost++;
	}
	return 0;
}
