/* exitwatch's /proc source: the netlink proc connector.  Forks tell which
 * processes are in the subtree (and their start time, name and network
 * namespace while they can still be read); the exit of a thread that
 * leaves none of its group alive is the process's exit.  Its CPU time is
 * read from the zombie while the parent has not reaped it; the peak RSS is
 * gone with the memory. */
#include "exitwatch_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cnproc.h"
#include "procfs.h"
#include "proctable.h"
#include "scope.h"

struct proc_state {
	struct proctable *known;     /* by pid; start time unused as a key */
	int64_t mono_to_boot;
	uint64_t overruns;
};

struct known {
	uint64_t start;              /* ticks; 0: not known */
	uint64_t net_ino;            /* 0: not known */
	pid_t ppid;
	int in_scope;                /* 0: only its name is known (a comm event) */
	int reported;                /* its exit is queued */
	char comm[16];
};

/* The entry of pid, made afresh when asked; a full table is emptied
 * (forgetting old processes is better than unbounded memory). */
static struct known *remember(struct proc_state *s, pid_t pid)
{
	struct proc *p = proctable_find_pid(s->known, pid);

	if (p != NULL)
		proctable_remove(s->known, p);
	p = proctable_remember(s->known, pid);
	return p != NULL ? proc_data(p) : NULL;
}

static struct known *lookup(const struct proc_state *s, pid_t pid)
{
	struct proc *p = proctable_find_pid(s->known, pid);

	return p != NULL ? proc_data(p) : NULL;
}

static void copy_comm(char *dst, const char *src)
{
	size_t n = strnlen(src, 15);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* What can still be read of a process just seen (forked, or tracked).
 * Its name may be known already: the child can exec before its parent
 * has sent the fork event. */
static void learn(struct proc_state *s, pid_t pid, pid_t ppid)
{
	struct procfs_stat st;
	struct known *k = lookup(s, pid);

	if (k == NULL || k->in_scope)
		k = remember(s, pid);
	if (k == NULL)
		return;
	k->in_scope = 1;
	k->reported = 0;
	k->ppid = ppid;
	k->net_ino = scope_net_ino(pid);
	if (procfs_read_stat(pid, &st) == 0) {
		k->start = st.starttime;
		copy_comm(k->comm, st.comm);
	}
}

static int in_net(const struct exitwatch *w, const struct known *k)
{
	return w->filter.net_ino == 0 || (k != NULL && k->net_ino == w->filter.net_ino);
}

static void on_exit_event(struct exitwatch *w, pid_t tgid, uint64_t boot_ns)
{
	struct proc_state *s = w->priv;
	struct known *k = lookup(s, tgid);
	struct exitwatch_exit e;
	struct procfs_stat st;

	if (k != NULL && !k->in_scope)
		k = NULL;
	if ((k != NULL && k->reported) || (w->filter.subtree && k == NULL) || !in_net(w, k))
		return;
	if (!cnproc_process_dead(tgid))
		return;	/* a thread's exit, not the process's */
	memset(&e, 0, sizeof(e));
	e.pid = tgid;
	e.time = procfs_boottime_to_realtime(boot_ns);
	if (k != NULL) {
		e.ppid = k->ppid;
		e.start = k->start;
		memcpy(e.comm, k->comm, sizeof(e.comm));
	}
	if (procfs_read_stat(tgid, &st) == 0 && (e.start == 0 || st.starttime == e.start)) {
		e.ppid = st.ppid;
		e.start = st.starttime;
		copy_comm(e.comm, st.comm);
		e.user_ns = procfs_ticks_to_ns(st.utime);
		e.system_ns = procfs_ticks_to_ns(st.stime);
		e.flags |= EXITWATCH_CPU_KNOWN;
	}
	if (k == NULL && (k = remember(s, tgid)) != NULL)
		k->in_scope = 1;
	if (k != NULL)
		k->reported = 1;
	exitwatch_push(w, &e);
}

static void on_event(const struct proc_event *pe, void *ctx)
{
	struct exitwatch *w = ctx;
	struct proc_state *s = w->priv;
	struct known *k;

	switch (pe->what) {
	case PROC_EVENT_FORK:
		if (pe->event_data.fork.child_pid != pe->event_data.fork.child_tgid)
			return;	/* a thread */
		k = lookup(s, pe->event_data.fork.parent_tgid);
		if (w->filter.subtree && (k == NULL || !k->in_scope || k->reported))
			return;
		learn(s, pe->event_data.fork.child_tgid, pe->event_data.fork.parent_tgid);
		return;
	case PROC_EVENT_COMM:
		/* exec and prctl: the name even of a process gone before
		 * /proc could be read */
		if (pe->event_data.comm.process_pid != pe->event_data.comm.process_tgid)
			return;
		k = lookup(s, pe->event_data.comm.process_tgid);
		if (k == NULL && (k = remember(s, pe->event_data.comm.process_tgid)) == NULL)
			return;
		copy_comm(k->comm, pe->event_data.comm.comm);
		return;
	case PROC_EVENT_EXIT:
		on_exit_event(w, pe->event_data.exit.process_tgid,
			      (uint64_t)((int64_t)pe->timestamp_ns + s->mono_to_boot));
		return;
	default:
		return;
	}
}

static int proc_poll(struct exitwatch *w)
{
	struct proc_state *s = w->priv;

	return cnproc_drain(w->fd, on_event, w, &s->overruns);
}

static int proc_track(struct exitwatch *w, pid_t pid)
{
	struct procfs_stat st;

	learn(w->priv, pid, procfs_read_stat(pid, &st) == 0 ? st.ppid : 0);
	return 0;
}

static uint64_t proc_lost(const struct exitwatch *w)
{
	return ((const struct proc_state *)w->priv)->overruns;
}

static void proc_close(struct exitwatch *w)
{
	struct proc_state *s = w->priv;

	close(w->fd);
	proctable_free(s->known);
	free(s);
}

int exitwatch_proc_open(struct exitwatch *w, char *why, size_t whylen)
{
	struct proc_state *s = calloc(1, sizeof(*s));
	int fd;

	if (s == NULL || (s->known = proctable_new(PROCTABLE_DEFAULT_MAX, sizeof(struct known))) == NULL) {
		snprintf(why, whylen, "%s", strerror(ENOMEM));
		free(s);
		return -1;
	}
	if ((fd = cnproc_open(why, whylen)) < 0) {
		proctable_free(s->known);
		free(s);
		return -1;
	}
	s->mono_to_boot = cnproc_mono_to_boot();
	w->name = "proc";
	w->fd = fd;
	w->poll = proc_poll;
	w->track = proc_track;
	w->lost = proc_lost;
	w->close = proc_close;
	w->priv = s;
	return 0;
}
