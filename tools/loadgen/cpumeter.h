/* The target's CPU meter, two ways side by side.
 *
 * spin: as ipbench's cpu_target, one thread per CPU pinned to it at idle
 * priority (SCHED_IDLE) counts loop turns; each was calibrated at start
 * (its best turns per ns of its own CPU time over a few short runs at
 * normal priority, so a busy machine does not spoil the calibration), so
 * the turns it did not get in the window are the CPU others used:
 * utilisation = 1 - turns / (rate x window).
 *
 * proc: /proc/stat deltas over the same window, busy / total, with the
 * spinning threads' own CPU time taken out of busy (they would otherwise
 * make every CPU look busy). */
#ifndef LOADGEN_CPUMETER_H
#define LOADGEN_CPUMETER_H

#include <stddef.h>
#include <stdint.h>

struct cpumeter;

struct cpu_reading {
	uint64_t spin_ppm, proc_ppm;   /* utilisation, parts per million */
	uint64_t window_ns;
};

/* Starts and calibrates the spinners (about 0.1 s); NULL with err set. */
struct cpumeter *cpumeter_open(char *err, size_t errlen);
/* Marks the window's start and end (now). */
void cpumeter_begin(struct cpumeter *m);
void cpumeter_end(struct cpumeter *m, struct cpu_reading *out);
void cpumeter_close(struct cpumeter *m);

#endif
