/* The one way dissectors read packet bytes: a cursor over a frame that
 * knows both the captured length (bytes we have) and the reported length
 * (bytes the packet had on the wire).  Every read checks the captured
 * length first and fails instead of reading past it, so no dissector can
 * run off the end of a snapped packet.  When a read fails, the cursor
 * remembers whether the missing bytes were cut off by the snapshot length
 * (the packet was longer) or were never in the packet at all (the packet
 * is malformed), which is how Wireshark tells "_ws.short" from
 * "_ws.malformed". */
#ifndef PCAP2XML_CURSOR_H
#define PCAP2XML_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cursor_fault {
	CURSOR_OK = 0,
	CURSOR_SHORT,     /* beyond the captured bytes, within the packet */
	CURSOR_MALFORMED, /* beyond the packet's own length */
};

struct cursor {
	const uint8_t *frame; /* the whole frame; offsets count from here */
	size_t pos;           /* next byte to read, as an offset in frame */
	size_t cap_end;       /* first offset not captured */
	size_t rep_end;       /* first offset not in the packet (reported) */
	enum cursor_fault fault;
};

/* A cursor over a whole frame of caplen captured bytes out of len. */
void cursor_init(struct cursor *c, const uint8_t *frame, size_t caplen, size_t len);

/* Captured bytes left from the current position. */
static inline size_t cursor_left(const struct cursor *c)
{
	return c->pos < c->cap_end ? c->cap_end - c->pos : 0;
}

/* Reported (on the wire) bytes left from the current position. */
static inline size_t cursor_reported_left(const struct cursor *c)
{
	return c->pos < c->rep_end ? c->rep_end - c->pos : 0;
}

/* True when n bytes from pos + off are captured; otherwise records the
 * fault and returns false. */
bool cursor_have(struct cursor *c, size_t off, size_t n);

/* Reads advance the cursor on success and leave it where it was (with the
 * fault recorded) on failure.  Multi-byte reads are big-endian (network
 * order). */
bool cursor_u8(struct cursor *c, uint8_t *v);
bool cursor_be16(struct cursor *c, uint16_t *v);
bool cursor_be32(struct cursor *c, uint32_t *v);
/* Returns a pointer to n captured bytes and advances, or NULL. */
const uint8_t *cursor_bytes(struct cursor *c, size_t n);
bool cursor_skip(struct cursor *c, size_t n);

/* Reads without advancing, off bytes from the current position. */
bool cursor_peek_u8(struct cursor *c, size_t off, uint8_t *v);
bool cursor_peek_be16(struct cursor *c, size_t off, uint16_t *v);

/* Shrinks the packet to n reported bytes from the current position (an IP
 * total length, a UDP length): what follows is trailer, not payload.
 * Never grows it. */
void cursor_limit(struct cursor *c, size_t n);

#endif
