/* XDR (RFC 4506) encoding and decoding with every length bounded, and ONC
 * RPC record marking (RFC 5531, section 11) to frame XDR messages on a byte
 * stream.
 *
 * Encoding appends to a growable buffer that refuses to grow past a limit;
 * decoding reads through a cursor.  Both record the first failure in a
 * sticky flag and make every later call a no-op, so a message is encoded or
 * decoded field by field and checked once at the end, as in tcpdump's
 * bounds-checked readers. */
#ifndef SONDE_XDR_H
#define SONDE_XDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xdr_enc {
	uint8_t *data;
	size_t len, cap;
	size_t max;      /* the buffer never grows beyond this */
	bool failed;     /* out of memory, over max, or a field over its bound */
};

void xdr_enc_init(struct xdr_enc *e, size_t max);
void xdr_enc_free(struct xdr_enc *e);
void xdr_put_u32(struct xdr_enc *e, uint32_t v);
void xdr_put_i32(struct xdr_enc *e, int32_t v);
void xdr_put_u64(struct xdr_enc *e, uint64_t v);
void xdr_put_bool(struct xdr_enc *e, bool v);
/* Variable-length opaque<max>: length, bytes, zero padding to 4. */
void xdr_put_opaque(struct xdr_enc *e, const void *p, size_t len, size_t max);
/* string<max>, from a NUL-terminated C string. */
void xdr_put_string(struct xdr_enc *e, const char *s, size_t max);

struct xdr_dec {
	const uint8_t *p;
	size_t left;
	bool failed;     /* truncated, over a bound, or malformed */
};

void xdr_dec_init(struct xdr_dec *d, const void *p, size_t len);
uint32_t xdr_get_u32(struct xdr_dec *d);
int32_t xdr_get_i32(struct xdr_dec *d);
uint64_t xdr_get_u64(struct xdr_dec *d);
/* Only 0 and 1 are booleans; anything else fails. */
bool xdr_get_bool(struct xdr_dec *d);
/* An array count or an enum value that must not exceed max. */
uint32_t xdr_get_count(struct xdr_dec *d, uint32_t max);
/* opaque<max>: points into the input (not copied); padding must be zero. */
const uint8_t *xdr_get_opaque(struct xdr_dec *d, size_t max, size_t *len);
/* string<max>: a malloc'd NUL-terminated copy; an embedded NUL fails. */
char *xdr_get_string(struct xdr_dec *d, size_t max);
/* True when everything decoded and nothing is left over. */
bool xdr_dec_done(const struct xdr_dec *d);

/* --- record marking --------------------------------------------------- */

/* The 4-byte fragment header: bit 31 "last fragment", bits 0-30 length. */
#define XDR_RM_LAST 0x80000000u
#define XDR_RM_HDRLEN 4

/* Starts a record in e: reserves its header.  Returns the offset to give
 * xdr_record_end(). */
size_t xdr_record_begin(struct xdr_enc *e);
/* Writes the header of the record begun at start as one last fragment. */
void xdr_record_end(struct xdr_enc *e, size_t start);

/* Reassembles records from a byte stream, fragment by fragment, refusing
 * any record longer than max bytes before buffering it. */
struct xdr_rm_reader {
	uint8_t *buf;
	size_t len, cap, max;
	uint8_t hdr[XDR_RM_HDRLEN];
	size_t hdr_have;     /* bytes of the current header read so far */
	uint32_t frag_left;  /* bytes of the current fragment still expected */
	bool in_frag, last;
};

enum xdr_rm_status { XDR_RM_MORE = 0, XDR_RM_RECORD = 1, XDR_RM_ERROR = -1 };

void xdr_rm_init(struct xdr_rm_reader *r, size_t max);
void xdr_rm_free(struct xdr_rm_reader *r);
/* Consumes bytes from data[0..n) and stores how many in *used.  Returns
 * XDR_RM_RECORD when a whole record is in r->buf[0..r->len) (call
 * xdr_rm_next() after handling it), XDR_RM_MORE when all n bytes were
 * consumed without completing one, XDR_RM_ERROR (errno EMSGSIZE, or ENOMEM)
 * when the stream announces a record over the limit. */
enum xdr_rm_status xdr_rm_feed(struct xdr_rm_reader *r, const void *data, size_t n, size_t *used);
/* Forgets the record just returned, to read the next. */
void xdr_rm_next(struct xdr_rm_reader *r);
/* True when no part of a record has been received (a clean end of stream). */
bool xdr_rm_idle(const struct xdr_rm_reader *r);

#endif
