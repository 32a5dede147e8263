/* ONC RPC record marking on a reassembled stream (recmark.h). */
#include "recmark.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RM_LAST 0x80000000u

void recmark_init(struct recmark *r, size_t max, const struct recmark_ops *ops, void *arg)
{
	memset(r, 0, sizeof(*r));
	r->max = max;
	r->ops = ops;
	r->arg = arg;
}

void recmark_free(struct recmark *r)
{
	free(r->buf);
	r->buf = NULL;
	r->len = r->cap = 0;
}

/* Forgets the record in progress. */
static void reset(struct recmark *r)
{
	r->len = 0;
	r->hdr_have = 0;
	r->frag_left = 0;
	r->in_frag = r->last = r->started = 0;
}

static void out_of_step(struct recmark *r, const char *why)
{
	r->ops->problem(r->arg, why);
	reset(r);
	r->lost = 1;
	if (r->cap > 65536) {
		/* a big record's buffer is not kept for the skipping */
		free(r->buf);
		r->buf = NULL;
		r->cap = 0;
	}
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int plausible(const struct recmark *r, const uint8_t *p, size_t len)
{
	if (len < 4)
		return 0;
	uint32_t frag = be32(p) & ~RM_LAST;
	return frag > 0 && frag <= r->max;
}

static int append(struct recmark *r, const uint8_t *p, size_t n)
{
	if (r->len + n > r->cap) {
		size_t cap = r->cap ? r->cap : 256;
		while (cap < r->len + n)
			cap *= 2;
		if (cap > r->max)
			cap = r->max;
		uint8_t *b = realloc(r->buf, cap);
		if (b == NULL)
			return -1;
		r->buf = b;
		r->cap = cap;
	}
	memcpy(r->buf + r->len, p, n);
	r->len += n;
	return 0;
}

void recmark_feed(struct recmark *r, const uint8_t *p, size_t len, uint64_t n, int seg_start)
{
	if (r->lost) {
		if (!seg_start || !plausible(r, p, len)) {
			r->skipped += len;
			return;
		}
		r->lost = 0;
	}
	while (len > 0) {
		if (!r->started) {
			r->started = 1;
			r->first_n = n;
		}
		if (!r->in_frag) {
			size_t take = 4 - r->hdr_have < len ? 4 - r->hdr_have : len;
			memcpy(r->hdr + r->hdr_have, p, take);
			r->hdr_have += take;
			p += take;
			len -= take;
			if (r->hdr_have < 4)
				return;
			uint32_t h = be32(r->hdr);
			r->hdr_have = 0;
			r->frag_left = h & ~RM_LAST;
			r->last = (h & RM_LAST) != 0;
			r->in_frag = 1;
			if ((size_t)r->frag_left > r->max - r->len) {
				char why[96];
				snprintf(why, sizeof(why), "record of over %zu bytes (the limit)", r->max);
				out_of_step(r, why);
				r->skipped += len;
				return;
			}
		}
		size_t take = r->frag_left < len ? r->frag_left : len;
		if (take > 0 && append(r, p, take) < 0) {
			out_of_step(r, "out of memory");
			return;
		}
		p += take;
		len -= take;
		r->frag_left -= (uint32_t)take;
		if (r->frag_left > 0)
			return;
		r->in_frag = 0;
		if (r->last) {
			r->ops->record(r->arg, r->buf, r->len, r->first_n);
			reset(r);
		}
	}
}

void recmark_gap(struct recmark *r)
{
	if (r->lost)
		return;
	out_of_step(r, r->started ? "bytes missing from the capture inside a record"
			      : "bytes missing from the capture");
}

void recmark_end(struct recmark *r)
{
	if (r->started && !r->lost)
		r->ops->problem(r->arg, "the stream ended inside a record");
	reset(r);
}
