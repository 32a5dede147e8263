#include "cpu_usage.h"

/* a * b / c without overflow for the values met here (ns over hours). */
static uint64_t mul_div(uint64_t a, uint64_t b, uint64_t c)
{
	return (uint64_t)((unsigned __int128)a * b / c);
}

int64_t cpu_pct_centi(uint64_t cpu_ns, uint64_t wall_ns)
{
	if (wall_ns == 0)
		return 0;
	/* In 200ths, then halved rounding up: the nearest hundredth. */
	return (int64_t)((mul_div(cpu_ns, 20000, wall_ns) + 1) / 2);
}

/* Counters may go back (a CPU taken offline and back): then nothing passed. */
static uint64_t delta(uint64_t before, uint64_t after)
{
	return after > before ? after - before : 0;
}

int64_t cpu_busy_centi(const struct procfs_cpu *before, const struct procfs_cpu *after)
{
	uint64_t busy = delta(procfs_cpu_busy(before), procfs_cpu_busy(after));
	uint64_t total = delta(procfs_cpu_total(before), procfs_cpu_total(after));

	if (total == 0)
		return -1;
	if (busy > total)
		busy = total;
	return cpu_pct_centi(busy, total);
}

uint64_t cpu_user_ns(const struct procfs_cpu *c)
{
	return procfs_ticks_to_ns(c->user + c->nice);
}

uint64_t cpu_system_ns(const struct procfs_cpu *c)
{
	return procfs_ticks_to_ns(c->system + c->irq + c->softirq);
}
