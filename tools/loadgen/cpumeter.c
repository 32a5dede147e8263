#include "cpumeter.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

#define CALIBRATION_RUNS 5
#define CALIBRATION_NS 20000000ULL

struct spinner {
	pthread_t tid;
	int cpu;
	_Atomic uint64_t turns;
	double turns_per_ns;          /* calibrated */
	atomic_int calibrated;
	uint64_t turns0;
	uint64_t cpu_ns0;
	clockid_t clock;
	struct cpumeter *m;
};

struct cpumeter {
	struct spinner *s;
	int n;
	atomic_int stop;
	uint64_t t0;
	uint64_t busy0, total0;       /* /proc/stat, clock ticks */
};

/* Counting as fast as a thread can, publishing every 1024 turns. */
static uint64_t spin_for(struct spinner *sp, uint64_t until_ns, int forever)
{
	uint64_t local = 0;

	for (;;) {
		for (volatile int i = 0; i < 1024; i++)
			;
		local += 1024;
		atomic_store_explicit(&sp->turns, atomic_load_explicit(&sp->turns, memory_order_relaxed) + 1024,
				      memory_order_relaxed);
		if (forever ? atomic_load_explicit(&sp->m->stop, memory_order_relaxed) != 0 : mono_ns() >= until_ns)
			return local;
	}
}

static uint64_t thread_cpu_ns(clockid_t c)
{
	struct timespec ts;

	if (clock_gettime(c, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void *spinner_run(void *arg)
{
	struct spinner *sp = arg;
	cpu_set_t set;
	double best = 0;

	CPU_ZERO(&set);
	CPU_SET(sp->cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	pthread_getcpuclockid(pthread_self(), &sp->clock);
	/* Turns per ns of the thread's own CPU time: other work preempting it
	 * during the calibration does not lower the figure. */
	for (int r = 0; r < CALIBRATION_RUNS; r++) {
		uint64_t c0 = thread_cpu_ns(sp->clock);
		uint64_t n = spin_for(sp, mono_ns() + CALIBRATION_NS, 0);
		uint64_t used = thread_cpu_ns(sp->clock) - c0;
		double rate = used ? (double)n / (double)used : 0;
		if (rate > best)
			best = rate;
	}
	sp->turns_per_ns = best;
	struct sched_param prm = { 0 };
	pthread_setschedparam(pthread_self(), SCHED_IDLE, &prm);
	atomic_store(&sp->calibrated, 1);
	spin_for(sp, 0, 1);
	return NULL;
}

static int read_proc_stat(uint64_t *busy, uint64_t *total)
{
	FILE *fp = fopen("/proc/stat", "r");
	unsigned long long v[10] = { 0 };
	int n;

	if (!fp)
		return -1;
	n = fscanf(fp, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3],
		   &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]);
	fclose(fp);
	if (n < 4)
		return -1;
	/* user nice system idle iowait irq softirq steal (guest is in user) */
	*total = v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7];
	*busy = *total - v[3] - v[4];
	return 0;
}

struct cpumeter *cpumeter_open(char *err, size_t errlen)
{
	struct cpumeter *m = calloc(1, sizeof(*m));
	cpu_set_t set;

	if (!m || sched_getaffinity(0, sizeof(set), &set) != 0) {
		snprintf(err, errlen, "cpu meter: %s", m ? strerror(errno) : "out of memory");
		free(m);
		return NULL;
	}
	m->s = calloc((size_t)CPU_COUNT(&set), sizeof(*m->s));
	if (!m->s) {
		free(m);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (int cpu = 0; cpu < CPU_SETSIZE && m->n < CPU_COUNT(&set); cpu++) {
		if (!CPU_ISSET(cpu, &set))
			continue;
		struct spinner *sp = &m->s[m->n];
		sp->cpu = cpu;
		sp->m = m;
		if (pthread_create(&sp->tid, NULL, spinner_run, sp) != 0) {
			snprintf(err, errlen, "cpu meter: cannot start a thread");
			cpumeter_close(m);
			return NULL;
		}
		m->n++;
	}
	for (int i = 0; i < m->n; i++)
		while (!atomic_load(&m->s[i].calibrated))
			usleep(1000);
	return m;
}

void cpumeter_begin(struct cpumeter *m)
{
	m->t0 = mono_ns();
	read_proc_stat(&m->busy0, &m->total0);
	for (int i = 0; i < m->n; i++) {
		m->s[i].turns0 = atomic_load(&m->s[i].turns);
		m->s[i].cpu_ns0 = thread_cpu_ns(m->s[i].clock);
	}
}

static uint64_t ppm(double share)
{
	if (share < 0)
		share = 0;
	if (share > 1)
		share = 1;
	return (uint64_t)(share * 1e6 + 0.5);
}

void cpumeter_end(struct cpumeter *m, struct cpu_reading *out)
{
	uint64_t t = mono_ns(), busy = 0, total = 0, spin_cpu = 0;
	double idle = 0;

	read_proc_stat(&busy, &total);
	out->window_ns = t - m->t0;
	for (int i = 0; i < m->n; i++) {
		struct spinner *sp = &m->s[i];
		double expected = sp->turns_per_ns * (double)out->window_ns;
		double got = (double)(atomic_load(&sp->turns) - sp->turns0);
		idle += expected > 0 ? got / expected : 0;
		spin_cpu += thread_cpu_ns(sp->clock) - sp->cpu_ns0;
	}
	out->spin_ppm = m->n ? ppm(1 - idle / m->n) : 0;
	double tick_ns = 1e9 / (double)sysconf(_SC_CLK_TCK);
	double dtotal = (double)(total - m->total0) * tick_ns;
	double dbusy = (double)(busy - m->busy0) * tick_ns - (double)spin_cpu;
	out->proc_ppm = dtotal > 0 ? ppm(dbusy / dtotal) : 0;
}

void cpumeter_close(struct cpumeter *m)
{
	if (!m)
		return;
	atomic_store(&m->stop, 1);
	for (int i = 0; i < m->n; i++)
		pthread_join(m->s[i].tid, NULL);
	free(m->s);
	free(m);
}
