/* The open-loop latency engine of udp-latency and tcp-latency.  One thread
 * sends request i at its scheduled time (or at once when behind: it never
 * waits for replies), round-robin over the connections, and receives the
 * echoes in between, the way sockperf's ping-pong client does: it blocks
 * on the sockets until the next send is due, so a reply wakes the thread
 * that sent the request, on its CPU, and is timestamped at once.  The wait
 * ends at a nanosecond timer (a timerfd, see receive()) `spin` before the
 * due time; the rest is spent polling the sockets, so the send leaves on
 * time instead of one timer wake-up late.  With pace=spin the thread
 * spins on the clock from the previous request's reply to the next send,
 * as sockperf paces its ping-pong: blocked while a reply is due, never
 * idle in between (an idle CPU cost a loopback round trip 1.5-4 us more
 * here, a virtual machine's halted CPU being slow to resume).
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
#include <sys/timerfd.h>
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
/* Datagrams one recvmmsg call takes. */
#define RX_BATCH 16
/* The timer's epoll data (connections are 0..n-1). */
#define TIMER_EVENT UINT32_MAX
/* Actual send times kept for the round trip from the send: the last
 * SENT_RING requests' (a reply to an older one is left out of it). */
#define SENT_RING 4096

struct sent_at {
	uint64_t seq, ns;
};

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
	int tfd;                   /* timerfd: the end of a wait */
	uint64_t armed;            /* when tfd fires, 0 = not armed */
	unsigned char *state;      /* per request: ST_* */
	uint64_t cap;              /* requests the schedule may hold */
	uint64_t mono_start;
	uint64_t last_send;
	struct client *c;
	/* UDP: the receive batch, RX_BATCH slots of rx_slot bytes. */
	unsigned char *rx;
	size_t rx_slot;
	struct mmsghdr mm[RX_BATCH];
	struct iovec iov[RX_BATCH];
	struct sent_at sent[SENT_RING];
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
	L->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	L->fds = calloc(L->n, sizeof(*L->fds));
	L->bufs = calloc(L->n, sizeof(*L->bufs));
	L->cap = schedule_capacity(c->p.rate, c->p.dist, c->total_ns);
	L->state = calloc(L->cap, 1);
	/* A slot one byte longer than a reply tells a longer datagram (not
	 * ours) by MSG_TRUNC. */
	L->rx_slot = c->res.reply_size + 1;
	if (type == SOCK_DGRAM && (L->rx = malloc(RX_BATCH * L->rx_slot)))
		for (unsigned i = 0; i < RX_BATCH; i++) {
			L->iov[i] = (struct iovec){ L->rx + i * L->rx_slot, L->rx_slot };
			L->mm[i].msg_hdr = (struct msghdr){ .msg_iov = &L->iov[i], .msg_iovlen = 1 };
		}
	if (L->epfd < 0 || L->tfd < 0)
		return snprintf(err, errlen, "%s: %s", L->epfd < 0 ? "epoll" : "timerfd", strerror(errno)), -1;
	if (!L->fds || !L->bufs || !L->state || (type == SOCK_DGRAM && !L->rx))
		return snprintf(err, errlen, "out of memory"), -1;
	struct epoll_event tev = { .events = EPOLLIN, .data.u32 = TIMER_EVENT };
	if (epoll_ctl(L->epfd, EPOLL_CTL_ADD, L->tfd, &tev) != 0)
		return snprintf(err, errlen, "epoll: %s", strerror(errno)), -1;
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
	if (L->tfd >= 0)
		close(L->tfd);
	free(L->fds);
	free(L->bufs);
	free(L->state);
	free(L->rx);
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
	const struct sent_at *s = &L->sent[m.seq % SENT_RING];
	if (s->seq == m.seq && s->ns && now >= s->ns)
		hist_record(&r->rtt, now - s->ns);
}

/* Reads the datagrams a socket has, RX_BATCH a call: a call that finds
 * fewer has emptied it, so one call is all an answered request costs. */
static int drain_udp(struct latency *L, unsigned k)
{
	int n, got = 0;

	do {
		n = recvmmsg(L->fds[k], L->mm, RX_BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0)
			break;
		uint64_t now = mono_ns();
		for (int i = 0; i < n; i++)
			if (!(L->mm[i].msg_hdr.msg_flags & MSG_TRUNC))
				got_reply(L, L->iov[i].iov_base, L->mm[i].msg_len, now);
		got += n;
	} while (n == RX_BATCH);
	return got;
}

/* Reads what a connection has; TCP replies are cut by their header. */
static void drain(struct latency *L, unsigned k)
{
	struct conn_buf *b = &L->bufs[k];
	size_t want = L->c->res.reply_size;

	if (L->c->kind == KIND_UDP_LATENCY) {
		drain_udp(L, k);
		return;
	}
	for (;;) {
		ssize_t n = recv(L->fds[k], b->data + b->have, want - b->have, MSG_DONTWAIT);
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
	L->last_send = now;
	L->sent[seq % SENT_RING] = (struct sent_at){ seq, failed ? 0 : now };
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
 * already) and reads them.  One UDP socket is read directly first: a
 * reply already there (the target ran on this CPU during the send) costs
 * one call, and a wait for one that is not starts while the target is
 * still at work.
 *
 * A wait ends by a timerfd in the epoll set, set to UNTIL and left set
 * when a reply ends the wait first, not by epoll's own timeout: that
 * timer is started and cancelled by every wait, and its cancel, on the
 * path from the reply's wake-up to its timestamp, cost 1.2 us of a
 * loopback round trip here (a virtual CPU's timer is slow to program).
 * The timerfd is set once per due time, while the target is at work. */
static void receive(struct latency *L, uint64_t until)
{
	struct epoll_event evs[64];
	int timeout = 0;

	if (L->n == 1 && L->c->kind == KIND_UDP_LATENCY && (drain_udp(L, 0) > 0 || !until))
		return;
	uint64_t now = until ? mono_ns() : 0;
	if (until > now) {
		if (until - now > CLOCK_CHECK_NS)
			until = now + CLOCK_CHECK_NS;   /* look at lg_interrupted now and then */
		timer_arm_mono(L->tfd, &L->armed, until);
		timeout = L->armed == until ? -1 : 1;
	}
	int n = epoll_wait(L->epfd, evs, 64, timeout);
	for (int i = 0; i < n; i++) {
		if (evs[i].data.u32 != TIMER_EVENT) {
			drain(L, evs[i].data.u32);
			continue;
		}
		uint64_t expirations;
		if (read(L->tfd, &expirations, sizeof(expirations)) > 0)
			L->armed = 0;
	}
}

/* Whether the request before SEQ has its reply (or there is none). */
static int answered(const struct latency *L, uint64_t seq)
{
	return seq == 0 || (L->state[seq - 1] & ST_DONE);
}

int latency_run(struct client *c, uint64_t mono_start, char *err, size_t errlen)
{
	struct latency *L = c->engine;
	struct schedule s;
	unsigned char *buf = calloc(1, c->p.size);
	uint64_t seq = 0, off = 0, due = 0;
	int sending = 1;
	/* Whatever happens, the run is over by this time. */
	uint64_t hard_end = mono_start + c->total_ns + 2 * c->p.timeout_ns + 1000000000ULL;

	if (!buf)
		return snprintf(err, errlen, "out of memory"), -1;
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
				receive(L, L->last_send + c->p.timeout_ns);
			} else if (now >= due) {
				break;
			} else if (c->p.pace == PACE_SPIN && answered(L, seq)) {
				continue;   /* nothing to wait for: spin on the clock */
			} else if (due - now > c->p.spin_ns) {
				receive(L, due - c->p.spin_ns);
			} else {
				receive(L, 0);
			}
		}
		send_one(L, buf, seq, off, due);
		/* Behind: the next ones go at once, but the replies are read
		 * every BURST requests. */
		if (++seq % BURST == 0)
			receive(L, 0);
	}
out:
	free(buf);
	for (uint64_t i = 0; i < L->cap; i++) {
		unsigned char st = L->state[i];
		if ((st & ST_WINDOW) && (st & ST_SENT) && !(st & (ST_DONE | ST_FAILED)))
			c->res.lost++;
	}
	return 0;
}
