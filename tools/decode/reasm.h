/* TCP reassembly per conversation and direction, from the sequence
 * numbers and payloads of captured segments: the bytes come out in order,
 * once; retransmitted bytes are dropped; a segment ahead of the next
 * expected byte is held until the bytes before it arrive.  A stream holds
 * at most REASM_MAX_HELD segments and REASM_MAX_HELD_BYTES bytes; past
 * that (or at the end of the capture) the bytes never captured are given
 * up as a gap and the stream goes on at the first held segment.  At most
 * REASM_MAX_STREAMS directions are followed at once: a new one ends the
 * least recently used. */
#ifndef DECODE_REASM_H
#define DECODE_REASM_H

#include <stddef.h>
#include <stdint.h>

#define REASM_MAX_HELD       64
#define REASM_MAX_HELD_BYTES (256u << 10)
#define REASM_MAX_STREAMS    1024

/* What a direction's consumer is told; user is what the caller put in
 * struct reasm_dir's user when reasm_dir() created it. */
struct reasm_ops {
	/* In-order bytes from packet n; seg_start when they begin a segment. */
	void (*data)(void *user, const uint8_t *p, size_t len, uint64_t n, int seg_start);
	/* missing bytes were never captured here. */
	void (*gap)(void *user, uint64_t missing);
	/* The direction ended (FIN, RST, evicted, end of capture); free user. */
	void (*end)(void *user);
};

struct reasm_seg;

struct reasm_dir {
	char *key;
	void *user;
	int started, fin;
	uint32_t next;           /* the next byte expected */
	uint32_t fin_seq;        /* the FIN's sequence number, when fin */
	struct reasm_seg *held;  /* sorted by seq */
	size_t nheld, held_bytes;
	uint64_t gaps;           /* bytes given up */
	struct reasm_dir *hnext, *older, *newer;
};

struct reasm {
	const struct reasm_ops *ops;
	struct reasm_dir **table;
	size_t nbuckets, count;
	struct reasm_dir *oldest, *newest;
};

int reasm_init(struct reasm *r, const struct reasm_ops *ops);
/* Ends every direction (end of capture: held segments are delivered
 * after a gap) and frees everything. */
void reasm_free(struct reasm *r);
/* The direction named key (conversation and sender); created when absent
 * and *created set, the caller then sets its user.  NULL: out of memory. */
struct reasm_dir *reasm_dir(struct reasm *r, const char *key, int *created);

enum { REASM_SYN = 1, REASM_FIN = 2, REASM_RST = 4 };
/* One captured segment: seq, its flags, caplen captured bytes of the len
 * on the wire.  The direction may end (and be freed) here. */
void reasm_segment(struct reasm *r, struct reasm_dir *d, uint32_t seq, int flags,
		   const uint8_t *data, size_t caplen, size_t len, uint64_t n);

#endif
