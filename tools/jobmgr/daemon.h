/* The two daemon roles of jobmgr and their settings. */
#ifndef JOBMGR_DAEMON_H
#define JOBMGR_DAEMON_H

#include <stdint.h>
#include <sys/types.h>

struct daemon_opts {
	const char *listen;       /* master: ADDR[:PORT] */
	const char *master;       /* slave: ADDR[:PORT] */
	const char *name;         /* slave: name given to the master */
	const char *ready_file;   /* slave: written once registered */
	const char *job_log;      /* master: -J, the TSV of finished jobs */
	char *token;
	uint32_t slots;
	uint64_t heartbeat_ns;    /* master: the slaves' heartbeat interval */
	uint32_t misses;          /* heartbeats missed before a peer is lost */
	uid_t uid;                /* jobs run as */
	gid_t gid;
	const char *user;         /* NULL: as the daemon */
	gid_t *groups;            /* user's supplementary groups, resolved once */
	size_t ngroups;
};

int master_run(const struct daemon_opts *o);
int slave_run(const struct daemon_opts *o);

/* Set by SIGINT/SIGTERM. */
extern volatile int stop_requested;

#endif
