/* ONC RPC record marking (RFC 5531 section 11) on a reassembled byte
 * stream: 4-byte fragment headers (bit 31 "last fragment", bits 0-30 the
 * length), fragments joined into records of at most max bytes.  A gap in
 * the stream or a record over max puts the reader out of step: it skips
 * bytes until the start of a later segment that begins with a plausible
 * header (a length of 1 .. max) and goes on from there. */
#ifndef DECODE_RECMARK_H
#define DECODE_RECMARK_H

#include <stddef.h>
#include <stdint.h>

/* What a reader reports: a whole record (first_n: the packet where its
 * first byte arrived; the data is valid during the call only), or a
 * problem in the stream at packet n. */
struct recmark_ops {
	void (*record)(void *arg, const uint8_t *rec, size_t len, uint64_t first_n);
	void (*problem)(void *arg, const char *why);
};

struct recmark {
	uint8_t *buf;
	size_t len, cap, max;
	uint8_t hdr[4];
	size_t hdr_have;
	uint32_t frag_left;
	int in_frag, last;
	int started;          /* some byte of the current record was seen */
	uint64_t first_n;
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
