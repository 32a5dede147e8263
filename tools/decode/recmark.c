/* ONC RPC record marking on a reassembled stream (recmark.h). */
#include "recmark.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

void recmark_init(struct recmark *r, size_t max, const struct recmark_ops *ops, void *arg)
{
	memset(r, 0, sizeof(*r));
	xdr_rm_init(&r->rd, max);
	r->ops = ops;
	r->arg = arg;
}

void recmark_free(struct recmark *r)
{
	xdr_rm_free(&r->rd);
}

/* Forgets the record in progress (and its buffer). */
static void reset(struct recmark *r)
{
	size_t max = r->rd.max;

	xdr_rm_free(&r->rd);
	xdr_rm_init(&r->rd, max);
}

static void out_of_step(struct recmark *r, const char *why)
{
	r->ops->problem(r->arg, why);
	reset(r);
	r->lost = 1;
}

/* A segment starting with a fragment header of 1 .. max bytes. */
static int plausible(const struct recmark *r, const uint8_t *p, size_t len)
{
	if (len < XDR_RM_HDRLEN)
		return 0;
	uint32_t frag = ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3])
		& ~XDR_RM_LAST;
	return frag > 0 && frag <= r->rd.max;
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
		if (xdr_rm_idle(&r->rd))
			r->first_n = n;
		size_t used;
		enum xdr_rm_status s = xdr_rm_feed(&r->rd, p, len, &used);
		p += used;
		len -= used;
		if (s == XDR_RM_RECORD) {
			r->ops->record(r->arg, r->rd.buf, r->rd.len, r->first_n);
			xdr_rm_next(&r->rd);
		} else if (s == XDR_RM_ERROR) {
			char why[96];
			if (errno == EMSGSIZE)
				snprintf(why, sizeof(why), "record of over %zu bytes (the limit)", r->rd.max);
			else
				snprintf(why, sizeof(why), "out of memory");
			out_of_step(r, why);
			r->skipped += len;
			return;
		}
	}
}

void recmark_gap(struct recmark *r)
{
	if (r->lost)
		return;
	out_of_step(r, xdr_rm_idle(&r->rd) ? "bytes missing from the capture"
		: "bytes missing from the capture inside a record");
}

void recmark_end(struct recmark *r)
{
	if (!xdr_rm_idle(&r->rd) && !r->lost)
		r->ops->problem(r->arg, "the stream ended inside a record");
	reset(r);
}
