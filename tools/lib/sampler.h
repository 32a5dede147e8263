/* The frame of the sampling monitors (cpumon, memmon): their common
 * options, the output, the scope, and a loop that wakes at a fixed interval,
 * walks the processes in scope through /proc and hands each to the tool.
 *
 *   -i INTERVAL  -o FILE  -N NETNS  -b bpf|proc  -p PID | -g  [-- CMD ARGS...]
 *
 * A tool fills a struct sampler_ops and calls, in order,
 *   sampler_init, (getopt: sampler_option for the common letters),
 *   sampler_operands, sampler_setup, sampler_run.
 *
 * Each tick: the scope's new processes join the table (from /proc), then
 * every process in the table is read (/proc/PID/stat) and given to
 * ops->sample; a process no longer there (or whose pid now belongs to
 * another process) is given to ops->gone once and forgotten; a zombie
 * whose last thread has exited is given to ops->exited with its final
 * figures.  CMD itself is not given to ops->exited: once reaped, it goes
 * to ops->cmd_rusage with wait4's resource usage (as time(1) reports it).
 *
 * With an exit source (tools/lib/exitwatch.h: the BPF backend, or the
 * proc connector in the /proc backend) every process in scope that exits
 * goes to ops->final with the kernel's final figures, even one born and
 * dead between two ticks; ops->exited and ops->gone remain for exits the
 * source missed.
 *
 * SIGINT and SIGTERM end the loop after one last tick (complete lines,
 * exit 0); with a CMD they are passed on to CMD, and the loop ends when CMD
 * has exited, with CMD's status. */
#ifndef SONDE_SAMPLER_H
#define SONDE_SAMPLER_H

#include <stdint.h>
#include <sys/resource.h>

#include "exitwatch.h"
#include "procfs.h"
#include "proctable.h"
#include "scope.h"
#include "tsv.h"

enum sampler_backend { BACKEND_AUTO, BACKEND_BPF, BACKEND_PROC };

struct sampler;

struct sampler_ops {
	/* Bytes of the tool's own data per process (proc_data()). */
	size_t proc_extra;
	/* Once, before the first tick (e.g. a first /proc/stat reading). */
	void (*begin)(struct sampler *s, uint64_t now);
	/* A live process at time now (CLOCK_REALTIME ns). */
	void (*sample)(struct sampler *s, struct proc *p, const struct procfs_stat *st, uint64_t now);
	/* A process that has exited, its figures final (st from its zombie). */
	void (*exited)(struct sampler *s, struct proc *p, const struct procfs_stat *st, uint64_t now);
	/* A process seen gone between two ticks: only its last sample is known. */
	void (*gone)(struct sampler *s, struct proc *p);
	/* CMD reaped: its wait4 usage (with the descendants it waited for). */
	void (*cmd_rusage)(struct sampler *s, struct proc *p, const struct rusage *ru, uint64_t now);
	/* A process that has exited, with the exit source's final figures
	 * (p may be new: a process born and dead between two ticks). */
	void (*final)(struct sampler *s, struct proc *p, const struct exitwatch_exit *e);
	/* After the processes of a tick. */
	void (*tick_end)(struct sampler *s, uint64_t now);
};

struct sampler {
	const char *tool;
	uint64_t started;               /* CLOCK_REALTIME ns at sampler_init */
	uint64_t interval_ns;
	const char *out_path;           /* "-" for standard output */
	const char *netns;
	enum sampler_backend backend;   /* as asked; after setup, as used */
	struct scope scope;
	struct proctable *procs;
	struct tsv out;
	void *ctx;                      /* the tool's */
	const struct sampler_ops *ops;
	int out_fd;
	int sig_fd, timer_fd;
	int stopping;                   /* a signal came */
	int cmd_reaped;
	struct exitwatch *exits;        /* the exit source, or NULL */
	size_t ncols;
};

#define SAMPLER_DEFAULT_INTERVAL_NS 1000000000ull
#define SAMPLER_MIN_INTERVAL_NS 1000000ull          /* 1ms */
#define SAMPLER_MAX_INTERVAL_NS 3600000000000ull    /* 1h */

/* The common letters for getopt ("+" first: the command's options are its own). */
#define SAMPLER_OPTSTRING "+hi:o:N:b:p:g"

/* The usage lines of the common options, for the tools' -h. */
#define SAMPLER_USAGE_OPTIONS \
	"  -i INTERVAL  sampling interval, 1ms..1h (default 1s; 100ms, 2.5s, ...)\n" \
	"  -o FILE      output (default: standard output)\n" \
	"  -N NETNS     enter the network namespace NETNS first (CMD runs there)\n" \
	"  -b BACKEND   bpf (exit figures from BPF, the default when it loads) or proc\n" \
	"  -p PID       only PID and its descendants\n" \
	"  -g           only this guest's processes: those in the network namespace\n" \
	"               of the monitor (after -N)\n" \
	"  -- CMD ...   run CMD and watch it and its descendants; exit with its status\n" \
	"  -h           this help\n"

void sampler_init(struct sampler *s, const char *tool, const struct sampler_ops *ops, void *ctx);
/* Handles one of -i -o -N -b -p (exiting 2 on a bad value); returns 0 for
 * any other letter. */
int sampler_option(struct sampler *s, int opt, const char *arg);
/* The operands after the options: CMD ARGS..., or nothing. */
void sampler_operands(struct sampler *s, int argc, char **argv);

/* Opens the output, enters the namespace, starts CMD held, picks the
 * backend, writes the header ("TOOL backend=... interval_ns=..." then the
 * columns).  Exits 1 with a message on failure. */
void sampler_setup(struct sampler *s, const char *const *cols, size_t ncols);

/* The loop.  Returns the exit status for main(). */
int sampler_run(struct sampler *s);

/* Helpers for the tools' callbacks. */
/* The tool's bytes of a process (ops->proc_extra of them, zeroed at first). */
void *sampler_data(struct proc *p);
uint64_t sampler_now(void);       /* CLOCK_REALTIME ns */
/* Starts a record with the columns every monitor begins with:
 * time, kind, pid, ppid, comm. */
void sampler_begin_record(struct sampler *s, uint64_t time, const char *kind,
			  pid_t pid, pid_t ppid, const char *comm);
/* Ends a record; a write error stops the monitor (exit 1 with a message). */
void sampler_end_record(struct sampler *s);
/* CMD's name as the kernel would give it (its file name, 15 bytes at most),
 * for a CMD that exited before any sample. */
void sampler_cmd_comm(const struct sampler *s, char *comm, size_t size);
/* The real time a process started (from its /proc start time). */
uint64_t sampler_start_time(const struct proc *p);

#endif
