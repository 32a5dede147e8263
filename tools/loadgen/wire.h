/* The data-plane message: every request starts with this header (big
 * endian), so the echo target can answer with a requested reply size and
 * the client can match a reply to its request and its scheduled time.  A
 * plain echo server (echo(7)) works too: it returns the header as sent. */
#ifndef LOADGEN_WIRE_H
#define LOADGEN_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define WIRE_MAGIC 0x4c474e31u   /* "LGN1" */
#define WIRE_HEADER 32

struct wire_msg {
	uint32_t len;        /* this message's length, header included */
	uint32_t reply_len;  /* the reply's length; 0 = same as len */
	uint32_t conn;       /* which of the client's connections */
	uint64_t seq;        /* request number */
	uint64_t sched_ns;   /* scheduled send time, client's CLOCK_MONOTONIC */
};

/* Writes the header into buf (at least WIRE_HEADER bytes). */
void wire_put(unsigned char *buf, const struct wire_msg *m);
/* Reads a header; returns 0, or -1 when buf does not start with one. */
int wire_get(const unsigned char *buf, size_t len, struct wire_msg *m);

#endif
