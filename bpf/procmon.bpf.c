// SPDX-License-Identifier: GPL-2.0
/* procmon's kernel side: fork, exec and whole-process exit events from the
 * scheduler's tracepoints, through a ring buffer.
 *
 * Each handler exists twice (TP_BTF_AND_RAW): on tp_btf (typed arguments,
 * preferred) and on raw_tp (for kernels where tp_btf does not load); the
 * user side loads one set.  Everything reads kernel memory through
 * BPF_CORE_READ, so one body serves both. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "exitfigures.bpf.h"
#include "procmon.h"

char LICENSE[] SEC("license") = "GPL";

/* Set by the user side before loading. */
const volatile bool filter_scope = false;  /* only processes in `tracked` */
const volatile bool filter_netns = false;  /* only processes in scope_netns */
/* With filter_netns: the inode of the network namespace in scope, set by
 * the user side once it is known (0 until then: nothing matches). */
__u64 scope_netns = 0;

/* linux/sched/signal.h (a #define, so not in BTF) */
#define SIGNAL_GROUP_EXIT 0x00000004

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20);
} events SEC(".maps");

/* An exec event is too big for the BPF stack: built here, then copied. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct procmon_event);
} scratch SEC(".maps");

static bool in_scope(int tgid)
{
	return !filter_scope || bpf_map_lookup_elem(&tracked, &tgid) != NULL;
}

/* Whether task lives in the network namespace in scope.  Valid at fork
 * (the child's namespaces are set), exec and exit (sched_process_exit
 * comes before exit_task_namespaces). */
static bool in_netns(struct task_struct *task)
{
	return !filter_netns || BPF_CORE_READ(task, nsproxy, net_ns, ns.inum) == scope_netns;
}

/* The fields every event carries, about process task. */
static void fill_common(struct procmon_event *e, struct task_struct *task, unsigned int kind)
{
	e->kind = kind;
	e->flags = 0;
	e->pid = BPF_CORE_READ(task, tgid);
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->uid = BPF_CORE_READ(task, real_cred, uid.val);
	e->time_ns = bpf_ktime_get_boot_ns();
	e->start_ns = BPF_CORE_READ(task, group_leader, start_boottime);
	BPF_CORE_READ_STR_INTO(&e->comm, task, comm);
}

/* A FORK or EXIT event about task, reserved in the ring buffer and filled
 * in; NULL (counted as lost) when the buffer is full. */
static struct procmon_event *small_event(struct task_struct *task, unsigned int kind)
{
	struct procmon_event *e = bpf_ringbuf_reserve(&events, PROCMON_SMALL_EVENT, 0);

	if (!e) {
		count_lost();
		return NULL;
	}
	__builtin_memset(e, 0, PROCMON_SMALL_EVENT);
	fill_common(e, task, kind);
	return e;
}

static int on_fork(struct task_struct *parent, struct task_struct *child)
{
	struct procmon_event *e;
	int tgid = BPF_CORE_READ(child, tgid);
	char one = 1;

	if (BPF_CORE_READ(child, pid) != tgid)
		return 0;	/* a new thread, not a new process */
	if (!in_netns(child))
		return 0;
	if (filter_scope) {
		if (!in_scope(BPF_CORE_READ(parent, tgid)))
			return 0;
		if (bpf_map_update_elem(&tracked, &tgid, &one, BPF_ANY) != 0)
			count_lost();
	}
	e = small_event(child, PROCMON_FORK);
	if (e)
		bpf_ringbuf_submit(e, 0);
	return 0;
}

static int on_exec(struct task_struct *task, struct linux_binprm *bprm)
{
	struct procmon_event *e;
	int zero = 0;
	long n;

	if (!in_scope(BPF_CORE_READ(task, tgid)) || !in_netns(task))
		return 0;
	e = bpf_map_lookup_elem(&scratch, &zero);
	if (!e)
		return 0;
	fill_common(e, task, PROCMON_EXEC);

	n = bpf_probe_read_kernel_str(e->filename, sizeof(e->filename), BPF_CORE_READ(bprm, filename));
	e->filename_len = n > 0 ? (unsigned int)n - 1 : 0;
	if (e->filename_len == sizeof(e->filename) - 1)
		e->flags |= PROCMON_FILENAME_TRUNCATED;	/* or exactly that long */

	/* argv as the new program sees it: the strings between arg_start and
	 * arg_end of its memory, NUL-separated. */
	unsigned long start = BPF_CORE_READ(task, mm, arg_start);
	unsigned long end = BPF_CORE_READ(task, mm, arg_end);
	unsigned long len = end > start ? end - start : 0;
	if (len > PROCMON_ARGS_LEN) {
		len = PROCMON_ARGS_LEN;
		e->flags |= PROCMON_ARGS_TRUNCATED;
	}
	len &= 2 * PROCMON_ARGS_LEN - 1;	/* a bound the verifier can see */
	if (len > PROCMON_ARGS_LEN)
		len = PROCMON_ARGS_LEN;
	if (len > 0 && bpf_probe_read_user(e->args, len, (const void *)start) != 0) {
		len = 0;
		e->flags |= PROCMON_ARGS_UNREADABLE;
	}
	e->args_len = len;

	if (bpf_ringbuf_output(&events, e, __builtin_offsetof(struct procmon_event, args) + len, 0) != 0)
		count_lost();
	return 0;
}

static int on_exit(struct task_struct *task)
{
	struct procmon_event *e;
	struct signal_struct *sig = BPF_CORE_READ(task, signal);
	struct task_struct *leader = BPF_CORE_READ(task, group_leader);
	int tgid = BPF_CORE_READ(task, tgid);

	/* A thread's exit is not the process's: only the last thread, the
	 * one that brought signal->live to 0, reports. */
	if (BPF_CORE_READ(sig, live.counter) != 0)
		return 0;
	if (!in_scope(tgid) || !in_netns(task))
		return 0;
	if (filter_scope)
		bpf_map_delete_elem(&tracked, &tgid);
	e = small_event(task, PROCMON_EXIT);
	if (!e)
		return 0;
	/* Report the leader's comm: it is what names the process. */
	BPF_CORE_READ_STR_INTO(&e->comm, leader, comm);

	/* The status wait() will report: the group exit code when the process
	 * was ended as a whole (exit_group, a fatal signal), else the
	 * leader's own exit code. */
	if (BPF_CORE_READ(sig, flags) & SIGNAL_GROUP_EXIT)
		e->exit_status = BPF_CORE_READ(sig, group_exit_code);
	else
		e->exit_status = BPF_CORE_READ(leader, exit_code);

	store_exit_figures(e, task);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

TP_BTF_AND_RAW(fork, sched_process_fork, on_fork(parent, child),
	struct task_struct *parent, struct task_struct *child)
TP_BTF_AND_RAW(exec, sched_process_exec, on_exec(task, bprm),
	struct task_struct *task, pid_t old_pid, struct linux_binprm *bprm)
TP_BTF_AND_RAW(exit, sched_process_exit, on_exit(task), struct task_struct *task)
