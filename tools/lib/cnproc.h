/* The netlink proc connector (cn_proc): the kernel's fork, exec, exit (of
 * every thread) and comm events, for whoever has CAP_NET_ADMIN.  The
 * socket and the message parsing, shared by the monitors' /proc backends
 * (procmon's, and the exit source of cpumon and memmon, exitwatch). */
#ifndef SONDE_CNPROC_H
#define SONDE_CNPROC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/cn_proc.h>

/* Opens a non-blocking socket subscribed to the process events, with a
 * large receive buffer.  Returns it, or -1 with a reason in why. */
int cnproc_open(char *why, size_t whylen);

typedef void cnproc_fn(const struct proc_event *pe, void *ctx);

/* Hands every event waiting on fd to fn, without blocking.  Receive
 * buffer overflows (the kernel dropped events) add to *overruns.
 * Returns 0, or -1 with errno. */
int cnproc_drain(int fd, cnproc_fn *fn, void *ctx, uint64_t *overruns);

/* Whether no thread of tgid is alive any more (all zombies, or gone):
 * the test that turns a thread's exit event into the process's. */
int cnproc_process_dead(pid_t tgid);

/* CLOCK_BOOTTIME - CLOCK_MONOTONIC, ns: the events' timestamp_ns are
 * CLOCK_MONOTONIC. */
int64_t cnproc_mono_to_boot(void);

#endif
