/* What the BPF programs that follow processes on the scheduler's
 * tracepoints (exitstat.bpf.c, procmon.bpf.c) share: the final figures of
 * a process, read in the kernel as its last thread exits (on
 * sched_process_exit), the set of processes in scope and the count of
 * what was lost, and the pair of programs each handler is attached by.
 * Include once, after vmlinux.h, bpf_helpers.h, bpf_core_read.h and
 * bpf_tracing.h. */
#ifndef SONDE_BPF_EXITFIGURES_H
#define SONDE_BPF_EXITFIGURES_H

/* The processes in scope (tgid) when the program filters by subtree: the
 * user side puts the roots in, a fork from a tracked parent adds the
 * child, its exit removes it. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, int);
	__type(value, char);
} tracked SEC(".maps");

/* Events that did not fit in the ring buffer, forks that did not fit in
 * tracked. */
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

/* The same into the fields of those names of event e (an exitstat_event,
 * a procmon_event). */
#define store_exit_figures(e, task) do {			\
	struct exit_figures f_;					\
								\
	read_exit_figures((task), &f_);				\
	(e)->utime_ns = f_.utime_ns;				\
	(e)->stime_ns = f_.stime_ns;				\
	(e)->runtime_ns = f_.runtime_ns;			\
	(e)->maxrss_pages = f_.maxrss_pages;			\
} while (0)

/* One handler on both attachments of scheduler tracepoint TP: NAME_btf on
 * tp_btf/TP (typed arguments, preferred) and NAME_raw on raw_tp/TP (for
 * kernels where tp_btf does not load); the user side loads one set.  The
 * tracepoint's arguments are the last ones; both programs return CALL,
 * which reads kernel memory through BPF_CORE_READ and so serves both. */
#define TP_BTF_AND_RAW(name, tp, call, args...)		\
	SEC("tp_btf/" #tp)					\
	int BPF_PROG(name##_btf, args) { return call; }		\
	SEC("raw_tp/" #tp)					\
	int BPF_PROG(name##_raw, args) { return call; }

#endif
