/* cpumon: per-process CPU time at a fixed interval, system-wide CPU
 * utilisation per CPU, and a final line per process at its exit.  See
 * cpumon(1) for the output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu_usage.h"
#include "err.h"
#include "sampler.h"

static void usage(FILE *fp)
{
	fprintf(fp,
		"usage: %s [-i INTERVAL] [-o FILE] [-N NETNS] [-b bpf|proc] [-p PID | -- CMD [ARG]...]\n"
		"Writes, every INTERVAL, the CPU time of each process in scope and the\n"
		"utilisation of each CPU as TSV, and a final line when a process exits.\n"
		SAMPLER_USAGE_OPTIONS,
		progname);
}

static const char *const columns[] = {
	"time", "kind", "pid", "ppid", "comm", "user_ns", "system_ns", "cpu_pct", "note",
};

/* What cpumon remembers of a process between ticks. */
struct cpu_proc {
	int sampled;
	uint64_t time;          /* of the last sample */
	uint64_t user_ns, system_ns;
	int64_t pct_centi;      /* -1: not known */
	pid_t ppid;
	char comm[64];
};

struct cpumon {
	struct procfs_cpu *cpus[2]; /* the last two /proc/stat readings */
	int ncpus[2];
	size_t max_cpus;
	int cur;
};

static void put_pct(struct tsv *t, int64_t centi)
{
	if (centi < 0)
		tsv_none(t);
	else
		tsv_fixed(t, centi, 2);
}

static void write_proc_line(struct sampler *s, const char *kind, pid_t pid,
			    const struct cpu_proc *cp, const char *note)
{
	struct tsv *t = &s->out;

	sampler_begin_record(s, cp->time, kind, pid, cp->ppid, cp->comm);
	tsv_u64(t, cp->user_ns);
	tsv_u64(t, cp->system_ns);
	put_pct(t, cp->pct_centi);
	tsv_str(t, note);
	sampler_end_record(s);
}

/* Updates cp from a reading of user_ns + system_ns at time now.  The share
 * of a CPU is over the time since the last sample, or since the process
 * started when that was after cpumon did (before: unknown, "-"). */
static void update(const struct sampler *s, struct proc *p, struct cpu_proc *cp,
		   uint64_t user_ns, uint64_t system_ns, uint64_t now)
{
	uint64_t since, before;

	if (cp->sampled) {
		since = cp->time;
		before = cp->user_ns + cp->system_ns;
	} else {
		since = sampler_start_time(p);
		before = 0;
	}
	uint64_t used = user_ns + system_ns;
	/* (start times are in clock ticks: one tick of slack) */
	if (!cp->sampled && since + procfs_ticks_to_ns(1) < s->started)
		cp->pct_centi = -1;
	else
		cp->pct_centi = cpu_pct_centi(used > before ? used - before : 0,
					      now > since ? now - since : 0);
	cp->user_ns = user_ns;
	cp->system_ns = system_ns;
	cp->time = now;
	cp->sampled = 1;
}

static void from_stat(struct cpu_proc *cp, const struct procfs_stat *st)
{
	cp->ppid = st->ppid;
	memcpy(cp->comm, st->comm, sizeof(cp->comm));
}

static void on_sample(struct sampler *s, struct proc *p, const struct procfs_stat *st, uint64_t now)
{
	struct cpu_proc *cp = sampler_data(p);

	from_stat(cp, st);
	update(s, p, cp, procfs_ticks_to_ns(st->utime), procfs_ticks_to_ns(st->stime), now);
	write_proc_line(s, "proc", p->pid, cp, "-");
}

static void on_exited(struct sampler *s, struct proc *p, const struct procfs_stat *st, uint64_t now)
{
	struct cpu_proc *cp = sampler_data(p);

	from_stat(cp, st);
	update(s, p, cp, procfs_ticks_to_ns(st->utime), procfs_ticks_to_ns(st->stime), now);
	write_proc_line(s, "exit", p->pid, cp, "final");
}

static void on_gone(struct sampler *s, struct proc *p)
{
	struct cpu_proc *cp = sampler_data(p);

	if (cp->sampled)
		write_proc_line(s, "exit", p->pid, cp, "last-sample");
}

/* An exit told by the exit source: the kernel's final figures, or (proc
 * connector, the zombie already reaped) only that it happened. */
static void on_final(struct sampler *s, struct proc *p, const struct exitwatch_exit *e)
{
	struct cpu_proc *cp = sampler_data(p);

	cp->ppid = e->ppid;
	if (e->comm[0] != '\0')
		snprintf(cp->comm, sizeof(cp->comm), "%s", e->comm);
	if (e->flags & EXITWATCH_CPU_KNOWN) {
		update(s, p, cp, e->user_ns, e->system_ns, e->time);
		write_proc_line(s, "exit", p->pid, cp, "final");
	} else if (cp->sampled) {
		write_proc_line(s, "exit", p->pid, cp, "last-sample");
	} else {
		struct tsv *t = &s->out;
		sampler_begin_record(s, e->time, "exit", p->pid, cp->ppid, cp->comm);
		tsv_none(t);
		tsv_none(t);
		tsv_none(t);
		tsv_str(t, "unknown");
		sampler_end_record(s);
	}
}

static uint64_t timeval_ns(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * 1000000000u + (uint64_t)tv->tv_usec * 1000u;
}

static void on_cmd_rusage(struct sampler *s, struct proc *p, const struct rusage *ru, uint64_t now)
{
	struct cpu_proc *cp = sampler_data(p);

	if (!cp->sampled)	/* exited before the first tick */
		sampler_cmd_comm(s, cp->comm, sizeof(cp->comm));
	cp->ppid = getpid();
	update(s, p, cp, timeval_ns(&ru->ru_utime), timeval_ns(&ru->ru_stime), now);
	write_proc_line(s, "exit", p->pid, cp, "final");
}

static void read_cpus(struct cpumon *m, int slot)
{
	m->ncpus[slot] = procfs_read_cpus(m->cpus[slot], m->max_cpus);
	if (m->ncpus[slot] < 0)
		warn_("/proc/stat");
}

static void on_begin(struct sampler *s, uint64_t now)
{
	struct cpumon *m = s->ctx;

	(void)now;
	read_cpus(m, m->cur);
}

/* One line per CPU, and "all", with the busy share since the last tick. */
static void on_tick_end(struct sampler *s, uint64_t now)
{
	struct cpumon *m = s->ctx;
	int prev = m->cur, cur = !m->cur;

	read_cpus(m, cur);
	m->cur = cur;
	for (int i = 0; i < m->ncpus[cur]; i++) {
		const struct procfs_cpu *c = &m->cpus[cur][i], *b = NULL;
		for (int j = 0; j < m->ncpus[prev]; j++)
			if (m->cpus[prev][j].cpu == c->cpu)
				b = &m->cpus[prev][j];
		char name[32];
		if (c->cpu < 0)
			snprintf(name, sizeof(name), "all");
		else
			snprintf(name, sizeof(name), "cpu%d", c->cpu);
		struct tsv *t = &s->out;
		tsv_u64(t, now);
		tsv_str(t, "cpu");
		tsv_none(t);
		tsv_none(t);
		tsv_str(t, name);
		tsv_u64(t, cpu_user_ns(c));
		tsv_u64(t, cpu_system_ns(c));
		put_pct(t, b != NULL ? cpu_busy_centi(b, c) : -1);
		tsv_none(t);
		sampler_end_record(s);
	}
}

static const struct sampler_ops cpumon_ops = {
	.proc_extra = sizeof(struct cpu_proc),
	.begin = on_begin,
	.sample = on_sample,
	.exited = on_exited,
	.gone = on_gone,
	.cmd_rusage = on_cmd_rusage,
	.final = on_final,
	.tick_end = on_tick_end,
};

int main(int argc, char **argv)
{
	struct cpumon m;
	struct sampler s;
	int c;

	err_init(argv[0]);
	memset(&m, 0, sizeof(m));
	sampler_init(&s, "cpumon", &cpumon_ops, &m);
	while ((c = getopt(argc, argv, SAMPLER_OPTSTRING)) != -1) {
		if (c == 'h') {
			usage(stdout);
			close_stdout();
			return EXIT_OK;
		}
		if (!sampler_option(&s, c, optarg))
			usage_error("unknown option");
	}
	sampler_operands(&s, argc - optind, argv + optind);

	long n = sysconf(_SC_NPROCESSORS_CONF);
	m.max_cpus = (size_t)(n > 0 ? n : 1) + 1;
	for (int i = 0; i < 2; i++)
		if ((m.cpus[i] = calloc(m.max_cpus, sizeof(*m.cpus[i]))) == NULL)
			err_(EXIT_FAIL, "memory");
	sampler_setup(&s, columns, sizeof(columns) / sizeof(columns[0]));
	int status = sampler_run(&s);
	free(m.cpus[0]);
	free(m.cpus[1]);
	return status;
}
