/* loadgen: the shapes every part shares.  A test is a plugin in the manner
 * of ipbench: setup (parse "key=value,..." and prepare), start (client:
 * run the test from an agreed time to its end; target: start measuring),
 * stop, marshall (results to bytes), and on the controller unmarshall and
 * output (aggregate over clients).  The registry (registry.c) lists them. */
#ifndef LOADGEN_H
#define LOADGEN_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "histogram.h"
#include "params.h"

enum lg_side { LG_CLIENT, LG_TARGET };

/* The measurement window in CLOCK_REALTIME ns; end 0 = until stop. */
struct lg_window {
	uint64_t start_ns, end_ns;
};

/* Figures of one interval of a client's run. */
struct lg_interval {
	uint64_t sent, received, bytes;
	struct histogram lat;   /* buckets allocated on the first sample */
};

/* What a client or target sends back; the same shape for every test so
 * that marshalling, merging and output are shared (result.c, output.c). */
struct lg_result {
	char test[32];
	char source[128];          /* the daemon it came from (controller) */
	uint64_t rate_milli;       /* requested requests (or messages) per ks */
	uint64_t size, reply_size;
	uint64_t window_ns;        /* length of the measurement window */
	uint64_t start_ns;         /* agreed start, realtime */
	uint64_t first_send_ns;    /* first actual send, realtime */
	uint64_t sent, received, late, lost, errors;   /* in the window */
	uint64_t bytes_sent, bytes_received;           /* in the window */
	struct histogram lat;      /* latency from the scheduled send, ns */
	struct histogram lag;      /* actual send - scheduled send, ns */
	struct histogram rtt;      /* round trip from the actual send, ns */
	uint64_t interval_ns;
	size_t n_iv;
	struct lg_interval *iv;
	/* Target side. */
	int has_cpu;
	uint64_t cpu_spin_ppm, cpu_proc_ppm;   /* utilisation, parts per million */
	uint64_t cpu_window_ns;
	uint64_t target_received, target_bytes; /* what the server saw in the window */
};

/* Output files and options of the controller. */
struct lg_outputs {
	const char *csv, *intervals, *distribution, *summary;
	int quiet;
};

struct lg_test {
	const char *name;
	const char *summary;
	enum lg_side side;
	unsigned keys;             /* the PK_* arguments it accepts */
	/* Parses args (already split by params_parse) and, unless dry, opens
	 * what the test needs.  Returns its state, or NULL with err set. */
	void *(*setup)(const struct lg_params *p, int dry, char *err, size_t errlen);
	/* Client: runs the whole test (blocks); target: starts measuring. */
	int (*start)(void *state, const struct lg_window *w, char *err, size_t errlen);
	/* Target: stops measuring; client: nothing to do after start returned. */
	int (*stop)(void *state);
	/* Results as bytes (malloc'd). */
	int (*marshall)(void *state, char **data, size_t *len);
	void (*destroy)(void *state);
	/* Controller side. */
	int (*unmarshall)(const char *data, size_t len, struct lg_result *r, char *err, size_t errlen);
	void (*output)(struct lg_result *const res[], size_t n, const struct lg_result *target,
		       const struct lg_outputs *out, int partial);
};

/* registry.c */
const struct lg_test *lg_find_test(const char *name);
void lg_list_tests(FILE *fp);

/* Set by SIGINT/SIGTERM: every loop ends soon after. */
extern volatile sig_atomic_t lg_interrupted;

#endif
