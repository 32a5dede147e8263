/* A log-linear histogram of non-negative integers (latencies in ns), in the
 * manner of HdrHistogram: values below 2^(HIST_SUB_BITS+1) have a bucket
 * each; above, every power of two is cut into 2^HIST_SUB_BITS buckets of
 * equal width, so a bucket's width is at most 1/2^HIST_SUB_BITS of the
 * values it holds (relative error below 0.79% with 7 bits).  Counts, sum,
 * min and max merge exactly across histograms (one per client). */
#ifndef SONDE_HISTOGRAM_H
#define SONDE_HISTOGRAM_H

#include <stddef.h>
#include <stdint.h>

#define HIST_SUB_BITS 7
#define HIST_SUB_COUNT (1u << HIST_SUB_BITS)
/* Buckets 0 .. 2*SUB-1 are exact; then 64-SUB_BITS-1 halves of SUB each. */
#define HIST_BUCKETS ((size_t)(64 - HIST_SUB_BITS) * HIST_SUB_COUNT + HIST_SUB_COUNT)

struct histogram {
	uint64_t count;
	uint64_t min, max;      /* exact; min is UINT64_MAX when empty */
	uint64_t sum;           /* saturates at UINT64_MAX */
	double sumsq;           /* for the standard deviation */
	uint64_t *buckets;      /* HIST_BUCKETS counters */
};

/* Returns 0, or -1 with errno ENOMEM. */
int hist_init(struct histogram *h);
void hist_free(struct histogram *h);
void hist_reset(struct histogram *h);

void hist_record(struct histogram *h, uint64_t value);
/* Records COUNT occurrences of VALUE (used when unmarshalling). */
void hist_record_n(struct histogram *h, uint64_t value, uint64_t count);
/* Adds every count of src to dst. */
void hist_merge(struct histogram *dst, const struct histogram *src);

/* The bucket holding a value and the range of values a bucket holds. */
size_t hist_index(uint64_t value);
uint64_t hist_bucket_low(size_t index);
uint64_t hist_bucket_high(size_t index);

/* The value at percentile p (0 < p <= 100): the highest value of the bucket
 * holding the ceil(p% * count)-th smallest value, clamped to [min, max],
 * so that p100 is the maximum.  0 when empty. */
uint64_t hist_percentile(const struct histogram *h, double p);
double hist_mean(const struct histogram *h);
double hist_stddev(const struct histogram *h);

#endif
