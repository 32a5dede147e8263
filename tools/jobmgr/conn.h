/* A non-blocking TCP connection carrying jobmgr records: bytes in are
 * reassembled into records, messages out are queued and written as the
 * socket accepts them. */
#ifndef JOBMGR_CONN_H
#define JOBMGR_CONN_H

#include <stdbool.h>
#include <stdint.h>

#include "jobproto.h"
#include "xdr.h"

/* Bytes queued for one peer before it counts as not reading. */
#define CONN_MAX_QUEUED (64u << 20)

struct conn {
	int fd;
	uint64_t serial;        /* unique for the daemon's life */
	char peer[64];          /* "ADDR:PORT" for the log */
	struct xdr_rm_reader rd;
	struct xdr_enc out;
	size_t out_off;         /* bytes of out already written */
	bool closing;           /* close once out is written */
	bool dead;              /* to be removed */
	uint64_t last_rx_ns;    /* CLOCK_MONOTONIC of the last record */
	void *role;             /* what the daemon attaches (a slave, ...) */
};

struct conn *conn_new(int fd, const char *peer);
void conn_free(struct conn *c);
/* Queues m (version filled in); on overflow the connection is dropped. */
void conn_send(struct conn *c, struct jm_msg *m);
/* Queues an ERROR reply to reqid. */
void conn_error(struct conn *c, uint32_t reqid, uint32_t code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Writes what the socket takes; marks dead on error or when closing and
 * done. */
void conn_flush(struct conn *c);
bool conn_wants_write(const struct conn *c);

/* Called for each decoded message; the callee owns nothing of m. */
typedef void conn_handler(struct conn *c, struct jm_msg *m, void *ctx);
/* Reads what is available and calls handle for each whole message.
 * Garbage (an oversized record, an undecodable message) is logged and the
 * connection closed; an unknown version gets an ERROR reply first. */
void conn_read(struct conn *c, conn_handler *handle, void *ctx);

/* "ADDR:PORT" of a socket's peer or local end. */
void sockaddr_text(const void *sa, char *buf, size_t len);
uint64_t now_mono_ns(void);
uint64_t now_real_ns(void);

#endif
