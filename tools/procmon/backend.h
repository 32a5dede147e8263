/* Where procmon's events come from: the BPF programs (bpf_backend.c) or the
 * netlink proc connector (proc_backend.c).  Both deliver the same
 * struct procmon_event to one callback. */
#ifndef PROCMON_BACKEND_H
#define PROCMON_BACKEND_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../../bpf/procmon.h"

typedef void event_fn(const struct procmon_event *e, void *ctx);

struct backend {
	const char *name;        /* "bpf" or "proc", as the header records */
	int fd;                  /* readable when events wait */
	/* Delivers every event ready now, without blocking.  0 or -1 with
	 * errno. */
	int (*drain)(struct backend *b);
	/* Adds a process to the kernel-side scope filter (if any). */
	int (*track)(struct backend *b, pid_t pid);
	/* Keeps only the processes of the network namespace of inode ino,
	 * in the kernel (opened with netns set).  NULL when the backend
	 * cannot: the caller filters. */
	int (*scope_netns)(struct backend *b, uint64_t ino);
	/* Events lost so far (counted by the kernel, or overruns). */
	uint64_t (*lost)(struct backend *b);
	void (*close)(struct backend *b);
	event_fn *deliver;
	void *ctx;
	void *priv;
};

/* Each returns 0, or -1 with a reason in why (for the fallback message).
 * filter: keep only the processes given to track() and their descendants
 * in the kernel; netns: only those of the namespace given to scope_netns()
 * (none before). */
int bpf_backend_open(struct backend *b, int filter, int netns, char *why, size_t whylen);
int proc_backend_open(struct backend *b, char *why, size_t whylen);

#endif
