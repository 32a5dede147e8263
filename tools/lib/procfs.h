/* Readers for /proc: bounded buffers, no scanf.  Shared by the monitors
 * (procmon, cpumon, memmon); each reader has a parse function of its own so
 * unit tests can feed it fixture text.
 *
 * Written first by procmon's engineer for /proc/PID/stat; cpumon/memmon add
 * their readers (status, smaps_rollup, /proc/stat) below. */
#ifndef SONDE_PROCFS_H
#define SONDE_PROCFS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The fields of /proc/PID/stat sonde uses (proc(5) numbering in brackets). */
struct procfs_stat {
	pid_t pid;              /* (1) */
	char comm[64];          /* (2) without the parentheses; the kernel's is at most 15 bytes (63 for kthreads' names in 6.x) */
	char state;             /* (3) */
	pid_t ppid;             /* (4) */
	uint64_t utime;         /* (14) clock ticks, whole thread group */
	uint64_t stime;         /* (15) */
	int64_t num_threads;    /* (20) */
	uint64_t starttime;     /* (22) clock ticks since boot */
	uint64_t rss_pages;     /* (24) */
};

/* Parses the text of a /proc/PID/stat file (len bytes, not necessarily
 * NUL-terminated).  The comm may hold spaces and ')' so it ends at the LAST
 * ')'.  Returns 0, or -1 with errno EINVAL when the text is malformed. */
int procfs_parse_stat(const char *text, size_t len, struct procfs_stat *st);

/* Reads /proc/PID/stat.  Returns 0, or -1 with errno (ENOENT/ESRCH when the
 * process is gone, EINVAL when malformed). */
int procfs_read_stat(pid_t pid, struct procfs_stat *st);

/* Reads a whole small /proc file into buf (at most size-1 bytes, then a
 * NUL).  Returns the length, or -1 with errno.  Longer content is cut. */
ssize_t procfs_read_file(const char *path, char *buf, size_t size);

/* Calls fn(pid, ctx) for every process in /proc, in /proc's order.  fn
 * returns 0 to go on, or -1 (errno set) to stop the walk, which then
 * returns -1.  A process may be gone by the time fn reads it. */
int procfs_each_pid(int (*fn)(pid_t pid, void *ctx), void *ctx);

/* The kernel's clock ticks per second for /proc times (USER_HZ). */
uint64_t procfs_ticks_per_sec(void);
uint64_t procfs_ticks_to_ns(uint64_t ticks);
/* Nanoseconds since boot (CLOCK_BOOTTIME, as /proc starttime and the
 * kernel's task->start_boottime count) to CLOCK_REALTIME nanoseconds.  The
 * offset between the two clocks is measured once, at the first call. */
uint64_t procfs_boottime_to_realtime(uint64_t boot_ns);

/* --- CPU and memory usage (cpumon, memmon; implemented in procfs_usage.c) */

/* From /proc/PID/status, in kB.  A process without memory of its own (a
 * kernel thread, a zombie) has no Vm lines: has_mm is 0 and the rest 0. */
struct procfs_mem {
	int has_mm;
	uint64_t rss_kb;        /* VmRSS */
	uint64_t hwm_kb;        /* VmHWM: the peak of VmRSS */
};
int procfs_parse_status_mem(const char *text, size_t len, struct procfs_mem *m);
int procfs_read_status_mem(pid_t pid, struct procfs_mem *m);

/* The Pss line of /proc/PID/smaps_rollup, kB.  Returns 0, or -1 with errno
 * (ENOENT when gone, ENODATA when there is no Pss line: no memory). */
int procfs_parse_pss(const char *text, size_t len, uint64_t *pss_kb);
int procfs_read_pss(pid_t pid, uint64_t *pss_kb);

/* One "cpu" or "cpuN" line of /proc/stat, clock ticks since boot. */
struct procfs_cpu {
	int cpu;                /* N, or -1 for the "cpu" line (all CPUs) */
	uint64_t user, nice, system, idle, iowait, irq, softirq, steal;
};
/* The ticks the CPU spent on anything but idle and iowait. */
uint64_t procfs_cpu_busy(const struct procfs_cpu *c);
uint64_t procfs_cpu_total(const struct procfs_cpu *c);
/* Parses the cpu lines of /proc/stat text: at most max entries, the "cpu"
 * line first.  Returns the number of entries, or -1 with errno EINVAL. */
int procfs_parse_cpus(const char *text, size_t len, struct procfs_cpu *cpus, size_t max);
int procfs_read_cpus(struct procfs_cpu *cpus, size_t max);

#endif
