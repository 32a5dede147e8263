// SPDX-License-Identifier: GPL-2.0
/* exitstat: the final figures of each process that exits (cpumon, memmon),
 * sent through a ring buffer when its last thread dies.
 *
 * The scope is kept in the kernel, so that a process born and dead between
 * two samples of the user side is still reported:
 *   filter_subtree: only processes in `tracked` (the user side puts the
 *     roots in; a fork from a tracked process adds the child);
 *   filter_net: only processes whose network namespace has that inode.
 * Each handler exists on tp_btf (preferred) and raw_tp (fallback). */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "exitfigures.bpf.h"
#include "exitstat.h"

char LICENSE[] SEC("license") = "GPL";

const volatile bool filter_subtree = false;
const volatile unsigned int filter_net = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 << 20);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, int);
	__type(value, char);
} tracked SEC(".maps");

/* Exits not sent (ring buffer full) or forks not tracked (map full). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, __u64);
} lost SEC(".maps");

static void count_lost(void)
{
	int zero = 0;
	__u64 *n = bpf_map_lookup_elem(&lost, &zero);

	if (n)
		*n += 1;
}

static unsigned int net_of(struct task_struct *task)
{
	return BPF_CORE_READ(task, nsproxy, net_ns, ns.inum);
}

static int on_fork(struct task_struct *parent, struct task_struct *child)
{
	int ptgid = BPF_CORE_READ(parent, tgid), tgid = BPF_CORE_READ(child, tgid);
	char one = 1;

	if (!filter_subtree || BPF_CORE_READ(child, pid) != tgid)
		return 0;	/* no subtree, or a new thread */
	if (bpf_map_lookup_elem(&tracked, &ptgid) == NULL)
		return 0;
	if (bpf_map_update_elem(&tracked, &tgid, &one, BPF_ANY) != 0)
		count_lost();
	return 0;
}

static int on_exit(struct task_struct *task)
{
	struct signal_struct *sig = BPF_CORE_READ(task, signal);
	struct task_struct *leader = BPF_CORE_READ(task, group_leader);
	int tgid = BPF_CORE_READ(task, tgid);
	struct exitstat_event *e;

	/* Only the last thread of the group (it brought signal->live to 0). */
	if (BPF_CORE_READ(sig, live.counter) != 0)
		return 0;
	if (filter_subtree) {
		if (bpf_map_lookup_elem(&tracked, &tgid) == NULL)
			return 0;
		bpf_map_delete_elem(&tracked, &tgid);
	}
	/* (the namespaces are released after this tracepoint) */
	unsigned int net = net_of(task);
	if (filter_net != 0 && net != filter_net)
		return 0;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_lost();
		return 0;
	}
	e->pid = tgid;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->time_ns = bpf_ktime_get_boot_ns();
	e->start_ns = BPF_CORE_READ(leader, start_boottime);
	e->net_ino = net;
	e->pad = 0;
	BPF_CORE_READ_STR_INTO(&e->comm, leader, comm);

	struct exit_figures f;
	read_exit_figures(task, &f);
	e->utime_ns = f.utime_ns;
	e->stime_ns = f.stime_ns;
	e->runtime_ns = f.runtime_ns;
	e->maxrss_pages = f.maxrss_pages;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(fork_btf, struct task_struct *parent, struct task_struct *child)
{
	return on_fork(parent, child);
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(exit_btf, struct task_struct *task)
{
	return on_exit(task);
}

SEC("raw_tp/sched_process_fork")
int BPF_PROG(fork_raw, struct task_struct *parent, struct task_struct *child)
{
	return on_fork(parent, child);
}

SEC("raw_tp/sched_process_exit")
int BPF_PROG(exit_raw, struct task_struct *task)
{
	return on_exit(task);
}
