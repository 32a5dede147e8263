/* The client side of every test: checking the arguments, choosing the
 * engine, running from the agreed start, marshalling the result. */
#include "client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "result.h"
#include "schedule.h"

static int check_params(enum client_kind kind, const struct lg_params *p, char *err, size_t errlen)
{
	int udp = kind == KIND_UDP_LATENCY || kind == KIND_UDP_STREAM;
	int latency = kind == KIND_UDP_LATENCY || kind == KIND_TCP_LATENCY;

	if (udp && (p->size > LG_MAX_UDP_SIZE || p->reply_size > LG_MAX_UDP_SIZE)) {
		snprintf(err, errlen, "size=%llu: a UDP message holds at most %u bytes",
			 (unsigned long long)(p->size > LG_MAX_UDP_SIZE ? p->size : p->reply_size), LG_MAX_UDP_SIZE);
		return -1;
	}
	if (latency && p->rate <= 0) {
		snprintf(err, errlen, "rate=0: an open-loop latency test needs a rate");
		return -1;
	}
	uint64_t total = p->warmup_ns + p->duration_ns + p->cooldown_ns;
	if (latency && schedule_capacity(p->rate, p->dist, total) > LG_MAX_REQUESTS) {
		snprintf(err, errlen, "rate x time: more than %u requests in one run", LG_MAX_REQUESTS);
		return -1;
	}
	return 0;
}

/* What a test means when an argument is not given: streams go as fast as
 * they can in iperf3's message sizes, tcp-rr is a closed loop. */
static void kind_defaults(enum client_kind kind, struct lg_params *p)
{
	if (!(p->given & PK_RATE) && (kind == KIND_TCP_STREAM || kind == KIND_UDP_STREAM || kind == KIND_TCP_RR))
		p->rate = 0;
	if (!(p->given & PK_SIZE) && kind == KIND_TCP_STREAM)
		p->size = 128 * 1024;
	if (!(p->given & PK_SIZE) && kind == KIND_UDP_STREAM)
		p->size = 1472;
}

void *client_setup(const struct lg_test *t, enum client_kind kind, const struct lg_params *given, int dry,
		   char *err, size_t errlen)
{
	struct lg_params params = *given, *p = &params;
	struct client *c;
	int rc;

	kind_defaults(kind, p);
	if (check_params(kind, p, err, errlen) != 0)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	c->test = t;
	c->kind = kind;
	c->p = *p;
	c->total_ns = p->warmup_ns + p->duration_ns + p->cooldown_ns;
	if (dry)
		return c;
	if (result_init(&c->res, t->name, p->duration_ns, p->interval_ns) != 0) {
		snprintf(err, errlen, "out of memory");
		free(c);
		return NULL;
	}
	c->res.rate_milli = (uint64_t)(p->rate * 1000 + 0.5);
	c->res.size = p->size;
	c->res.reply_size = p->reply_size ? p->reply_size : p->size;
	int type = kind == KIND_UDP_LATENCY || kind == KIND_UDP_STREAM ? SOCK_DGRAM : SOCK_STREAM;
	if (net_resolve(p->host, p->port, type, &c->addr, err, errlen) != 0) {
		client_destroy(c);
		return NULL;
	}
	switch (kind) {
	case KIND_UDP_LATENCY:
	case KIND_TCP_LATENCY: rc = latency_open(c, err, errlen); break;
	case KIND_TCP_STREAM:
	case KIND_UDP_STREAM: rc = stream_open(c, err, errlen); break;
	default: rc = rr_open(c, err, errlen); break;
	}
	if (rc != 0) {
		client_destroy(c);
		return NULL;
	}
	return c;
}

int client_start(void *state, const struct lg_window *w, char *err, size_t errlen)
{
	struct client *c = state;
	uint64_t start = w->start_ns ? w->start_ns : real_ns();

	c->res.start_ns = start + c->p.warmup_ns;   /* the window's start */
	uint64_t mono_start = mono_at_real(start);
	switch (c->kind) {
	case KIND_UDP_LATENCY:
	case KIND_TCP_LATENCY: return latency_run(c, mono_start, err, errlen);
	case KIND_TCP_STREAM:
	case KIND_UDP_STREAM: return stream_run(c, mono_start, err, errlen);
	default: return rr_run(c, mono_start, err, errlen);
	}
}

int client_stop(void *state)
{
	(void)state;
	return 0;
}

int client_marshall(void *state, char **data, size_t *len)
{
	return result_marshall(&((struct client *)state)->res, data, len);
}

void client_destroy(void *state)
{
	struct client *c = state;

	if (!c)
		return;
	if (c->engine) {
		switch (c->kind) {
		case KIND_UDP_LATENCY:
		case KIND_TCP_LATENCY: latency_close(c); break;
		case KIND_TCP_STREAM:
		case KIND_UDP_STREAM: stream_close(c); break;
		default: rr_close(c); break;
		}
	}
	result_free(&c->res);
	free(c);
}

int client_unmarshall(const char *data, size_t len, struct lg_result *r, char *err, size_t errlen)
{
	return result_unmarshall(data, len, r, err, errlen);
}
