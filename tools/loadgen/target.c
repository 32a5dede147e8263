#include "target.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cpumeter.h"
#include "result.h"
#include "server.h"

struct target {
	const struct lg_test *test;
	struct lg_params p;
	struct server *srv;
	struct cpumeter *meter;
	struct lg_window w;
	pthread_t tid;
	int running;
	atomic_int stop;
	struct server_counts c0, c1;
	struct cpu_reading reading;
};

void *target_setup(const struct lg_test *t, enum target_kind kind, const struct lg_params *p, int dry,
		   char *err, size_t errlen)
{
	struct target *T = calloc(1, sizeof(*T));

	if (!T) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	T->test = t;
	T->p = *p;
	if (dry)
		return T;
	if (kind != TARGET_CPU) {
		T->srv = server_open(NULL, p->port, p->proto, kind == TARGET_SINK, p->delay_ns, err, errlen);
		if (!T->srv || server_start_thread(T->srv) != 0)
			goto fail;
	}
	if (!(T->meter = cpumeter_open(err, errlen)))
		goto fail;
	return T;
fail:
	target_destroy(T);
	return NULL;
}

static struct server_counts counts(struct target *T)
{
	struct server_counts none = { 0, 0 };
	return T->srv ? server_counts(T->srv) : none;
}

/* The window: from its start (or now) to its end (or STOP). */
static void *window_run(void *arg)
{
	struct target *T = arg;

	if (T->w.start_ns)
		sleep_until_mono(mono_at_real(T->w.start_ns));
	cpumeter_begin(T->meter);
	T->c0 = counts(T);
	uint64_t end = T->w.end_ns ? mono_at_real(T->w.end_ns) : UINT64_MAX;
	while (!atomic_load(&T->stop) && mono_ns() < end && !lg_interrupted) {
		uint64_t next = mono_ns() + 10000000ULL;
		sleep_until_mono(next < end ? next : end);
	}
	cpumeter_end(T->meter, &T->reading);
	T->c1 = counts(T);
	return NULL;
}

int target_start(void *state, const struct lg_window *w, char *err, size_t errlen)
{
	struct target *T = state;

	if (T->running) {
		snprintf(err, errlen, "already started");
		return -1;
	}
	T->w = *w;
	atomic_store(&T->stop, 0);
	if (pthread_create(&T->tid, NULL, window_run, T) != 0) {
		snprintf(err, errlen, "cannot start the meter thread");
		return -1;
	}
	T->running = 1;
	return 0;
}

int target_stop(void *state)
{
	struct target *T = state;

	if (!T->running)
		return -1;
	atomic_store(&T->stop, 1);
	pthread_join(T->tid, NULL);
	T->running = 0;
	return 0;
}

int target_marshall(void *state, char **data, size_t *len)
{
	struct target *T = state;
	struct lg_result r;
	int rc;

	if (result_init(&r, T->test->name, T->reading.window_ns, 0) != 0)
		return -1;
	r.has_cpu = 1;
	r.cpu_spin_ppm = T->reading.spin_ppm;
	r.cpu_proc_ppm = T->reading.proc_ppm;
	r.cpu_window_ns = T->reading.window_ns;
	r.target_received = T->c1.messages - T->c0.messages;
	r.target_bytes = T->c1.bytes - T->c0.bytes;
	r.start_ns = T->w.start_ns;
	rc = result_marshall(&r, data, len);
	result_free(&r);
	return rc;
}

void target_destroy(void *state)
{
	struct target *T = state;

	if (!T)
		return;
	if (T->running)
		target_stop(T);
	server_close(T->srv);
	cpumeter_close(T->meter);
	free(T);
}
