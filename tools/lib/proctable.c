#include "proctable.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "procfs.h"

/* Records live in one pool allocated up front (so pointers stay valid); an
 * open-addressing index (linear probing, backward-shift deletion, so no
 * tombstones) maps a pid to its record.  A record with pid 0 is free. */
struct proctable {
	size_t max, count, rec_size;
	size_t mask;             /* index size - 1 (a power of two) */
	uint32_t *index;         /* 0 empty, else record number + 1 */
	uint32_t *free_list;     /* stack of free record numbers */
	size_t nfree;
	unsigned char *pool;
};

#define PROCTABLE_LIMIT ((size_t)1 << 24)

static struct proc *record(const struct proctable *t, uint32_t i)
{
	return (struct proc *)(void *)(t->pool + (size_t)i * t->rec_size);
}

static size_t home_slot(const struct proctable *t, pid_t pid)
{
	/* Fibonacci hashing spreads consecutive pids over the index. */
	return (size_t)(((uint64_t)(uint32_t)pid * 0x9E3779B97F4A7C15ull) >> 32) & t->mask;
}

struct proctable *proctable_new(size_t max_procs, size_t extra)
{
	struct proctable *t;
	size_t slots = 8;

	if (max_procs == 0 || max_procs > PROCTABLE_LIMIT) {
		errno = EINVAL;
		return NULL;
	}
	while (slots < max_procs + max_procs / 3 + 1)	/* load <= 3/4 */
		slots <<= 1;
	t = calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	t->max = max_procs;
	t->rec_size = (sizeof(struct proc) + extra + 15) & ~(size_t)15;
	t->mask = slots - 1;
	t->index = calloc(slots, sizeof(*t->index));
	t->free_list = malloc(max_procs * sizeof(*t->free_list));
	t->pool = calloc(max_procs, t->rec_size);
	if (t->index == NULL || t->free_list == NULL || t->pool == NULL) {
		proctable_free(t);
		errno = ENOMEM;
		return NULL;
	}
	/* Hand out low record numbers first: iteration stays short. */
	for (size_t i = 0; i < max_procs; i++)
		t->free_list[i] = (uint32_t)(max_procs - 1 - i);
	t->nfree = max_procs;
	return t;
}

void proctable_free(struct proctable *t)
{
	if (t == NULL)
		return;
	free(t->index);
	free(t->free_list);
	free(t->pool);
	free(t);
}

/* The index slot holding pid, or the empty slot where it would go. */
static size_t find_slot(const struct proctable *t, pid_t pid)
{
	size_t s = home_slot(t, pid);

	while (t->index[s] != 0 && record(t, t->index[s] - 1)->pid != pid)
		s = (s + 1) & t->mask;
	return s;
}

struct proc *proctable_find_pid(const struct proctable *t, pid_t pid)
{
	size_t s;

	if (pid <= 0)
		return NULL;
	s = find_slot(t, pid);
	return t->index[s] ? record(t, t->index[s] - 1) : NULL;
}

struct proc *proctable_find(const struct proctable *t, pid_t pid, uint64_t start)
{
	struct proc *p = proctable_find_pid(t, pid);

	return p != NULL && p->start == start ? p : NULL;
}

static void reset(const struct proctable *t, struct proc *p, pid_t pid,
                  uint64_t start, pid_t ppid)
{
	memset(p, 0, t->rec_size);
	p->pid = pid;
	p->start = start;
	p->ppid = ppid;
}

struct proc *proctable_add(struct proctable *t, pid_t pid, uint64_t start,
                           pid_t ppid, int *added)
{
	size_t s;
	struct proc *p;

	if (added != NULL)
		*added = 0;
	if (pid <= 0) {
		errno = EINVAL;
		return NULL;
	}
	s = find_slot(t, pid);
	if (t->index[s] != 0) {
		p = record(t, t->index[s] - 1);
		if (p->start == start) {
			p->ppid = ppid;
			return p;
		}
		reset(t, p, pid, start, ppid);	/* the pid was reused */
	} else {
		if (t->nfree == 0) {
			errno = ENOSPC;
			return NULL;
		}
		uint32_t i = t->free_list[--t->nfree];
		p = record(t, i);
		reset(t, p, pid, start, ppid);
		t->index[s] = i + 1;
		t->count++;
	}
	if (added != NULL)
		*added = 1;
	return p;
}

struct proc *proctable_add_child(struct proctable *t, pid_t pid, uint64_t start,
                                 pid_t ppid, int *added)
{
	struct proc *parent = proctable_find_pid(t, ppid);

	if (added != NULL)
		*added = 0;
	if (parent == NULL || parent->start > start) {
		/* Out of scope, unless the child itself is already tracked
		 * (seeded from /proc, or an exec after its fork). */
		struct proc *self = proctable_find(t, pid, start);
		if (self == NULL)
			errno = 0;
		return self;
	}
	return proctable_add(t, pid, start, ppid, added);
}

void proctable_remove(struct proctable *t, struct proc *p)
{
	size_t s = find_slot(t, p->pid), next;

	if (t->index[s] == 0)
		return;
	t->free_list[t->nfree++] = t->index[s] - 1;
	p->pid = 0;
	t->count--;
	/* Backward-shift: pull later members of the probe run into the hole
	 * when the hole lies between their home slot and where they sit. */
	for (next = (s + 1) & t->mask; t->index[next] != 0; next = (next + 1) & t->mask) {
		size_t home = home_slot(t, record(t, t->index[next] - 1)->pid);
		if (((next - home) & t->mask) >= ((next - s) & t->mask)) {
			t->index[s] = t->index[next];
			s = next;
		}
	}
	t->index[s] = 0;
}

void proctable_clear(struct proctable *t)
{
	size_t cursor = 0;
	struct proc *p;

	while ((p = proctable_next(t, &cursor)) != NULL)
		proctable_remove(t, p);
}

struct proc *proctable_remember(struct proctable *t, pid_t pid)
{
	struct proc *p = proctable_add(t, pid, 0, 0, NULL);

	if (p == NULL && errno == ENOSPC) {
		proctable_clear(t);
		p = proctable_add(t, pid, 0, 0, NULL);
	}
	return p;
}

size_t proctable_count(const struct proctable *t)
{
	return t->count;
}

struct proc *proctable_next(const struct proctable *t, size_t *cursor)
{
	while (*cursor < t->max) {
		struct proc *p = record(t, (uint32_t)(*cursor)++);
		if (p->pid != 0)
			return p;
	}
	return NULL;
}

/* Every process's (pid, ppid, start) from /proc, for seeding. */
struct seen {
	pid_t pid, ppid;
	uint64_t start;
};

struct seen_list {
	struct seen *v;
	size_t n, cap;
};

static int add_seen(pid_t pid, void *ctx)
{
	struct seen_list *l = ctx;
	struct procfs_stat st;

	if (procfs_read_stat(pid, &st) < 0)
		return 0;	/* gone meanwhile */
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 512;
		struct seen *nv = realloc(l->v, ncap * sizeof(*nv));
		if (nv == NULL) {
			errno = ENOMEM;
			return -1;
		}
		l->v = nv, l->cap = ncap;
	}
	l->v[l->n++] = (struct seen){ st.pid, st.ppid, st.starttime };
	return 0;
}

static int list_processes(struct seen **out, size_t *count)
{
	struct seen_list l = { NULL, 0, 0 };

	if (procfs_each_pid(add_seen, &l) < 0) {
		free(l.v);
		return -1;
	}
	*out = l.v;
	*count = l.n;
	return 0;
}

int proctable_seed(struct proctable *t, pid_t root)
{
	struct seen *v;
	size_t n;
	int total = 0, added, grew = 1, found_root = root <= 0;

	if (list_processes(&v, &n) < 0)
		return -1;
	for (size_t i = 0; i < n && !found_root; i++)
		if (v[i].pid == root) {
			found_root = 1;
			if (proctable_add(t, root, v[i].start, v[i].ppid, &added) == NULL)
				goto full;
			total += added;
		}
	if (!found_root) {
		free(v);
		errno = ESRCH;
		return -1;
	}
	/* Descendants: repeat until a pass adds nobody (depth passes). */
	while (grew) {
		grew = 0;
		for (size_t i = 0; i < n; i++) {
			struct proc *p = root <= 0
				? proctable_add(t, v[i].pid, v[i].start, v[i].ppid, &added)
				: proctable_add_child(t, v[i].pid, v[i].start, v[i].ppid, &added);
			if (p == NULL && errno == ENOSPC)
				goto full;
			total += added;
			grew |= added && root > 0;
		}
	}
	free(v);
	return total;
full:
	free(v);
	errno = ENOSPC;
	return -1;
}
