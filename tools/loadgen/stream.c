/* The stream engine of tcp-stream and udp-stream: one thread per
 * connection sends messages of the given size as fast as the socket takes
 * them, or at its share of the rate (open loop, constant or Poisson).
 * Bytes count in the window by the time their send completed. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "client.h"
#include "clock.h"
#include "result.h"
#include "schedule.h"

struct streamer {
	struct client *c;
	int fd;
	unsigned index;
	uint64_t mono_start;
	struct lg_result res;     /* this connection's share, merged at the end */
	pthread_t tid;
};

struct stream {
	struct streamer *s;
	unsigned n;
};

int stream_open(struct client *c, char *err, size_t errlen)
{
	struct stream *S = calloc(1, sizeof(*S));
	int type = c->kind == KIND_UDP_STREAM ? SOCK_DGRAM : SOCK_STREAM;

	if (!S)
		return snprintf(err, errlen, "out of memory"), -1;
	c->engine = S;
	S->n = c->p.connections;
	S->s = calloc(S->n, sizeof(*S->s));
	if (!S->s)
		return snprintf(err, errlen, "out of memory"), -1;
	for (unsigned i = 0; i < S->n; i++)
		S->s[i].fd = -1;
	for (unsigned i = 0; i < S->n; i++) {
		struct streamer *st = &S->s[i];
		st->c = c;
		st->index = i;
		if (result_init(&st->res, c->test->name, c->p.duration_ns, c->p.interval_ns) != 0)
			return snprintf(err, errlen, "out of memory"), -1;
		st->fd = net_connect(&c->addr, type, c->p.timeout_ns, err, errlen);
		if (st->fd < 0)
			return -1;
		struct timeval tv = { (time_t)(c->p.timeout_ns / 1000000000ULL),
				      (suseconds_t)(c->p.timeout_ns % 1000000000ULL / 1000) };
		setsockopt(st->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	}
	return 0;
}

void stream_close(struct client *c)
{
	struct stream *S = c->engine;

	for (unsigned i = 0; S->s && i < S->n; i++) {
		if (S->s[i].fd >= 0)
			close(S->s[i].fd);
		result_free(&S->s[i].res);
	}
	free(S->s);
	free(S);
	c->engine = NULL;
}

static void *streamer_run(void *arg)
{
	struct streamer *st = arg;
	struct client *c = st->c;
	struct lg_result *r = &st->res;
	struct schedule s;
	unsigned char *buf = calloc(1, c->p.size);
	double rate = c->p.rate / c->p.connections;
	uint64_t end = st->mono_start + c->total_ns;

	schedule_init(&s, rate, c->p.dist, (c->p.seed ? c->p.seed : (uint64_t)getpid() ^ mono_ns()) + st->index);
	if (rate <= 0 && sleep_until_mono(st->mono_start) != 0)
		goto out;
	while (buf && !lg_interrupted) {
		uint64_t due = 0;
		if (rate > 0) {
			due = st->mono_start + schedule_next(&s);
			if (due >= end || sleep_until_mono(due) != 0)
				break;
		}
		uint64_t before = mono_ns();
		if (before >= end)
			break;
		if (!r->first_send_ns)
			r->first_send_ns = real_ns();
		int rc = net_send_all(st->fd, buf, c->p.size);
		uint64_t now = mono_ns(), off = now - st->mono_start;
		if (!client_in_window(c, off)) {
			if (rc != 0 && c->kind == KIND_TCP_STREAM)
				break;
			continue;
		}
		if (rc != 0) {
			r->errors++;
			if (c->kind == KIND_TCP_STREAM)
				break;   /* the connection is gone or stuck */
			continue;
		}
		r->sent++;
		r->bytes_sent += c->p.size;
		if (rate > 0)
			hist_record(&r->lag, before > due ? before - due : 0);
		struct lg_interval *iv = result_interval(r, off - c->p.warmup_ns);
		if (iv) {
			iv->sent++;
			iv->bytes += c->p.size;
		}
	}
out:
	free(buf);
	return NULL;
}

int stream_run(struct client *c, uint64_t mono_start, char *err, size_t errlen)
{
	struct stream *S = c->engine;
	unsigned started = 0;
	int rc = 0;

	for (; started < S->n; started++) {
		S->s[started].mono_start = mono_start;
		if (pthread_create(&S->s[started].tid, NULL, streamer_run, &S->s[started]) != 0) {
			snprintf(err, errlen, "cannot start a sender thread");
			rc = -1;
			break;
		}
	}
	for (unsigned i = 0; i < started; i++) {
		pthread_join(S->s[i].tid, NULL);
		if (result_merge(&c->res, &S->s[i].res) != 0)
			rc = -1;
	}
	/* Closing the connections tells a sink the stream is over. */
	for (unsigned i = 0; i < S->n; i++) {
		if (S->s[i].fd >= 0)
			close(S->s[i].fd);
		S->s[i].fd = -1;
	}
	return rc;
}
