/* exitstat: what the kernel side (exitstat.bpf.c) sends the user side
 * (tools/lib/exitwatch.c, for cpumon and memmon) when a process exits:
 * its final CPU time and peak RSS, taken in the kernel as its last thread
 * dies.  Plain C types: compiled against vmlinux.h and libc headers. */
#ifndef SONDE_BPF_EXITSTAT_H
#define SONDE_BPF_EXITSTAT_H

#define EXITSTAT_COMM_LEN 16

struct exitstat_event {
	int pid;                      /* thread group id */
	int ppid;                     /* the real parent's thread group id */
	unsigned long long time_ns;   /* CLOCK_BOOTTIME ns of the exit */
	unsigned long long start_ns;  /* the leader's start, CLOCK_BOOTTIME ns */
	/* CPU time of the whole thread group: tick-sampled user and system
	 * times and the scheduler's exact runtime (the user side splits the
	 * runtime in the ratio user:system, as getrusage() does). */
	unsigned long long utime_ns, stime_ns, runtime_ns;
	unsigned long long maxrss_pages;  /* peak RSS of the group (signal->maxrss) */
	unsigned int net_ino;         /* the network namespace's inode number */
	unsigned int pad;
	char comm[EXITSTAT_COMM_LEN]; /* the leader's */
};

#endif
