/* exitwatch: the final figures of the processes that exit, as the kernel
 * tells them, for the sampling monitors (cpumon, memmon; tools/lib/sampler.c).
 * A sampler polling /proc misses a process born and dead between two
 * ticks, and a zombie no longer has memory; exitwatch does not:
 *
 *   bpf   bpf/exitstat.bpf.c on the sched_process_exit tracepoint (tp_btf,
 *         else raw_tp): exact CPU time (the scheduler's runtime split as
 *         getrusage() splits it) and peak RSS of the whole thread group,
 *         sent through a ring buffer when its last thread dies; lost
 *         events counted in the kernel.
 *   proc  the netlink proc connector (tools/lib/cnproc.h): an exit event
 *         per thread; a process is over when none of its threads is alive;
 *         CPU time from its zombie's /proc/PID/stat when the parent has not
 *         reaped it yet (clock ticks), peak RSS never (the memory is gone).
 *
 * The scope is kept where the events arise: with subtree, only the
 * processes given to exitwatch_track() and their descendants forked after
 * (the BPF side tracks forks in the kernel); with net_ino, only processes
 * of that network namespace.
 *
 * Exits are queued as they are read (exitwatch_poll) and taken by pid
 * (exitwatch_take) or in order (exitwatch_next). */
#ifndef SONDE_EXITWATCH_H
#define SONDE_EXITWATCH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum exitwatch_kind { EXITWATCH_BPF, EXITWATCH_PROC };

/* struct exitwatch_exit.flags */
#define EXITWATCH_CPU_KNOWN 0x1   /* user_ns, system_ns hold the final figures */
#define EXITWATCH_RSS_KNOWN 0x2   /* maxrss_kb holds the peak */

struct exitwatch_exit {
	pid_t pid, ppid;
	uint64_t start;         /* clock ticks since boot, as /proc/PID/stat (22); 0: not known */
	uint64_t time;          /* of the exit, CLOCK_REALTIME ns */
	uint64_t user_ns, system_ns;
	uint64_t maxrss_kb;
	unsigned flags;
	char comm[16];
};

struct exitwatch_filter {
	int subtree;            /* only tracked processes and their descendants */
	uint64_t net_ino;       /* only this network namespace (0: any) */
};

struct exitwatch;

/* Opens the source; NULL with a reason in why (for the fallback
 * message) when it cannot work here (no BTF, no privilege...). */
struct exitwatch *exitwatch_open(enum exitwatch_kind kind, const struct exitwatch_filter *f,
				 char *why, size_t whylen);
void exitwatch_close(struct exitwatch *w);

const char *exitwatch_name(const struct exitwatch *w);   /* "bpf", "proc" */
/* Readable when exits wait to be read. */
int exitwatch_fd(const struct exitwatch *w);
/* Puts pid in the subtree scope (a root, or a process seen in /proc). */
int exitwatch_track(struct exitwatch *w, pid_t pid);
/* Reads what has arrived into the queue, without blocking.  0 or -1 with
 * errno. */
int exitwatch_poll(struct exitwatch *w);
/* Takes from the queue the exit of pid (with that start time, unless
 * either is 0).  Returns 1 when found, else 0. */
int exitwatch_take(struct exitwatch *w, pid_t pid, uint64_t start, struct exitwatch_exit *out);
/* Takes the oldest exit in the queue: 1, or 0 when it is empty. */
int exitwatch_next(struct exitwatch *w, struct exitwatch_exit *out);
/* Exits lost so far: not sent by the kernel (ring buffer full), dropped
 * by the socket, or beyond the queue. */
uint64_t exitwatch_lost(const struct exitwatch *w);

/* The user and system times of a process from the scheduler's exact
 * runtime and the tick-sampled utime:stime, as the kernel's
 * cputime_adjust() does for getrusage() (runtime 0: the sampled ones). */
void exitwatch_cpu_split(uint64_t runtime_ns, uint64_t utime_ns, uint64_t stime_ns,
			 uint64_t *user_ns, uint64_t *system_ns);

#endif
