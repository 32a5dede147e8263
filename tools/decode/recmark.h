/* ONC RPC record marking (RFC 5531 section 11) on a reassembled byte
 * stream: 4-byte fragment headers (bit 31 "last fragment", bits 0-30 the
 * length), fragments joined into records of at most max bytes, by the
 * reader jobmgr uses (xdr.h).  A gap in
 * the stream or a record over max puts the reader out of step: it skips
 * bytes until the start of a later segment that begins with a plausible
 * header (a length of 1 .. max) and goes on from there. */
#ifndef DECODE_RECMARK_H
#define DECODE_RECMARK_H

#include <stddef.h>
#include <stdint.h>

#include "xdr.h"

/* What a reader reports: a whole record (first_n: the packet where its
 * first byte arrived; the data is valid during the call only), or a
 * problem in the stream at packet n. */
struct recmark_ops {
	void (*record)(void *arg, const uint8_t *rec, size_t len, uint64_t first_n);
	void (*problem)(void *arg, const char *why);
};

/* The record reader is jobmgr's (xdr.h); this adds where a record
 * began, and getting back in step after a gap. */
struct recmark {
	struct xdr_rm_reader rd;
	uint64_t first_n;     /* the packet of the current record's first byte */
	int lost;             /* out of step: skipping to a segment start */
	uint64_t skipped;     /* bytes skipped while out of step, in all */
	const struct recmark_ops *ops;
	void *arg;
};

void recmark_init(struct recmark *r, size_t max, const struct recmark_ops *ops, void *arg);
void recmark_free(struct recmark *r);
/* In-order stream bytes from packet n; seg_start when p is where that
 * packet's payload begins (a point to get back in step). */
void recmark_feed(struct recmark *r, const uint8_t *p, size_t len, uint64_t n, int seg_start);
/* Bytes that were never captured come next. */
void recmark_gap(struct recmark *r);
/* The stream ended (FIN, RST or the end of the capture). */
void recmark_end(struct recmark *r);

#endif
