#include "schedule.h"

#include <math.h>

void schedule_init(struct schedule *s, double rate, enum lg_dist dist, uint64_t seed)
{
	s->rate = rate;
	s->dist = dist;
	s->i = 0;
	s->t = 0;
	s->rng = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

/* xorshift64*: uniform in (0, 1]. */
static double uniform(struct schedule *s)
{
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return ((double)((s->rng * 2685821657736338717ULL) >> 11) + 1.0) / 9007199254740992.0;
}

uint64_t schedule_next(struct schedule *s)
{
	uint64_t i = s->i++;

	if (s->rate <= 0)
		return 0;
	if (s->dist == DIST_CONSTANT)
		return (uint64_t)((double)i * 1e9 / s->rate);
	uint64_t due = (uint64_t)s->t;
	s->t += -log(uniform(s)) * 1e9 / s->rate;
	return due;
}

uint64_t schedule_capacity(double rate, enum lg_dist dist, uint64_t total_ns)
{
	double n = rate * (double)total_ns / 1e9;

	if (dist == DIST_POISSON)
		n += 10 * sqrt(n) + 100;
	return (uint64_t)ceil(n) + 1;
}
