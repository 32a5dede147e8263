/* Unit tests of the log-linear latency histogram (tools/lib/histogram.c):
 * the relative error bound, exact merging, percentiles of known
 * distributions. */
#include "unit.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "histogram.h"

static struct histogram a, b, all;

static void setup(void)
{
	ck_assert_int_eq(hist_init(&a), 0);
	ck_assert_int_eq(hist_init(&b), 0);
	ck_assert_int_eq(hist_init(&all), 0);
}

static void teardown(void)
{
	hist_free(&a);
	hist_free(&b);
	hist_free(&all);
}

/* A small deterministic generator (xorshift64*), so runs are repeatable. */
static uint64_t rng_state = 88172645463325252ULL;
static uint64_t next_random(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

START_TEST(buckets_cover_every_value_once)
{
	/* Consecutive buckets are adjacent ranges, from 0 to UINT64_MAX. */
	ck_assert_uint_eq(hist_bucket_low(0), 0);
	for (size_t i = 1; i < HIST_BUCKETS; i++)
		ck_assert_uint_eq(hist_bucket_low(i), hist_bucket_high(i - 1) + 1);
	ck_assert_uint_eq(hist_bucket_high(HIST_BUCKETS - 1), UINT64_MAX);
	ck_assert_uint_eq(hist_index(UINT64_MAX), HIST_BUCKETS - 1);
}
END_TEST

START_TEST(relative_error_is_bounded)
{
	/* Every value's bucket holds it, and the bucket is narrower than
	 * value / 2^SUB_BITS: small values are exact. */
	for (uint64_t v = 0; v < 2 * HIST_SUB_COUNT; v++)
		ck_assert_uint_eq(hist_bucket_high(hist_index(v)), v);
	for (int i = 0; i < 200000; i++) {
		uint64_t v = next_random() >> (next_random() % 64);
		size_t k = hist_index(v);
		uint64_t lo = hist_bucket_low(k), hi = hist_bucket_high(k);
		ck_assert(lo <= v && v <= hi);
		ck_assert((double)(hi - lo) <= (double)v / HIST_SUB_COUNT);
	}
}
END_TEST

START_TEST(merge_is_exact)
{
	for (int i = 0; i < 100000; i++) {
		uint64_t v = next_random() % 50000000;
		hist_record(i % 3 ? &a : &b, v);
		hist_record(&all, v);
	}
	hist_merge(&a, &b);
	ck_assert_uint_eq(a.count, all.count);
	ck_assert_uint_eq(a.sum, all.sum);
	ck_assert_uint_eq(a.min, all.min);
	ck_assert_uint_eq(a.max, all.max);
	for (size_t i = 0; i < HIST_BUCKETS; i++)
		ck_assert_uint_eq(a.buckets[i], all.buckets[i]);
	ck_assert_uint_eq(hist_percentile(&a, 99.9), hist_percentile(&all, 99.9));
	/* Merging an empty histogram changes nothing, min included. */
	hist_reset(&b);
	hist_merge(&a, &b);
	ck_assert_uint_eq(a.min, all.min);
	ck_assert_uint_eq(a.count, all.count);
}
END_TEST

START_TEST(percentiles_of_a_uniform_distribution)
{
	/* 1..1000000 ns once each: pN is N% of a million, within the bound. */
	for (uint64_t v = 1; v <= 1000000; v++)
		hist_record(&a, v);
	const double ps[] = { 50, 90, 99, 99.9, 99.99 };
	for (size_t i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
		double want = ps[i] / 100 * 1e6;
		double got = (double)hist_percentile(&a, ps[i]);
		ck_assert(got >= want && got <= want * (1 + 1.0 / HIST_SUB_COUNT));
	}
	ck_assert_uint_eq(hist_percentile(&a, 100), 1000000);
	ck_assert_uint_eq(a.min, 1);
	ck_assert(fabs(hist_mean(&a) - 500000.5) < 1e-6);
	/* The stddev of a discrete uniform 1..n: sqrt((n^2 - 1) / 12). */
	ck_assert(fabs(hist_stddev(&a) - sqrt((1e12 - 1) / 12)) < 1);
}
END_TEST

START_TEST(percentiles_of_a_two_point_distribution)
{
	/* 99% at 1 ms, 1% at 100 ms: p50 and p99 are 1 ms (to the bucket's
	 * width), p99.9 is 100 ms exactly (the maximum). */
	hist_record_n(&a, 1000000, 9900);
	hist_record_n(&a, 100000000, 100);
	ck_assert_uint_eq(hist_percentile(&a, 50), hist_bucket_high(hist_index(1000000)));
	ck_assert_uint_eq(hist_percentile(&a, 99), hist_bucket_high(hist_index(1000000)));
	ck_assert(hist_percentile(&a, 50) < 1000000 + 1000000 / HIST_SUB_COUNT);
	ck_assert_uint_eq(hist_percentile(&a, 99.9), 100000000);
	ck_assert_uint_eq(hist_percentile(&a, 0.0001), hist_percentile(&a, 50));
	ck_assert_uint_eq(a.count, 10000);
	/* Empty histograms say 0, not garbage. */
	ck_assert_uint_eq(hist_percentile(&b, 50), 0);
	ck_assert(hist_mean(&b) == 0 && hist_stddev(&b) == 0);
}
END_TEST

int main(void)
{
	return unit_run(unit_suite("histogram", setup, teardown,
		UNIT_TESTS(buckets_cover_every_value_once, relative_error_is_bounded, merge_is_exact,
			   percentiles_of_a_uniform_distribution, percentiles_of_a_two_point_distribution)));
}
