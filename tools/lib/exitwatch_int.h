/* exitwatch's inside: what its two sources (exitwatch_bpf.c,
 * exitwatch_proc.c) fill in and call. */
#ifndef SONDE_EXITWATCH_INT_H
#define SONDE_EXITWATCH_INT_H

#include "exitwatch.h"

struct exitwatch {
	const char *name;
	int fd;
	struct exitwatch_filter filter;
	int (*poll)(struct exitwatch *w);
	int (*track)(struct exitwatch *w, pid_t pid);
	uint64_t (*lost)(const struct exitwatch *w);  /* the source's own count */
	void (*close)(struct exitwatch *w);
	void *priv;
	/* the queue: a ring of cap entries */
	struct exitwatch_exit *q;
	size_t cap, head, len;
	uint64_t overflow;      /* exits beyond the queue */
};

/* Queues an exit (counted lost when the queue is full). */
void exitwatch_push(struct exitwatch *w, const struct exitwatch_exit *e);

/* The sources: 0, or -1 with a reason in why. */
int exitwatch_bpf_open(struct exitwatch *w, char *why, size_t whylen);
int exitwatch_proc_open(struct exitwatch *w, char *why, size_t whylen);

#endif
