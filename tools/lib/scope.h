/* The process scope every monitor takes (procmon, cpumon, memmon):
 *
 *   (nothing)      every process on the host (in the pid namespace);
 *   -p PID         PID and all its descendants, those alive at start and
 *                  those forked later;
 *   -g             this guest's processes: those whose network namespace is
 *                  the monitor's own (after -N NETNS), for testbed guests
 *                  that share the host's pid namespace;
 *   -- CMD ARGS…   a command the monitor starts itself, held (blocked on a
 *                  pipe) until the monitor has attached its probes, then
 *                  released; the monitor exits with CMD's status.
 *
 * Typical use:
 *
 *   struct scope sc;
 *   scope_init(&sc);
 *   while ((c = getopt(argc, argv, "+p:…")) != -1)  // '+': stop at CMD
 *           case 'p': scope_opt_pid(&sc, c, optarg); break;
 *   scope_opt_command(&sc, argc - optind, argv + optind); // -p and CMD conflict
 *   if (scope_start(&sc) < 0) err_(1, …);     // forks CMD held / checks PID
 *   … attach probes, then scope_track(&sc, table) to fill the process table …
 *   scope_release(&sc);                        // CMD may exec now
 *   … loop; poll scope_pollfd(&sc) to see CMD end …
 *   return scope_wait(&sc);                    // CMD's status as a shell gives it
 */
#ifndef SONDE_SCOPE_H
#define SONDE_SCOPE_H

#include <stdint.h>
#include <sys/types.h>

struct proctable;

enum scope_kind { SCOPE_ALL, SCOPE_PID, SCOPE_CMD, SCOPE_NET };

struct scope {
	enum scope_kind kind;
	pid_t pid;            /* SCOPE_PID: the root; SCOPE_CMD: CMD once started */
	uint64_t start;       /* the root's start time (clock ticks since boot) */
	char **argv;          /* SCOPE_CMD: the command, NULL-terminated */
	int hold_fd;          /* SCOPE_CMD: write end of the pipe CMD waits on */
	int pidfd;            /* SCOPE_CMD: readable when CMD has exited */
	int status;           /* wait status once reaped, -1 before */
	uint64_t net_ino;     /* SCOPE_NET: the inode of the monitor's network
	                       * namespace (the kernel's net->ns.inum) */
};

void scope_init(struct scope *sc);

/* Option helpers, exiting 2 with a clear message on bad usage. */
/* -p PID: a positive pid (through parse.h). */
void scope_opt_pid(struct scope *sc, char opt, const char *arg);
/* -g: the processes of the monitor's network namespace.  With -p it is a
 * usage error. */
void scope_opt_guest(struct scope *sc, char opt);
/* The operands left after the options: a command (argv[0] …), or nothing.
 * A command together with -p or -g is a usage error. */
void scope_opt_command(struct scope *sc, int argc, char **argv);

/* SCOPE_PID: checks that the pid exists (-1, errno ESRCH otherwise) and
 * notes its start time.  SCOPE_CMD: forks CMD, held until scope_release();
 * the child has default signal dispositions and an empty signal mask.
 * Returns 0 or -1 with errno. */
int scope_start(struct scope *sc);

/* Puts what is in scope now into the table: the subtree of -p PID (from
 * /proc), CMD's pid, the processes of the namespace, or every process for
 * SCOPE_ALL.  Call after the probes
 * are attached (so nothing forked in between is missed) and before
 * scope_release().  Returns the number added or -1 with errno (ESRCH: the
 * -p process has exited meanwhile). */
int scope_track(const struct scope *sc, struct proctable *t);

/* The scope's processes not yet in the table join it (from /proc): every
 * process (SCOPE_ALL), the descendants of the root (SCOPE_PID, SCOPE_CMD),
 * the processes of the namespace (SCOPE_NET).  For the monitors that look
 * for new processes at each tick.  Returns the number added or -1 with
 * errno (ESRCH: the root has exited; ENOSPC: the table is full). */
int scope_discover(const struct scope *sc, struct proctable *t);

/* The inode of the network namespace of pid (0: the caller), as
 * /proc/PID/ns/net shows it; 0 when it cannot be read (gone, a zombie). */
uint64_t scope_net_ino(pid_t pid);

/* Whether pid lives in the scope's network namespace (SCOPE_NET only;
 * always 1 for other scopes). */
int scope_in_net(const struct scope *sc, pid_t pid);

/* The scope's name for output headers: all, pid, command, guest. */
const char *scope_name(const struct scope *sc);

/* Lets CMD run: it execs now.  When exec fails the child prints
 * "tool: CMD: reason" and exits 127 (not found) or 126 (found but not
 * executable), as a shell does.  A no-op for other scopes. */
int scope_release(struct scope *sc);

/* Kills a CMD still held (the monitor failed to start) and reaps it. */
void scope_abort(struct scope *sc);

/* A descriptor that becomes readable when CMD exits (a pidfd), or -1. */
int scope_pollfd(const struct scope *sc);

/* Whether CMD has exited (reaping it without blocking); 0 for other scopes. */
int scope_cmd_done(struct scope *sc);

/* Waits for CMD and returns the exit status a shell would give:
 * its exit code, or 128 + the signal that killed it.  0 for other scopes. */
int scope_wait(struct scope *sc);

/* A wait status as a shell's $?. */
int scope_exit_code(int wstatus);

#endif
