/* A job running on a slave: its process (own process group, pidfd), the
 * pipes to its stdin, stdout and stderr, its deadline. */
#ifndef JOBMGR_JOB_H
#define JOBMGR_JOB_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "jobproto.h"

struct job {
	uint64_t id;
	pid_t pid;
	int pidfd, in_fd, out_fd, err_fd;   /* -1 when closed */
	uint8_t *in;                        /* stdin bytes still to write */
	size_t inlen, in_off;
	uint8_t *out, *err;                 /* captured, up to JM_MAX_OUTPUT */
	size_t outlen, errlen;
	uint64_t start_ns, deadline_mono_ns; /* deadline 0: none */
	bool timed_out, cancelled;
};

struct run_as {
	const char *user;   /* NULL: as the daemon */
	uid_t uid;
	gid_t gid;
	const gid_t *groups; /* its supplementary groups (getgrouplist) */
	size_t ngroups;
};

/* Starts spec's argv (no shell) with its environment additions.  Returns
 * the job, or NULL with errno set. */
struct job *job_start(uint64_t id, const struct jm_spec *spec, const struct run_as *as);
/* Handles readiness of one of the job's fds. */
void job_io(struct job *j, int fd, short revents);
/* Kills the whole process group (timeout or cancel). */
void job_kill(struct job *j);
/* When the process has exited: reaps it, collects what the pipes still
 * hold, fills st (state, code, times, output moved) and returns true. */
bool job_reap(struct job *j, struct jm_status *st);
void job_free(struct job *j);

#endif
