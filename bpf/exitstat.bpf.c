// SPDX-License-Identifier: GPL-2.0
/* exitstat: the final figures of each process that exits (cpumon, memmon),
 * sent through a ring buffer when its last thread dies.
 *
 * The scope is kept in the kernel, so that a process born and dead between
 * two samples of the user side is still reported:
 *   filter_subtree: only processes in `tracked` (the user side puts the
 *     roots in; a fork from a tracked process adds the child);
 *   filter_net: only processes whose network namespace has that inode.
 * Each handler exists on tp_btf (preferred) and raw_tp (fallback):
 * TP_BTF_AND_RAW. */
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

	store_exit_figures(e, task);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

TP_BTF_AND_RAW(fork, sched_process_fork, on_fork(parent, child),
	struct task_struct *parent, struct task_struct *child)
TP_BTF_AND_RAW(exit, sched_process_exit, on_exit(task), struct task_struct *task)
