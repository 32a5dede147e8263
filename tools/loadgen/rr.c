/* The request/response engine of tcp-rr: one thread per connection sends a
 * request of `size` bytes asking for a reply of `reply` bytes and waits
 * for it (at most the timeout) before the next, over one persistent
 * connection or a new connection per request (persistent=0, the connect
 * then counts in the latency).  With a rate, requests follow the schedule
 * and latency counts from the scheduled time; with rate=0 each request
 * follows the last reply at once (closed loop, like netperf's TCP_RR). */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client.h"
#include "clock.h"
#include "result.h"
#include "schedule.h"
#include "wire.h"

struct rr_worker {
	struct client *c;
	unsigned index;
	int fd;
	uint64_t mono_start;
	struct lg_result res;
	pthread_t tid;
};

struct rr {
	struct rr_worker *w;
	unsigned n;
};

int rr_open(struct client *c, char *err, size_t errlen)
{
	struct rr *R = calloc(1, sizeof(*R));

	if (!R)
		return snprintf(err, errlen, "out of memory"), -1;
	c->engine = R;
	R->n = c->p.connections;
	R->w = calloc(R->n, sizeof(*R->w));
	if (!R->w)
		return snprintf(err, errlen, "out of memory"), -1;
	for (unsigned i = 0; i < R->n; i++) {
		struct rr_worker *w = &R->w[i];
		w->c = c;
		w->index = i;
		w->fd = -1;
		if (result_init(&w->res, c->test->name, c->p.duration_ns, c->p.interval_ns) != 0)
			return snprintf(err, errlen, "out of memory"), -1;
		/* Persistent connections are made now, so a refused target is an
		 * error at setup, before any load. */
		if (c->p.persistent && (w->fd = net_connect(&c->addr, SOCK_STREAM, c->p.timeout_ns, err, errlen)) < 0)
			return -1;
	}
	return 0;
}

void rr_close(struct client *c)
{
	struct rr *R = c->engine;

	for (unsigned i = 0; R->w && i < R->n; i++) {
		if (R->w[i].fd >= 0)
			close(R->w[i].fd);
		result_free(&R->w[i].res);
	}
	free(R->w);
	free(R);
	c->engine = NULL;
}

/* Reads exactly len bytes before the monotonic deadline; 0 or -1. */
static int read_until(int fd, unsigned char *buf, size_t len, uint64_t deadline)
{
	size_t have = 0;

	while (have < len) {
		uint64_t now = mono_ns();
		if (now >= deadline || lg_interrupted)
			return -1;
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int ms = (int)((deadline - now) / 1000000) + 1;
		if (poll(&pfd, 1, ms > 100 ? 100 : ms) <= 0)
			continue;
		ssize_t n = recv(fd, buf + have, len - have, MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			return -1;
		if (n > 0)
			have += (size_t)n;
	}
	return 0;
}

/* One request and its reply; returns 0 when the reply came in time. */
static int transaction(struct rr_worker *w, unsigned char *buf, size_t buflen, uint64_t seq, uint64_t due)
{
	struct client *c = w->c;
	char err[256];
	uint64_t deadline = due + c->p.timeout_ns;

	if (w->fd < 0 && (w->fd = net_connect(&c->addr, SOCK_STREAM, c->p.timeout_ns, err, sizeof(err))) < 0)
		return -1;
	struct wire_msg m = { .len = (uint32_t)c->p.size, .reply_len = (uint32_t)c->res.reply_size,
			      .conn = w->index, .seq = seq, .sched_ns = due };
	wire_put(buf, &m);
	if (net_send_all(w->fd, buf, c->p.size) != 0)
		return -1;
	/* Read the reply through the one buffer, a piece at a time. */
	size_t left = c->res.reply_size;
	while (left > 0) {
		size_t chunk = left < buflen ? left : buflen;
		if (read_until(w->fd, buf, chunk, deadline) != 0)
			return -1;
		left -= chunk;
	}
	return 0;
}

static void *rr_worker_run(void *arg)
{
	struct rr_worker *w = arg;
	struct client *c = w->c;
	struct lg_result *r = &w->res;
	struct schedule s;
	double rate = c->p.rate / c->p.connections;
	size_t buflen = c->p.size > c->res.reply_size ? c->p.size : c->res.reply_size;
	unsigned char *buf;
	uint64_t end = w->mono_start + c->total_ns;

	if (buflen > (1u << 20))
		buflen = c->p.size > (1u << 20) ? c->p.size : (1u << 20);
	buf = calloc(1, buflen);
	schedule_init(&s, rate, c->p.dist, (c->p.seed ? c->p.seed : (uint64_t)getpid() ^ mono_ns()) + w->index);
	if (sleep_until_mono(w->mono_start) != 0)
		goto out;
	for (uint64_t seq = 0; buf && !lg_interrupted; seq++) {
		uint64_t due = rate > 0 ? w->mono_start + schedule_next(&s) : mono_ns();
		if (due >= end || sleep_until_mono(due) != 0)
			break;
		uint64_t off = due - w->mono_start;
		uint64_t began = mono_ns();
		if (!r->first_send_ns)
			r->first_send_ns = real_ns();
		int ok = transaction(w, buf, buflen, seq, due) == 0;
		uint64_t now = mono_ns();
		if (!ok || !c->p.persistent) {
			if (w->fd >= 0)
				close(w->fd);   /* after a timeout the stream is out of step */
			w->fd = -1;
		}
		if (!client_in_window(c, off))
			continue;
		r->sent++;
		r->bytes_sent += c->p.size;
		if (rate > 0)
			hist_record(&r->lag, began > due ? began - due : 0);
		struct lg_interval *iv = result_interval(r, off - c->p.warmup_ns);
		if (iv)
			iv->sent++;
		if (!ok) {
			r->lost++;
			continue;
		}
		r->received++;
		r->bytes_received += c->res.reply_size;
		if (iv)
			iv->received++;
		result_record_latency(r, iv, now - due);
	}
out:
	free(buf);
	return NULL;
}

int rr_run(struct client *c, uint64_t mono_start, char *err, size_t errlen)
{
	struct rr *R = c->engine;
	unsigned started = 0;
	int rc = 0;

	for (; started < R->n; started++) {
		R->w[started].mono_start = mono_start;
		if (pthread_create(&R->w[started].tid, NULL, rr_worker_run, &R->w[started]) != 0) {
			snprintf(err, errlen, "cannot start a worker thread");
			rc = -1;
			break;
		}
	}
	for (unsigned i = 0; i < started; i++) {
		pthread_join(R->w[i].tid, NULL);
		if (result_merge(&c->res, &R->w[i].res) != 0)
			rc = -1;
	}
	return rc;
}
