/* A small blocking client of the jobmgr master, for the jobmgr command and
 * for a case's programs: connect, submit, status, wait, cancel, list,
 * shutdown.  One request at a time on a connection.  Each call returns 0,
 * or -1 with a message in jobclient_error(). */
#ifndef SONDE_JOBCLIENT_H
#define SONDE_JOBCLIENT_H

#include <netinet/in.h>
#include <stdint.h>

#include "jobproto.h"
#include "xdr.h"

struct jobclient {
	int fd;
	uint32_t reqid;
	char *token;
	struct xdr_rm_reader rd;
	char error[512];
};

/* "ADDR:PORT" or "ADDR" (port 2711); IPv4 addresses.  Returns 0 or -1. */
int jobclient_parse_addr(const char *s, struct sockaddr_in *sa);
/* Reads a token: the first line of path.  Returns a malloc'd string or
 * NULL with the reason in why. */
char *jobclient_read_token(const char *path, char *why, size_t whylen);
/* Constant-time comparison of two tokens (the time does not depend on
 * where they differ); 1 when equal. */
int jobclient_token_equal(const char *a, const char *b);

/* token may be NULL for the requests that need none (status, wait, list). */
int jobclient_connect(struct jobclient *c, const char *master, const char *token);
void jobclient_close(struct jobclient *c);
const char *jobclient_error(const struct jobclient *c);

int jobclient_submit(struct jobclient *c, const struct jm_spec *spec, uint64_t *job);
/* The job's status now (output included when it is over). */
int jobclient_status(struct jobclient *c, uint64_t job, struct jm_status *st);
/* Blocks until the job is over. */
int jobclient_wait(struct jobclient *c, uint64_t job, struct jm_status *st);
int jobclient_cancel(struct jobclient *c, uint64_t job);
/* The registered slaves and the jobs; free with jm_msg_free. */
int jobclient_list(struct jobclient *c, struct jm_msg *listing);
int jobclient_shutdown(struct jobclient *c);

/* The exit status a shell command would give for a finished job: its exit
 * status, 128+signal, 124 timed out (as timeout(1)), 125 lost or
 * cancelled. */
int jobclient_exit_code(const struct jm_status *st);

#endif
