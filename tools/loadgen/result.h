/* Results: making, merging and marshalling struct lg_result.  The wire
 * form is text, one "key value" per line and histograms as sparse
 * "index:count" lists, so it is the same on every architecture and can be
 * read in a capture. */
#ifndef LOADGEN_RESULT_H
#define LOADGEN_RESULT_H

#include "loadgen.h"

/* Zeroes r and allocates its histograms and the intervals of a window of
 * window_ns cut every interval_ns (at most RESULT_MAX_INTERVALS: longer
 * runs get longer intervals).  Returns 0 or -1 (ENOMEM). */
#define RESULT_MAX_INTERVALS 600
int result_init(struct lg_result *r, const char *test, uint64_t window_ns, uint64_t interval_ns);
void result_free(struct lg_result *r);

/* The interval a time since the window start falls in, or NULL. */
struct lg_interval *result_interval(struct lg_result *r, uint64_t since_start_ns);
/* Records a latency in the totals and its interval's histogram. */
void result_record_latency(struct lg_result *r, struct lg_interval *iv, uint64_t ns);

/* Adds src's counts and histograms to dst (intervals by index). */
int result_merge(struct lg_result *dst, const struct lg_result *src);

int result_marshall(const struct lg_result *r, char **data, size_t *len);
/* Fills r (which must not be initialised) from data.  Every number and
 * count is checked; returns 0, or -1 with err set. */
int result_unmarshall(const char *data, size_t len, struct lg_result *r, char *err, size_t errlen);

#endif
