/* The process table of the monitors: the processes in scope, keyed by
 * (pid, start time) so that a reused pid is never taken for the process that
 * held it before.
 *
 * At most one LIVE process holds a pid, so the table keeps one entry per
 * pid: adding (pid, start) when the pid is held by an entry with another
 * start time replaces that entry (its exit was missed, and the pid reused).
 *
 * The size is bounded: the table is created for at most max_procs entries
 * (memory ~ max_procs * (entry + 8) bytes, allocated once) and an add
 * beyond that fails with ENOSPC; the caller counts those.  Entries do not
 * move: a pointer returned stays valid until that entry is removed.
 *
 * Each entry carries `extra` bytes of the caller's data (zeroed on add),
 * reached with proc_data(). */
#ifndef SONDE_PROCTABLE_H
#define SONDE_PROCTABLE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct proc {
	pid_t pid;
	pid_t ppid;
	uint64_t start;       /* start time: clock ticks since boot, as /proc/PID/stat (22) */
	/* the caller's extra bytes follow */
};

struct proctable;

/* A good default for max_procs: the monitors' -p/-- subtrees are small,
 * but "everything" on a busy host may hold thousands. */
#define PROCTABLE_DEFAULT_MAX 65536

/* Returns NULL with errno ENOMEM, or EINVAL when max_procs is 0 or too large
 * (more than 1<<24). */
struct proctable *proctable_new(size_t max_procs, size_t extra);
void proctable_free(struct proctable *t);

static inline void *proc_data(struct proc *p) { return p + 1; }

/* Adds (pid, start) with its parent.  Returns the entry: the existing one
 * when (pid, start) is already there (ppid updated), a new zeroed one
 * otherwise (replacing a stale entry of the same pid).  NULL with errno
 * ENOSPC when the table is full.  *added, when not NULL, tells whether the
 * entry is new. */
struct proc *proctable_add(struct proctable *t, pid_t pid, uint64_t start,
                           pid_t ppid, int *added);

/* The fork rule of a subtree: adds the child only when its parent is in the
 * table and started no later than the child (otherwise the parent's entry
 * is a reused pid).  Returns the child's entry, or NULL (errno 0 when out
 * of scope, ENOSPC when full). */
struct proc *proctable_add_child(struct proctable *t, pid_t pid, uint64_t start,
                                 pid_t ppid, int *added);

/* Exact lookup of (pid, start). */
struct proc *proctable_find(const struct proctable *t, pid_t pid, uint64_t start);
/* The entry holding pid, whatever its start time. */
struct proc *proctable_find_pid(const struct proctable *t, pid_t pid);

/* Removes an entry returned by the table. */
void proctable_remove(struct proctable *t, struct proc *p);
/* Removes every entry. */
void proctable_clear(struct proctable *t);

/* For tables that only remember facts about processes (the proc
 * connector's names and parents): the entry of pid, existing or new (no
 * start time, no parent); a full table is emptied first, forgetting old
 * processes rather than growing.  NULL only when pid is not valid. */
struct proc *proctable_remember(struct proctable *t, pid_t pid);

size_t proctable_count(const struct proctable *t);

/* Iteration: start with *cursor = 0; returns NULL at the end.  Removing the
 * entry just returned is allowed during the walk; adding is not. */
struct proc *proctable_next(const struct proctable *t, size_t *cursor);

/* Fills the table from /proc: root and every live descendant (root <= 0:
 * every process).  Entries already there are kept.  Returns the number of
 * processes added, or -1 with errno (ESRCH when root does not exist,
 * ENOSPC when the table filled up). */
int proctable_seed(struct proctable *t, pid_t root);

#endif
