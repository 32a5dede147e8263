/* procmon: what the kernel side (procmon.bpf.c) sends the user side
 * (tools/procmon) through the ring buffer.  Shared by both; plain C types
 * so it compiles against vmlinux.h and against libc headers. */
#ifndef SONDE_BPF_PROCMON_H
#define SONDE_BPF_PROCMON_H

#define PROCMON_COMM_LEN     16
#define PROCMON_FILENAME_LEN 256
/* argv bytes copied at exec (a power of two: the kernel side masks with it);
 * longer command lines are cut and marked. */
#define PROCMON_ARGS_LEN     4096

enum procmon_kind {
	PROCMON_FORK = 1,
	PROCMON_EXEC = 2,
	PROCMON_EXIT = 3,
};

/* procmon_event.flags */
#define PROCMON_ARGS_TRUNCATED     0x1  /* argv longer than PROCMON_ARGS_LEN */
#define PROCMON_ARGS_UNREADABLE    0x2  /* argv could not be read */
#define PROCMON_FILENAME_TRUNCATED 0x4
#define PROCMON_ARGS_LATE          0x8  /* (proc backend) argv read from /proc after the exec */
#define PROCMON_CPU_UNKNOWN        0x10 /* (proc backend) CPU time not known at exit */
#define PROCMON_RSS_UNKNOWN        0x20 /* (proc backend) peak RSS not known at exit */

struct procmon_event {
	unsigned int kind;            /* enum procmon_kind */
	unsigned int flags;
	int pid;                      /* the process (thread group id) */
	int ppid;                     /* its real parent's thread group id */
	unsigned int uid;             /* real uid */
	int exit_status;              /* EXIT: the wait status (as waitpid gives it) */
	unsigned long long time_ns;   /* CLOCK_BOOTTIME ns of the event */
	unsigned long long start_ns;  /* the process's start, CLOCK_BOOTTIME ns;
	                               * 0: not known (proc backend), match by pid */
	/* EXIT: CPU time of the whole thread group; user and system come
	 * from tick sampling, runtime_ns is the scheduler's exact sum, and
	 * the user side splits runtime_ns in the ratio utime:stime as
	 * getrusage() does. */
	unsigned long long utime_ns, stime_ns, runtime_ns;
	unsigned long long maxrss_pages;  /* EXIT: peak RSS (hiwater), pages */
	char comm[PROCMON_COMM_LEN];
	/* EXEC only: the event is sent up to args[args_len]. */
	unsigned int filename_len;    /* without the NUL */
	unsigned int args_len;        /* bytes of argv, each argument NUL-terminated */
	char filename[PROCMON_FILENAME_LEN];
	char args[PROCMON_ARGS_LEN];
};

/* The size of a FORK or EXIT event in the ring buffer. */
#define PROCMON_SMALL_EVENT __builtin_offsetof(struct procmon_event, filename_len)

#endif
