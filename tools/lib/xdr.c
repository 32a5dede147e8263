#include "xdr.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static size_t pad4(size_t n) { return (4 - (n & 3)) & 3; }

void xdr_enc_init(struct xdr_enc *e, size_t max)
{
	memset(e, 0, sizeof(*e));
	e->max = max;
}

void xdr_enc_free(struct xdr_enc *e)
{
	free(e->data);
	memset(e, 0, sizeof(*e));
}

/* Room for n more bytes, or the sticky failure. */
static uint8_t *enc_room(struct xdr_enc *e, size_t n)
{
	if (e->failed)
		return NULL;
	if (n > e->max || e->len > e->max - n) {
		e->failed = true;
		return NULL;
	}
	if (e->len + n > e->cap) {
		size_t cap = e->cap ? e->cap : 256;
		uint8_t *p;

		while (cap < e->len + n)
			cap *= 2;
		if (cap > e->max)
			cap = e->max;
		p = realloc(e->data, cap);
		if (p == NULL) {
			e->failed = true;
			return NULL;
		}
		e->data = p;
		e->cap = cap;
	}
	e->len += n;
	return e->data + e->len - n;
}

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void xdr_put_u32(struct xdr_enc *e, uint32_t v)
{
	uint8_t *p = enc_room(e, 4);

	if (p)
		be32(p, v);
}

void xdr_put_i32(struct xdr_enc *e, int32_t v) { xdr_put_u32(e, (uint32_t)v); }
void xdr_put_bool(struct xdr_enc *e, bool v) { xdr_put_u32(e, v ? 1 : 0); }

void xdr_put_u64(struct xdr_enc *e, uint64_t v)
{
	xdr_put_u32(e, (uint32_t)(v >> 32));
	xdr_put_u32(e, (uint32_t)v);
}

void xdr_put_opaque(struct xdr_enc *e, const void *p, size_t len, size_t max)
{
	uint8_t *dst;

	if (len > max || len > UINT32_MAX) {
		e->failed = true;
		return;
	}
	xdr_put_u32(e, (uint32_t)len);
	dst = enc_room(e, len + pad4(len));
	if (dst == NULL)
		return;
	if (len)
		memcpy(dst, p, len);
	memset(dst + len, 0, pad4(len));
}

void xdr_put_string(struct xdr_enc *e, const char *s, size_t max)
{
	xdr_put_opaque(e, s, s ? strlen(s) : 0, max);
}

void xdr_dec_init(struct xdr_dec *d, const void *p, size_t len)
{
	d->p = p;
	d->left = len;
	d->failed = false;
}

static const uint8_t *dec_take(struct xdr_dec *d, size_t n)
{
	const uint8_t *p;

	if (d->failed || n > d->left) {
		d->failed = true;
		return NULL;
	}
	p = d->p;
	d->p += n;
	d->left -= n;
	return p;
}

uint32_t xdr_get_u32(struct xdr_dec *d)
{
	const uint8_t *p = dec_take(d, 4);

	return p ? get_be32(p) : 0;
}

int32_t xdr_get_i32(struct xdr_dec *d) { return (int32_t)xdr_get_u32(d); }

uint64_t xdr_get_u64(struct xdr_dec *d)
{
	uint64_t hi = xdr_get_u32(d);

	return hi << 32 | xdr_get_u32(d);
}

bool xdr_get_bool(struct xdr_dec *d)
{
	return xdr_get_count(d, 1) == 1;
}

uint32_t xdr_get_count(struct xdr_dec *d, uint32_t max)
{
	uint32_t v = xdr_get_u32(d);

	if (v > max) {
		d->failed = true;
		return 0;
	}
	return v;
}

const uint8_t *xdr_get_opaque(struct xdr_dec *d, size_t max, size_t *len)
{
	uint32_t n = xdr_get_u32(d);
	const uint8_t *p;
	size_t i;

	*len = 0;
	if (d->failed || n > max) {
		d->failed = true;
		return NULL;
	}
	p = dec_take(d, (size_t)n + pad4(n));
	if (p == NULL)
		return NULL;
	for (i = n; i < (size_t)n + pad4(n); i++)
		if (p[i] != 0) {
			d->failed = true;
			return NULL;
		}
	*len = n;
	return p;
}

char *xdr_get_string(struct xdr_dec *d, size_t max)
{
	size_t len;
	const uint8_t *p = xdr_get_opaque(d, max, &len);
	char *s;

	if (p == NULL)
		return NULL;
	if (memchr(p, '\0', len)) {
		d->failed = true;
		return NULL;
	}
	s = malloc(len + 1);
	if (s == NULL) {
		d->failed = true;
		return NULL;
	}
	memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

bool xdr_dec_done(const struct xdr_dec *d)
{
	return !d->failed && d->left == 0;
}

size_t xdr_record_begin(struct xdr_enc *e)
{
	size_t start = e->len;

	xdr_put_u32(e, 0);
	return start;
}

void xdr_record_end(struct xdr_enc *e, size_t start)
{
	size_t n;

	if (e->failed)
		return;
	n = e->len - start - XDR_RM_HDRLEN;
	if (n > ~XDR_RM_LAST) {
		e->failed = true;
		return;
	}
	be32(e->data + start, XDR_RM_LAST | (uint32_t)n);
}

void xdr_rm_init(struct xdr_rm_reader *r, size_t max)
{
	memset(r, 0, sizeof(*r));
	r->max = max;
}

void xdr_rm_free(struct xdr_rm_reader *r)
{
	free(r->buf);
	r->buf = NULL;
	r->len = r->cap = 0;
}

static int rm_reserve(struct xdr_rm_reader *r, size_t n)
{
	uint8_t *p;
	size_t cap;

	if (r->len + n <= r->cap)
		return 0;
	cap = r->cap ? r->cap : 512;
	while (cap < r->len + n)
		cap *= 2;
	if (cap > r->max)
		cap = r->max;    /* r->len + n never exceeds it */
	p = realloc(r->buf, cap);
	if (p == NULL)
		return -1;
	r->buf = p;
	r->cap = cap;
	return 0;
}

enum xdr_rm_status xdr_rm_feed(struct xdr_rm_reader *r, const void *data, size_t n, size_t *used)
{
	const uint8_t *in = data;
	size_t i = 0;

	while (i < n) {
		if (!r->in_frag) {
			size_t k = XDR_RM_HDRLEN - r->hdr_have;

			if (k > n - i)
				k = n - i;
			memcpy(r->hdr + r->hdr_have, in + i, k);
			r->hdr_have += k;
			i += k;
			if (r->hdr_have < XDR_RM_HDRLEN)
				break;
			uint32_t h = get_be32(r->hdr);
			r->hdr_have = 0;
			r->last = (h & XDR_RM_LAST) != 0;
			r->frag_left = h & ~XDR_RM_LAST;
			/* Checked before anything is buffered: a peer cannot
			 * make us allocate more than max. */
			if (r->frag_left > r->max - r->len) {
				*used = i;
				errno = EMSGSIZE;
				return XDR_RM_ERROR;
			}
			r->in_frag = true;
		}
		size_t k = r->frag_left;

		if (k > n - i)
			k = n - i;
		/* The buffer grows with the bytes that came, not with what a
		 * header announces: many readers of half-sent records (decode
		 * follows a thousand streams) hold only what they received. */
		if (k && rm_reserve(r, k) < 0) {
			*used = i;
			errno = ENOMEM;
			return XDR_RM_ERROR;
		}
		if (k)
			memcpy(r->buf + r->len, in + i, k);
		r->len += k;
		r->frag_left -= (uint32_t)k;
		i += k;
		if (r->frag_left == 0) {
			r->in_frag = false;
			if (r->last) {
				*used = i;
				return XDR_RM_RECORD;
			}
		}
	}
	*used = i;
	return XDR_RM_MORE;
}

void xdr_rm_next(struct xdr_rm_reader *r)
{
	r->len = 0;
	r->last = false;
}

bool xdr_rm_idle(const struct xdr_rm_reader *r)
{
	return r->len == 0 && r->hdr_have == 0 && !r->in_frag;
}
