/* The fallback backend: the netlink proc connector (cn_proc), which needs
 * no BPF but CAP_NET_ADMIN.  It reports fork, exec and every THREAD's exit
 * with its exit code; what BPF reads in the kernel is read here from /proc,
 * as soon as the event arrives:
 *   - argv from /proc/PID/cmdline, marked "late" (the process may have
 *     changed it, or be gone: then it is marked "unreadable");
 *   - a process has exited when an exit event finds none of its threads
 *     alive (all zombies, or /proc/PID gone); reported once;
 *   - CPU time from /proc/PID/stat while the zombie is not yet reaped,
 *     peak RSS never (the memory is gone by then): "-" in the output. */
#include "backend.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cnproc.h"
#include "procfs.h"
#include "proctable.h"

struct proc_state {
	int64_t mono_to_boot;          /* CLOCK_BOOTTIME - CLOCK_MONOTONIC, ns */
	struct proctable *known;       /* pid -> struct known (start time unused) */
	uint64_t overruns;             /* receive buffer overflows (ENOBUFS) */
};

/* What an exit event no longer lets us read from /proc. */
struct known {
	char comm[PROCMON_COMM_LEN];
	pid_t ppid;
	unsigned uid;
	int reported;     /* its exit is written */
};

static void copy_comm(char *dst, const char *src)
{
	size_t n = strnlen(src, PROCMON_COMM_LEN - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* comm, uid and start of a live (or zombie) process, when still there. */
static void fill_from_proc(struct procmon_event *e)
{
	struct procfs_stat st;
	struct stat sb;
	char path[64];

	if (procfs_read_stat(e->pid, &st) == 0) {
		copy_comm(e->comm, st.comm);
		if (e->ppid == 0)
			e->ppid = st.ppid;
	}
	snprintf(path, sizeof(path), "/proc/%d", e->pid);
	e->uid = stat(path, &sb) == 0 ? sb.st_uid : (unsigned)-1;
}

static void read_exec(struct procmon_event *e)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/exe", e->pid);
	n = readlink(path, e->filename, sizeof(e->filename) - 1);
	e->filename_len = n > 0 ? (unsigned)n : 0;
	e->flags |= PROCMON_ARGS_LATE;
	snprintf(path, sizeof(path), "/proc/%d/cmdline", e->pid);
	/* One byte more than kept: to tell a cut argv. */
	static char buf[PROCMON_ARGS_LEN + 2];
	n = procfs_read_file(path, buf, sizeof(buf));
	if (n <= 0) {
		e->flags |= PROCMON_ARGS_UNREADABLE;
		return;
	}
	if (n > PROCMON_ARGS_LEN) {
		n = PROCMON_ARGS_LEN;
		e->flags |= PROCMON_ARGS_TRUNCATED;
	}
	memcpy(e->args, buf, (size_t)n);
	e->args_len = (unsigned)n;
}

/* The entry of pid, made when missing (a full table is emptied: the
 * cost is a rare exit line without comm). */
static struct known *remember(struct proc_state *s, pid_t pid)
{
	struct proc *p = proctable_remember(s->known, pid);

	return p != NULL ? proc_data(p) : NULL;
}

static void note(struct proc_state *s, struct procmon_event *e)
{
	struct known *k = remember(s, e->pid);

	if (k == NULL)
		return;
	if (e->comm[0] != '\0')
		memcpy(k->comm, e->comm, sizeof(k->comm));
	else	/* gone before /proc was read: the name PROC_EVENT_COMM gave */
		memcpy(e->comm, k->comm, sizeof(e->comm));
	k->ppid = e->ppid;
	k->uid = e->uid;
	k->reported = 0;
}

static void on_exit_event(struct backend *b, struct procmon_event *e, unsigned code)
{
	struct proc_state *s = b->priv;
	struct proc *p = proctable_find_pid(s->known, e->pid);
	struct known *k = p != NULL ? proc_data(p) : NULL;
	struct procfs_stat st;

	if ((k != NULL && k->reported) || !cnproc_process_dead(e->pid))
		return;
	if (k != NULL) {
		memcpy(e->comm, k->comm, sizeof(e->comm));
		e->ppid = k->ppid;
		e->uid = k->uid;
	} else {
		fill_from_proc(e);
	}
	k = remember(s, e->pid);
	if (k != NULL)
		k->reported = 1;
	e->exit_status = (int)code;
	e->flags |= PROCMON_RSS_UNKNOWN;
	if (procfs_read_stat(e->pid, &st) == 0) {
		copy_comm(e->comm, st.comm);
		e->ppid = st.ppid;
		e->utime_ns = procfs_ticks_to_ns(st.utime);
		e->stime_ns = procfs_ticks_to_ns(st.stime);
	} else {
		e->flags |= PROCMON_CPU_UNKNOWN;
	}
	b->deliver(e, b->ctx);
}

static void on_message(const struct proc_event *pe, void *ctx)
{
	struct backend *b = ctx;
	struct proc_state *s = b->priv;
	static struct procmon_event e;
	struct procfs_stat st;

	memset(&e, 0, sizeof(e));
	e.time_ns = (uint64_t)((int64_t)pe->timestamp_ns + s->mono_to_boot);
	switch (pe->what) {
	case PROC_EVENT_FORK:
		if (pe->event_data.fork.child_pid != pe->event_data.fork.child_tgid)
			return;	/* a thread */
		e.kind = PROCMON_FORK;
		e.pid = pe->event_data.fork.child_tgid;
		e.ppid = pe->event_data.fork.parent_tgid;
		e.start_ns = procfs_read_stat(e.pid, &st) == 0
			? procfs_ticks_to_ns(st.starttime) : e.time_ns;
		fill_from_proc(&e);
		note(s, &e);
		break;
	case PROC_EVENT_EXEC:
		e.kind = PROCMON_EXEC;
		e.pid = pe->event_data.exec.process_tgid;
		fill_from_proc(&e);
		read_exec(&e);
		note(s, &e);
		break;
	case PROC_EVENT_COMM:
		/* Sent by exec (before PROC_EVENT_EXEC) and prctl: the name
		 * even of a process gone before /proc could be read. */
		if (pe->event_data.comm.process_pid == pe->event_data.comm.process_tgid) {
			struct known *k = remember(s, pe->event_data.comm.process_tgid);
			if (k != NULL)
				copy_comm(k->comm, pe->event_data.comm.comm);
		}
		return;
	case PROC_EVENT_EXIT:
		e.kind = PROCMON_EXIT;
		e.pid = pe->event_data.exit.process_tgid;
		e.ppid = 0;
		on_exit_event(b, &e, pe->event_data.exit.exit_code);
		return;
	default:
		return;
	}
	b->deliver(&e, b->ctx);
}

static int proc_drain(struct backend *b)
{
	struct proc_state *s = b->priv;

	return cnproc_drain(b->fd, on_message, b, &s->overruns);
}

static int proc_track(struct backend *b, pid_t pid)
{
	(void)b, (void)pid;	/* the filtering is all in user space */
	return 0;
}

static uint64_t proc_lost(struct backend *b)
{
	return ((struct proc_state *)b->priv)->overruns;
}

static void proc_close(struct backend *b)
{
	struct proc_state *s = b->priv;

	if (s == NULL)
		return;
	close(b->fd);
	proctable_free(s->known);
	free(s);
	b->priv = NULL;
}

int proc_backend_open(struct backend *b, char *why, size_t whylen)
{
	struct proc_state *s;
	int fd = cnproc_open(why, whylen);

	if (fd < 0)
		return -1;
	s = calloc(1, sizeof(*s));
	if (s == NULL || (s->known = proctable_new(PROCTABLE_DEFAULT_MAX, sizeof(struct known))) == NULL) {
		snprintf(why, whylen, "%s", strerror(ENOMEM));
		free(s);
		close(fd);
		return -1;
	}
	s->mono_to_boot = cnproc_mono_to_boot();
	b->name = "proc";
	b->fd = fd;
	b->drain = proc_drain;
	b->track = proc_track;
	b->scope_netns = NULL;	/* procmon filters by /proc/PID/ns/net */
	b->lost = proc_lost;
	b->close = proc_close;
	b->priv = s;
	return 0;
}
