#include "histogram.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int hist_init(struct histogram *h)
{
	memset(h, 0, sizeof(*h));
	h->buckets = calloc(HIST_BUCKETS, sizeof(*h->buckets));
	if (!h->buckets) {
		errno = ENOMEM;
		return -1;
	}
	h->min = UINT64_MAX;
	return 0;
}

void hist_free(struct histogram *h)
{
	free(h->buckets);
	h->buckets = NULL;
}

void hist_reset(struct histogram *h)
{
	uint64_t *b = h->buckets;

	memset(b, 0, HIST_BUCKETS * sizeof(*b));
	memset(h, 0, sizeof(*h));
	h->buckets = b;
	h->min = UINT64_MAX;
}

size_t hist_index(uint64_t value)
{
	if (value < 2 * HIST_SUB_COUNT)
		return (size_t)value;
	/* value = m * 2^e with m in [SUB, 2*SUB): bucket e*SUB + m. */
	unsigned msb = 63u - (unsigned)__builtin_clzll(value);
	unsigned e = msb - HIST_SUB_BITS;
	return (size_t)e * HIST_SUB_COUNT + (size_t)(value >> e);
}

uint64_t hist_bucket_low(size_t index)
{
	if (index < 2 * HIST_SUB_COUNT)
		return index;
	size_t e = index / HIST_SUB_COUNT - 1;
	uint64_t m = index - e * HIST_SUB_COUNT;
	return m << e;
}

uint64_t hist_bucket_high(size_t index)
{
	if (index < 2 * HIST_SUB_COUNT)
		return index;
	size_t e = index / HIST_SUB_COUNT - 1;
	return hist_bucket_low(index) + ((UINT64_C(1) << e) - 1);
}

void hist_record_n(struct histogram *h, uint64_t value, uint64_t count)
{
	if (count == 0)
		return;
	h->buckets[hist_index(value)] += count;
	h->count += count;
	if (value < h->min)
		h->min = value;
	if (value > h->max)
		h->max = value;
	if (value != 0 && count > (UINT64_MAX - h->sum) / value)
		h->sum = UINT64_MAX;
	else
		h->sum += value * count;
	h->sumsq += (double)value * (double)value * (double)count;
}

void hist_record(struct histogram *h, uint64_t value)
{
	hist_record_n(h, value, 1);
}

void hist_merge(struct histogram *dst, const struct histogram *src)
{
	if (src->count == 0)
		return;
	for (size_t i = 0; i < HIST_BUCKETS; i++)
		dst->buckets[i] += src->buckets[i];
	dst->count += src->count;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
	dst->sum = src->sum > UINT64_MAX - dst->sum ? UINT64_MAX : dst->sum + src->sum;
	dst->sumsq += src->sumsq;
}

uint64_t hist_percentile(const struct histogram *h, double p)
{
	if (h->count == 0)
		return 0;
	if (p > 100)
		p = 100;
	uint64_t rank = (uint64_t)ceil(p / 100.0 * (double)h->count);
	if (rank < 1)
		rank = 1;
	uint64_t seen = 0;
	for (size_t i = 0; i < HIST_BUCKETS; i++) {
		seen += h->buckets[i];
		if (seen >= rank) {
			uint64_t v = hist_bucket_high(i);
			return v > h->max ? h->max : v < h->min ? h->min : v;
		}
	}
	return h->max;
}

double hist_mean(const struct histogram *h)
{
	return h->count ? (double)h->sum / (double)h->count : 0.0;
}

double hist_stddev(const struct histogram *h)
{
	if (h->count < 2)
		return 0.0;
	double mean = hist_mean(h);
	double var = h->sumsq / (double)h->count - mean * mean;
	return var > 0 ? sqrt(var) : 0.0;
}
