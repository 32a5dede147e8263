/* What the client tests share: the three engines (open-loop latency,
 * stream, request/response) behind the plugin functions, and the
 * measurement window arithmetic. */
#ifndef LOADGEN_CLIENT_H
#define LOADGEN_CLIENT_H

#include "loadgen.h"
#include "net.h"
#include "params.h"

enum client_kind { KIND_UDP_LATENCY, KIND_TCP_LATENCY, KIND_TCP_STREAM, KIND_UDP_STREAM, KIND_TCP_RR };

struct client {
	const struct lg_test *test;
	enum client_kind kind;
	struct lg_params p;
	struct net_addr addr;
	uint64_t total_ns;        /* warm-up + duration + cool-down */
	struct lg_result res;
	void *engine;             /* the engine's own state */
};

/* Whether a schedule offset (ns from the start) is in the window. */
static inline int client_in_window(const struct client *c, uint64_t off)
{
	return off >= c->p.warmup_ns && off - c->p.warmup_ns < c->p.duration_ns;
}

/* The plugin functions every client test uses (client.c). */
void *client_setup(const struct lg_test *t, enum client_kind kind, const struct lg_params *p, int dry,
		   char *err, size_t errlen);
int client_start(void *state, const struct lg_window *w, char *err, size_t errlen);
int client_stop(void *state);
int client_marshall(void *state, char **data, size_t *len);
void client_destroy(void *state);
int client_unmarshall(const char *data, size_t len, struct lg_result *r, char *err, size_t errlen);

/* The engines: open sockets (setup), run (start, blocking), close. */
int latency_open(struct client *c, char *err, size_t errlen);
int latency_run(struct client *c, uint64_t mono_start, char *err, size_t errlen);
void latency_close(struct client *c);
int stream_open(struct client *c, char *err, size_t errlen);
int stream_run(struct client *c, uint64_t mono_start, char *err, size_t errlen);
void stream_close(struct client *c);
int rr_open(struct client *c, char *err, size_t errlen);
int rr_run(struct client *c, uint64_t mono_start, char *err, size_t errlen);
void rr_close(struct client *c);

/* Defines a client test VAR named NAME on an engine KIND: the plugin
 * functions are the shared ones above; only the name, the arguments it
 * takes and its summary differ. */
#define LG_CLIENT_TEST(var, name_, kind, keys_, summary_)                                  \
	static void *var##_setup(const struct lg_params *p, int dry, char *err, size_t errlen); \
	const struct lg_test var = {                                                        \
		.name = name_,                                                              \
		.summary = summary_,                                                        \
		.side = LG_CLIENT,                                                          \
		.keys = keys_,                                                              \
		.setup = var##_setup,                                                       \
		.start = client_start,                                                      \
		.stop = client_stop,                                                        \
		.marshall = client_marshall,                                                \
		.destroy = client_destroy,                                                  \
		.unmarshall = result_unmarshall,                                            \
		.output = output_client,                                                    \
	};                                                                                  \
	static void *var##_setup(const struct lg_params *p, int dry, char *err, size_t errlen) \
	{                                                                                   \
		return client_setup(&var, kind, p, dry, err, errlen);                       \
	}

#endif
