/* Open-loop send schedules: the offset (ns from the start) at which each
 * request is due, independent of when earlier ones were actually sent or
 * answered.  Constant: i / rate.  Poisson: exponential gaps of mean
 * 1 / rate from a seeded generator (repeatable). */
#ifndef LOADGEN_SCHEDULE_H
#define LOADGEN_SCHEDULE_H

#include <stdint.h>

#include "params.h"

struct schedule {
	double rate;          /* per second; 0 = every request due at once */
	enum lg_dist dist;
	uint64_t i;           /* the next request */
	double t;             /* Poisson: the next request's offset, ns */
	uint64_t rng;
};

void schedule_init(struct schedule *s, double rate, enum lg_dist dist, uint64_t seed);
/* The due offset of the next request (and advances). */
uint64_t schedule_next(struct schedule *s);
/* How many requests a schedule of length total_ns holds at most (Poisson:
 * with a margin far beyond any plausible sample). */
uint64_t schedule_capacity(double rate, enum lg_dist dist, uint64_t total_ns);

#endif
