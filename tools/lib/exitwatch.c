#include "exitwatch_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Exits waiting between two reads: the sampler takes them at once, so
 * this only matters when it is starved. */
#define QUEUE_CAP 65536

struct exitwatch *exitwatch_open(enum exitwatch_kind kind, const struct exitwatch_filter *f,
				 char *why, size_t whylen)
{
	struct exitwatch *w = calloc(1, sizeof(*w));
	int rc;

	if (w == NULL || (w->q = calloc(QUEUE_CAP, sizeof(*w->q))) == NULL) {
		snprintf(why, whylen, "%s", strerror(ENOMEM));
		free(w);
		return NULL;
	}
	w->cap = QUEUE_CAP;
	w->fd = -1;
	w->filter = *f;
	rc = kind == EXITWATCH_BPF ? exitwatch_bpf_open(w, why, whylen)
				   : exitwatch_proc_open(w, why, whylen);
	if (rc < 0) {
		free(w->q);
		free(w);
		return NULL;
	}
	return w;
}

void exitwatch_close(struct exitwatch *w)
{
	if (w == NULL)
		return;
	w->close(w);
	free(w->q);
	free(w);
}

const char *exitwatch_name(const struct exitwatch *w)
{
	return w->name;
}

int exitwatch_fd(const struct exitwatch *w)
{
	return w->fd;
}

int exitwatch_track(struct exitwatch *w, pid_t pid)
{
	return w->filter.subtree ? w->track(w, pid) : 0;
}

int exitwatch_poll(struct exitwatch *w)
{
	return w->poll(w);
}

void exitwatch_push(struct exitwatch *w, const struct exitwatch_exit *e)
{
	if (w->len == w->cap) {
		w->overflow++;
		return;
	}
	w->q[(w->head + w->len) % w->cap] = *e;
	w->len++;
}

int exitwatch_next(struct exitwatch *w, struct exitwatch_exit *out)
{
	if (w->len == 0)
		return 0;
	*out = w->q[w->head];
	w->head = (w->head + 1) % w->cap;
	w->len--;
	return 1;
}

int exitwatch_take(struct exitwatch *w, pid_t pid, uint64_t start, struct exitwatch_exit *out)
{
	for (size_t i = 0; i < w->len; i++) {
		size_t k = (w->head + i) % w->cap;
		const struct exitwatch_exit *e = &w->q[k];
		if (e->pid != pid || (start != 0 && e->start != 0 && e->start != start))
			continue;
		*out = *e;
		/* close the gap: the later entries move one place up */
		for (size_t j = i; j + 1 < w->len; j++)
			w->q[(w->head + j) % w->cap] = w->q[(w->head + j + 1) % w->cap];
		w->len--;
		return 1;
	}
	return 0;
}

uint64_t exitwatch_lost(const struct exitwatch *w)
{
	return w->lost(w) + w->overflow;
}

void exitwatch_cpu_split(uint64_t runtime_ns, uint64_t utime_ns, uint64_t stime_ns,
			 uint64_t *user_ns, uint64_t *system_ns)
{
	if (runtime_ns == 0) {
		*user_ns = utime_ns;
		*system_ns = stime_ns;
		return;
	}
	if (stime_ns == 0)
		*user_ns = runtime_ns;
	else if (utime_ns == 0)
		*user_ns = 0;
	else
		*user_ns = (uint64_t)((unsigned __int128)runtime_ns * utime_ns /
				      ((unsigned __int128)utime_ns + stime_ns));
	*system_ns = runtime_ns - *user_ns;
}
