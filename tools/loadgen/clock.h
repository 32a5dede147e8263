/* Clocks: latencies and schedules run on CLOCK_MONOTONIC, agreed start
 * times and reported times are CLOCK_REALTIME (ns since the epoch). */
#ifndef LOADGEN_CLOCK_H
#define LOADGEN_CLOCK_H

#include <stdint.h>

uint64_t mono_ns(void);
uint64_t real_ns(void);
/* The monotonic time at which the realtime clock reads REAL. */
uint64_t mono_at_real(uint64_t real);
/* Sleeps until the monotonic time T, or until lg_interrupted, waking at
 * least every 100 ms to check.  Returns 0, -1 when interrupted. */
int sleep_until_mono(uint64_t t);
/* The longest wait before lg_interrupted is looked at again. */
#define CLOCK_CHECK_NS 100000000ULL
/* Sets the timerfd tfd to expire at the monotonic time t (0: disarmed),
 * unless *armed says it already is; *armed is what it was set to. */
void timer_arm_mono(int tfd, uint64_t *armed, uint64_t t);

#endif
