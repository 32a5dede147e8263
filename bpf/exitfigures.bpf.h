/* The final figures of a process, read in the kernel as its last thread
 * exits (on sched_process_exit): for every BPF program that reports exits
 * (exitstat.bpf.c; procmon.bpf.c may share it).  Include after vmlinux.h
 * and bpf_core_read.h. */
#ifndef SONDE_BPF_EXITFIGURES_H
#define SONDE_BPF_EXITFIGURES_H

struct exit_figures {
	__u64 utime_ns, stime_ns, runtime_ns, maxrss_pages;
};

/* CPU time: threads already reaped are summed in signal; the exiting
 * thread and, when it is not the leader, the leader (a zombie whose times
 * join signal only when it is reaped) still hold their own.  Peak RSS:
 * do_exit() has folded the mm's high-water mark into signal->maxrss before
 * the tracepoint (getrusage's figure); the mm, when still there, may know
 * a higher one. */
static __always_inline void read_exit_figures(struct task_struct *task, struct exit_figures *f)
{
	struct signal_struct *sig = BPF_CORE_READ(task, signal);
	struct task_struct *leader = BPF_CORE_READ(task, group_leader);

	f->utime_ns = BPF_CORE_READ(sig, utime) + BPF_CORE_READ(task, utime);
	f->stime_ns = BPF_CORE_READ(sig, stime) + BPF_CORE_READ(task, stime);
	f->runtime_ns = BPF_CORE_READ(sig, sum_sched_runtime) + BPF_CORE_READ(task, se.sum_exec_runtime);
	if (leader != task) {
		f->utime_ns += BPF_CORE_READ(leader, utime);
		f->stime_ns += BPF_CORE_READ(leader, stime);
		f->runtime_ns += BPF_CORE_READ(leader, se.sum_exec_runtime);
	}
	unsigned long maxrss = BPF_CORE_READ(sig, maxrss);
	unsigned long hiwater = BPF_CORE_READ(task, mm, hiwater_rss);
	f->maxrss_pages = maxrss > hiwater ? maxrss : hiwater;
}

#endif
