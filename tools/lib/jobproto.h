/* The jobmgr wire protocol: XDR messages in ONC RPC record marking, as
 * described for decode in tools/jobmgr/jobmgr.x (keep the two in step).
 * Every message starts with { version, type, reqid }; every length and
 * count has the bound given here and in the .x file. */
#ifndef SONDE_JOBPROTO_H
#define SONDE_JOBPROTO_H

#include <stddef.h>
#include <stdint.h>

#include "xdr.h"

#define JM_VERSION      1
#define JM_PORT         2711
#define JM_MAX_RECORD   (1u << 20)     /* one framed message, bytes */
#define JM_MAX_TOKEN    256
#define JM_MAX_NAME     64
#define JM_MAX_ARGS     256
#define JM_MAX_ARG      4096
#define JM_MAX_ENV      256
#define JM_MAX_STDIN    (256u << 10)
#define JM_MAX_OUTPUT   (128u << 10)   /* each of stdout and stderr */
#define JM_MAX_TEXT     1024           /* an error message */
#define JM_MAX_SLAVES   256
#define JM_MAX_LISTED   4096           /* jobs in one listing */

enum jm_type {
	JM_REGISTER = 1, JM_REGISTERED, JM_HEARTBEAT, JM_SUBMIT, JM_ACCEPTED,
	JM_RUN, JM_STATUS, JM_QUERY, JM_CANCEL, JM_LIST, JM_LISTING,
	JM_SHUTDOWN, JM_ERROR, JM_LEAVE,
	JM_TYPE_MAX = JM_LEAVE
};

enum jm_state {
	JM_QUEUED, JM_RUNNING, JM_EXITED, JM_SIGNALED, JM_TIMEDOUT, JM_LOST,
	JM_CANCELLED,
	JM_STATE_MAX = JM_CANCELLED
};

enum jm_error {
	JM_E_VERSION = 1, JM_E_TOKEN, JM_E_NOJOB, JM_E_MALFORMED, JM_E_REFUSED,
	JM_E_FULL,
	JM_ERROR_MAX = JM_E_FULL
};

#define JM_F_REQUEUE 1u   /* submit flag: re-queue when its slave is lost */
#define JM_F_ALL     1u   /* flags accepted in a submission */

/* What to run. */
struct jm_spec {
	char **argv;
	uint32_t argc;
	char **env;          /* "NAME=value" added to the slave's environment */
	uint32_t envc;
	uint8_t *in;         /* bytes given on the job's standard input */
	size_t inlen;
	uint32_t timeout_ms; /* 0: none */
	uint32_t flags;
};

struct jm_status {
	uint64_t job;
	uint32_t state;      /* enum jm_state */
	int32_t code;        /* exit status, or signal number */
	char *slave;         /* where it ran, "" when it has not */
	uint64_t submit_ns, start_ns, end_ns;  /* CLOCK_REALTIME, 0 unknown */
	uint8_t *out, *err;
	size_t outlen, errlen;
};

struct jm_slave_info {
	char *name, *addr;
	uint32_t slots, running;
};

/* One message; only the fields of its type are meaningful.  Decoded
 * strings and bytes are owned by the message (jm_msg_free). */
struct jm_msg {
	uint32_t version, type, reqid;
	char *token;                  /* REGISTER, SUBMIT, CANCEL, SHUTDOWN */
	char *name;                   /* REGISTER */
	uint32_t slots, running;      /* REGISTER, HEARTBEAT */
	uint64_t boot;                /* REGISTERED: the master's start time */
	uint32_t heartbeat_ms;        /* REGISTERED */
	uint64_t job;                 /* ACCEPTED, RUN, QUERY, CANCEL */
	uint32_t wait;                /* QUERY: reply when the job is over */
	struct jm_spec spec;          /* SUBMIT, RUN */
	struct jm_status status;      /* STATUS */
	struct jm_slave_info *slaves; /* LISTING */
	uint32_t nslaves;
	struct jm_status *jobs;       /* LISTING (without output) */
	uint32_t njobs;
	uint32_t error;               /* ERROR: enum jm_error */
	char *text;                   /* ERROR, LEAVE (why) */
};

/* Appends m as one record to e.  Returns 0, or -1 when a field is over its
 * bound (e->failed). */
int jm_encode(struct xdr_enc *e, const struct jm_msg *m);

enum jm_decode_result { JM_OK = 0, JM_BAD = -1, JM_BAD_VERSION = -2 };
/* Decodes one record's payload into m (zeroed first).  On JM_BAD_VERSION
 * only version, type and reqid are set.  Free m with jm_msg_free in every
 * case. */
enum jm_decode_result jm_decode(const void *buf, size_t len, struct jm_msg *m);
void jm_msg_free(struct jm_msg *m);
void jm_spec_free(struct jm_spec *s);
void jm_status_free(struct jm_status *s);
/* Deep copies; return 0 or -1 (out of memory). */
int jm_spec_copy(struct jm_spec *dst, const struct jm_spec *src);

const char *jm_type_name(uint32_t type);
const char *jm_state_name(uint32_t state);
/* A job in this state is over. */
int jm_state_final(uint32_t state);

#endif
