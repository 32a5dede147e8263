/* The master's job log (-J FILE): one TSV record per finished job, written
 * whole and at once when the job ends, so that a case's report gets every
 * job's slave, state, status and times without a program of its own. */
#ifndef JOBMGR_JOBLOG_H
#define JOBMGR_JOBLOG_H

#include "jobproto.h"

/* Creates (truncates) path and writes the comment and header lines; exits
 * on failure, as the daemon's other start-up errors do.  A NULL path: no
 * job log. */
void joblog_open(const char *path, const char *listen, uint64_t heartbeat_ns);
/* The record of a job that is over (its state final). */
void joblog_job(const struct jm_spec *spec, const struct jm_status *st);
void joblog_close(void);

#endif
