/* memmon: per-process memory (RSS, its peak, PSS on request) at a fixed
 * interval, and the peak at each process's exit.  See memmon(1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "sampler.h"

static void usage(FILE *fp)
{
	fprintf(fp,
		"usage: %s [-P] [-i INTERVAL] [-o FILE] [-N NETNS] [-b bpf|proc] [-p PID | -- CMD [ARG]...]\n"
		"Writes, every INTERVAL, the resident memory of each process in scope and\n"
		"its peak as TSV, and the peak again when a process exits.\n"
		"  -P           also PSS (from smaps_rollup: costs more per process)\n"
		SAMPLER_USAGE_OPTIONS,
		progname);
}

static const char *const columns[] = {
	"time", "kind", "pid", "ppid", "comm", "rss_kb", "peak_kb", "pss_kb", "note",
};

#define NO_VALUE UINT64_MAX

/* What memmon remembers of a process between ticks. */
struct mem_proc {
	int sampled;
	uint64_t time;          /* of the last sample */
	uint64_t rss_kb, peak_kb, pss_kb;
	pid_t ppid;
	char comm[64];
};

struct memmon {
	int pss;                /* -P */
};

static void put_kb(struct tsv *t, uint64_t kb)
{
	if (kb == NO_VALUE)
		tsv_none(t);
	else
		tsv_u64(t, kb);
}

static void write_line(struct sampler *s, const char *kind, pid_t pid,
		       const struct mem_proc *mp, const char *note)
{
	struct tsv *t = &s->out;

	sampler_begin_record(s, mp->time, kind, pid, mp->ppid, mp->comm);
	put_kb(t, mp->rss_kb);
	put_kb(t, mp->peak_kb);
	put_kb(t, mp->pss_kb);
	tsv_str(t, note);
	sampler_end_record(s);
}

static void on_sample(struct sampler *s, struct proc *p, const struct procfs_stat *st, uint64_t now)
{
	const struct memmon *m = s->ctx;
	struct mem_proc *mp = sampler_data(p);
	struct procfs_mem mem;
	uint64_t pss = NO_VALUE;

	/* Kernel threads have no memory of their own; a process gone since
	 * its stat was read is seen gone at the next tick. */
	if (procfs_read_status_mem(p->pid, &mem) < 0 || !mem.has_mm)
		return;
	if (m->pss && procfs_read_pss(p->pid, &pss) < 0)
		pss = NO_VALUE;
	mp->sampled = 1;
	mp->time = now;
	mp->ppid = st->ppid;
	memcpy(mp->comm, st->comm, sizeof(mp->comm));
	mp->rss_kb = mem.rss_kb;
	mp->peak_kb = mem.hwm_kb;
	mp->pss_kb = pss;
	write_line(s, "proc", p->pid, mp, "-");
}

/* An exited process's memory is gone with it (a zombie has none): the
 * peak known is that of the last sample. */
static void on_gone(struct sampler *s, struct proc *p)
{
	struct mem_proc *mp = sampler_data(p);

	if (!mp->sampled)
		return;
	mp->rss_kb = mp->pss_kb = NO_VALUE;
	write_line(s, "exit", p->pid, mp, "last-sample");
}

static void on_exited(struct sampler *s, struct proc *p, const struct procfs_stat *st, uint64_t now)
{
	(void)st;
	(void)now;
	on_gone(s, p);
}

/* An exit told by the exit source: the peak the kernel kept (BPF), or
 * (proc connector) none: then the last sample's, if any. */
static void on_final(struct sampler *s, struct proc *p, const struct exitwatch_exit *e)
{
	struct mem_proc *mp = sampler_data(p);
	const char *note = "final";

	mp->time = e->time;
	mp->ppid = e->ppid;
	if (e->comm[0] != '\0')
		snprintf(mp->comm, sizeof(mp->comm), "%s", e->comm);
	mp->rss_kb = mp->pss_kb = NO_VALUE;
	if (e->flags & EXITWATCH_RSS_KNOWN) {
		if (!mp->sampled || e->maxrss_kb > mp->peak_kb)
			mp->peak_kb = e->maxrss_kb;
	} else if (mp->sampled) {
		note = "last-sample";
	} else {
		mp->peak_kb = NO_VALUE;
		note = "unknown";
	}
	write_line(s, "exit", p->pid, mp, note);
}

static void on_cmd_rusage(struct sampler *s, struct proc *p, const struct rusage *ru, uint64_t now)
{
	struct mem_proc *mp = sampler_data(p);
	uint64_t maxrss = ru->ru_maxrss > 0 ? (uint64_t)ru->ru_maxrss : 0;

	if (!mp->sampled) {	/* exited before the first tick */
		sampler_cmd_comm(s, mp->comm, sizeof(mp->comm));
		mp->peak_kb = 0;
	}
	mp->time = now;
	mp->ppid = getpid();
	mp->rss_kb = mp->pss_kb = NO_VALUE;
	if (maxrss > mp->peak_kb)
		mp->peak_kb = maxrss;
	write_line(s, "exit", p->pid, mp, "final");
}

static const struct sampler_ops memmon_ops = {
	.proc_extra = sizeof(struct mem_proc),
	.sample = on_sample,
	.exited = on_exited,
	.gone = on_gone,
	.cmd_rusage = on_cmd_rusage,
	.final = on_final,
};

int main(int argc, char **argv)
{
	struct memmon m = { 0 };
	struct sampler s;
	int c;

	err_init(argv[0]);
	sampler_init(&s, "memmon", &memmon_ops, &m);
	while ((c = getopt(argc, argv, SAMPLER_OPTSTRING "P")) != -1) {
		if (c == 'h') {
			usage(stdout);
			close_stdout();
			return EXIT_OK;
		}
		if (c == 'P')
			m.pss = 1;
		else if (!sampler_option(&s, c, optarg))
			usage_error("unknown option");
	}
	sampler_operands(&s, argc - optind, argv + optind);
	sampler_setup(&s, columns, sizeof(columns) / sizeof(columns[0]));
	return sampler_run(&s);
}
