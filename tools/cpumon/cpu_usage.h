/* cpumon's arithmetic, apart from I/O so it can be unit-tested: CPU time
 * from /proc clock ticks, and utilisation over an interval. */
#ifndef CPUMON_CPU_USAGE_H
#define CPUMON_CPU_USAGE_H

#include <stdint.h>

#include "procfs.h"

/* Per cent of one CPU, in hundredths (12.34% -> 1234), for cpu_ns of CPU
 * time over wall_ns of real time; 0 when wall_ns is 0.  A process with
 * several threads may exceed 100%. */
int64_t cpu_pct_centi(uint64_t cpu_ns, uint64_t wall_ns);

/* The busy share of a CPU between two /proc/stat readings, in hundredths
 * of a per cent (0..10000); -1 when no tick passed (nothing to tell). */
int64_t cpu_busy_centi(const struct procfs_cpu *before, const struct procfs_cpu *after);

/* A CPU's cumulative user time (user + nice) and system time (system +
 * irq + softirq), ns. */
uint64_t cpu_user_ns(const struct procfs_cpu *c);
uint64_t cpu_system_ns(const struct procfs_cpu *c);

#endif
