#include "clock.h"

#include <errno.h>
#include <sys/timerfd.h>
#include <time.h>

#include "loadgen.h"

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

uint64_t mono_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

uint64_t real_ns(void)
{
	return clock_ns(CLOCK_REALTIME);
}

uint64_t mono_at_real(uint64_t real)
{
	uint64_t m = mono_ns(), r = real_ns();

	return real >= r ? m + (real - r) : (m > r - real ? m - (r - real) : 0);
}

static struct timespec timespec_of(uint64_t ns)
{
	return (struct timespec){ (time_t)(ns / 1000000000ULL), (long)(ns % 1000000000ULL) };
}

int sleep_until_mono(uint64_t t)
{
	for (;;) {
		if (lg_interrupted)
			return -1;
		uint64_t now = mono_ns(), until = t;
		if (now >= t)
			return 0;
		if (t - now > CLOCK_CHECK_NS)
			until = now + CLOCK_CHECK_NS;
		struct timespec ts = timespec_of(until);
		int rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
		if (rc != 0 && rc != EINTR)
			return -1;
	}
}

void timer_arm_mono(int tfd, uint64_t *armed, uint64_t t)
{
	struct itimerspec its = { .it_value = timespec_of(t) };

	if (t != *armed && timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL) == 0)
		*armed = t;
}
