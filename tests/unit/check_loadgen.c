/* Unit tests of loadgen's parts: results marshalled and unmarshalled
 * (every field, histograms, intervals; damage rejected), merging, the
 * argument parser, the schedules and the data-plane header. */
#include "unit.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "params.h"
#include "result.h"
#include "schedule.h"
#include "wire.h"

static struct lg_result a, b;

static void setup(void)
{
	ck_assert_int_eq(result_init(&a, "udp-latency", 3000000000ULL, 1000000000ULL), 0);
}

static void teardown(void)
{
	result_free(&a);
	result_free(&b);
}

static void fill(struct lg_result *r)
{
	r->rate_milli = 1500500;
	r->size = 64;
	r->reply_size = 128;
	r->start_ns = 1700000000123456789ULL;
	r->first_send_ns = 1700000000123999999ULL;
	r->sent = 3000;
	r->received = 2990;
	r->late = 4;
	r->lost = 6;
	r->errors = 1;
	r->bytes_sent = 192000;
	r->bytes_received = 382720;
	r->has_cpu = 1;
	r->cpu_spin_ppm = 123456;
	r->cpu_proc_ppm = 999999;
	r->cpu_window_ns = 3000000001ULL;
	r->target_received = 77;
	r->target_bytes = UINT64_MAX;
	for (uint64_t v = 1; v <= 2990; v++)
		result_record_latency(r, result_interval(r, v * 1000000), v * 997 + 13);
	hist_record_n(&r->lag, 5000, 2999);
	hist_record(&r->lag, 12345678);
	hist_record_n(&r->rtt, 4096, 2980);
	hist_record(&r->rtt, 9000000);
	r->iv[2].sent = 1000;
	r->iv[2].received = 990;
	r->iv[2].bytes = 63360;
}

START_TEST(marshall_round_trip)
{
	char *data, err[256];
	size_t len;

	fill(&a);
	ck_assert_int_eq(result_marshall(&a, &data, &len), 0);
	ck_assert_int_eq(result_unmarshall(data, len, &b, err, sizeof(err)), 0);
	free(data);
	ck_assert_str_eq(b.test, "udp-latency");
	ck_assert_uint_eq(b.rate_milli, a.rate_milli);
	ck_assert_uint_eq(b.reply_size, 128);
	ck_assert_uint_eq(b.start_ns, a.start_ns);
	ck_assert_uint_eq(b.first_send_ns, a.first_send_ns);
	ck_assert_uint_eq(b.late, 4);
	ck_assert_uint_eq(b.lost, 6);
	ck_assert_uint_eq(b.errors, 1);
	ck_assert_uint_eq(b.target_bytes, UINT64_MAX);
	ck_assert_int_eq(b.has_cpu, 1);
	ck_assert_uint_eq(b.cpu_spin_ppm, 123456);
	ck_assert_uint_eq(b.lat.count, a.lat.count);
	ck_assert_uint_eq(b.lat.min, a.lat.min);
	ck_assert_uint_eq(b.lat.max, a.lat.max);
	ck_assert_uint_eq(b.lat.sum, a.lat.sum);
	ck_assert(b.lat.sumsq == a.lat.sumsq);
	ck_assert_int_eq(memcmp(b.lat.buckets, a.lat.buckets, HIST_BUCKETS * sizeof(uint64_t)), 0);
	ck_assert_uint_eq(hist_percentile(&b.lag, 100), 12345678);
	ck_assert_uint_eq(b.rtt.count, 2981);
	ck_assert_uint_eq(b.rtt.min, 4096);
	ck_assert_uint_eq(hist_percentile(&b.rtt, 100), 9000000);
	ck_assert_uint_eq(b.n_iv, 3);
	ck_assert_uint_eq(b.iv[2].sent, 1000);
	ck_assert_uint_eq(b.iv[2].bytes, 63360);
	ck_assert_uint_eq(b.iv[1].lat.count, a.iv[1].lat.count);
	ck_assert_uint_eq(hist_percentile(&b.iv[0].lat, 50), hist_percentile(&a.iv[0].lat, 50));
}
END_TEST

START_TEST(unmarshall_rejects_damage)
{
	char *data, err[256];
	size_t len;

	fill(&a);
	ck_assert_int_eq(result_marshall(&a, &data, &len), 0);
	/* Cut short: no end line. */
	ck_assert_int_eq(result_unmarshall(data, len / 2, &b, err, sizeof(err)), -1);
	ck_assert_int_eq(result_unmarshall(data, 0, &b, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "not a loadgen result");
	free(data);
	const char *bad[] = {
		"loadgen-result 1\nsent x\nend\n",
		"loadgen-result 1\nlat 2 1 5 6 0 1:1\nend\n",          /* counts do not add up */
		"loadgen-result 1\nlat 1 1 1 1 0 99999:1\nend\n",      /* no such bucket */
		"loadgen-result 1\nintervals 2\niv 5 1 1 1 0\nend\n",  /* no such interval */
		"loadgen-result 1\nintervals 999999\nend\n",           /* too many */
		"loadgen-result 1\nsent 1 2\nend\n",
		"garbage\nend\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(result_unmarshall(bad[i], strlen(bad[i]), &b, err, sizeof(err)) == -1, "accepted %s", bad[i]);
	/* A result that names no test cannot be marshalled again. */
	const char *untested = "loadgen-result 1\nsent 5\nend\n";
	ck_assert_int_eq(result_unmarshall(untested, strlen(untested), &b, err, sizeof(err)), -1);
	/* A newer peer's unknown keys are skipped. */
	const char *newer = "loadgen-result 1\ntest udp-latency\nsent 5\nfuture_key 7\nend\n";
	ck_assert_int_eq(result_unmarshall(newer, strlen(newer), &b, err, sizeof(err)), 0);
	ck_assert_uint_eq(b.sent, 5);
}
END_TEST

START_TEST(merge_adds_clients)
{
	fill(&a);
	ck_assert_int_eq(result_init(&b, "udp-latency", 3000000000ULL, 1000000000ULL), 0);
	fill(&b);
	b.first_send_ns -= 5;
	ck_assert_int_eq(result_merge(&b, &a), 0);
	ck_assert_uint_eq(b.sent, 6000);
	ck_assert_uint_eq(b.lat.count, 2 * a.lat.count);
	ck_assert_uint_eq(b.rtt.count, 2 * a.rtt.count);
	ck_assert_uint_eq(b.iv[2].received, 1980);
	ck_assert_uint_eq(b.first_send_ns, a.first_send_ns - 5);
	ck_assert_uint_eq(hist_percentile(&b.lat, 50), hist_percentile(&a.lat, 50));
}
END_TEST

START_TEST(arguments)
{
	struct lg_params p;
	char err[256];

	params_defaults(&p);
	ck_assert_int_eq(params_parse(&p, "", PK_CLIENT_COMMON, err, sizeof(err)), 0);
	ck_assert(p.rate == 1000 && p.size == 64 && p.port == 7);
	ck_assert_int_eq(params_parse(&p, "rate=2500.5,size=1k,duration=250ms,warmup=1s,connections=4,host=::1,port=9",
				      PK_CLIENT_COMMON, err, sizeof(err)), 0);
	ck_assert(fabs(p.rate - 2500.5) < 1e-9);
	ck_assert_uint_eq(p.size, 1024);
	ck_assert_uint_eq(p.duration_ns, 250000000);
	ck_assert_uint_eq(p.warmup_ns, 1000000000);
	ck_assert_uint_eq(p.connections, 4);
	ck_assert_str_eq(p.host, "::1");
	ck_assert_uint_eq(p.given & (PK_RATE | PK_SIZE), PK_RATE | PK_SIZE);
	ck_assert_int_eq(params_parse(&p, "colour=red", PK_CLIENT_COMMON, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "unknown argument 'colour'");
	ck_assert_int_eq(params_parse(&p, "delay=5ms", PK_CLIENT_COMMON, err, sizeof(err)), -1);
	ck_assert_int_eq(params_parse(&p, "rate=20000000", PK_CLIENT_COMMON, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "rate='20000000': out of range");
	ck_assert_int_eq(params_parse(&p, "size=16", PK_CLIENT_COMMON, err, sizeof(err)), -1);
	ck_assert_int_eq(params_parse(&p, "rate=1.", PK_CLIENT_COMMON, err, sizeof(err)), -1);
	ck_assert_int_eq(params_parse(&p, "rate", PK_CLIENT_COMMON, err, sizeof(err)), -1);
	ck_assert_int_eq(params_parse(&p, "connections=0", PK_CLIENT_COMMON, err, sizeof(err)), -1);
	ck_assert_int_eq(params_parse(&p, "dist=poisson", PK_DIST, err, sizeof(err)), 0);
	ck_assert_int_eq(p.dist, DIST_POISSON);
	ck_assert_int_eq(params_parse(&p, "dist=bursty", PK_DIST, err, sizeof(err)), -1);
	ck_assert_int_eq(p.pace, PACE_SLEEP);
	ck_assert_int_eq(params_parse(&p, "pace=spin", PK_PACE, err, sizeof(err)), 0);
	ck_assert_int_eq(p.pace, PACE_SPIN);
	ck_assert_int_eq(params_parse(&p, "pace=sleep", PK_PACE, err, sizeof(err)), 0);
	ck_assert_int_eq(p.pace, PACE_SLEEP);
	ck_assert_int_eq(params_parse(&p, "pace=busy", PK_PACE, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "pace='busy': not a valid value");
	ck_assert_int_eq(params_parse(&p, "pace=spin", PK_CLIENT_COMMON, err, sizeof(err)), -1);
}
END_TEST

START_TEST(schedules)
{
	struct schedule s;

	schedule_init(&s, 1000, DIST_CONSTANT, 1);
	for (uint64_t i = 0; i < 5000; i++)
		ck_assert_uint_eq(schedule_next(&s), i * 1000000);
	/* Poisson: the mean gap is 1/rate (within 2% over 100000 gaps), and a
	 * seed gives the same schedule again. */
	schedule_init(&s, 10000, DIST_POISSON, 42);
	uint64_t last = 0, first_gaps[3];
	for (int i = 0; i <= 100000; i++) {
		uint64_t t = schedule_next(&s);
		ck_assert_uint_ge(t, last);
		if (i > 0 && i <= 3)
			first_gaps[i - 1] = t;
		last = t;
	}
	ck_assert(fabs((double)last / 100000 - 100000) < 2000);
	schedule_init(&s, 10000, DIST_POISSON, 42);
	schedule_next(&s);
	for (int i = 0; i < 3; i++)
		ck_assert_uint_eq(schedule_next(&s), first_gaps[i]);
	ck_assert_uint_ge(schedule_capacity(10000, DIST_POISSON, 10000000000ULL), 100000);
}
END_TEST

START_TEST(message_header)
{
	unsigned char buf[WIRE_HEADER];
	struct wire_msg m = { .len = 1500, .reply_len = 64, .conn = 3, .seq = 0x123456789aULL, .sched_ns = UINT64_MAX - 1 }, r;

	wire_put(buf, &m);
	ck_assert_int_eq(wire_get(buf, sizeof(buf), &r), 0);
	ck_assert(r.len == 1500 && r.reply_len == 64 && r.conn == 3 && r.seq == m.seq && r.sched_ns == m.sched_ns);
	ck_assert_int_eq(wire_get(buf, sizeof(buf) - 1, &r), -1);
	buf[0] = 'X';
	ck_assert_int_eq(wire_get(buf, sizeof(buf), &r), -1);
}
END_TEST

int main(void)
{
	return unit_run(unit_suite("loadgen", setup, teardown,
		UNIT_TESTS(marshall_round_trip, unmarshall_rejects_damage, merge_adds_clients, arguments, schedules,
			   message_header)));
}
