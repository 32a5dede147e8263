/* XDR messages in ONC RPC records, decoded by a type description given
 * at run time (-t FILE.x): the jobmgr protocol and a case's own. */
#include "proto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgxml.h"
#include "recmark.h"
#include "xdrdecode.h"

/* A record's bound when the description gives none (a const *_MAX_RECORD),
 * and the most any description may ask for. */
#define XDR_DEFAULT_MAX_RECORD (1u << 20)
#define XDR_LIMIT_MAX_RECORD   (64u << 20)

struct xdr_stream {
	const struct decoder *d;
	struct sink *sink;
	struct recmark rm;
	struct xtree tree;
};

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int xdr_load(struct decoder *d, const char *path, char *err, size_t errlen)
{
	if (xspec_load(&d->spec, path, err, errlen) < 0)
		return -1;
	if (xdecode_entry(&d->spec, &d->entry) < 0) {
		snprintf(err, errlen, "%s: no struct or union to decode (the entry is `message` or the last one)", path);
		return -1;
	}
	/* Its constants: NAME_MAX_RECORD bounds a record; the first
	 * NAME_PORT is the port when -t gives none. */
	d->max_record = XDR_DEFAULT_MAX_RECORD;
	for (size_t i = 0; i < d->spec.ndefs; i++) {
		const struct xdef *c = &d->spec.defs[i];
		if (c->kind != XD_CONST)
			continue;
		if (ends_with(c->name, "_MAX_RECORD") && c->value > 0)
			d->max_record = c->value > XDR_LIMIT_MAX_RECORD ? XDR_LIMIT_MAX_RECORD : (size_t)c->value;
		if (d->nports == 0 && ends_with(c->name, "_PORT") && c->value > 0 && c->value < 65536)
			d->ports[d->nports++] = (unsigned)c->value;
	}
	return 0;
}

static void emit(const struct decoder *d, struct sink *sink, struct xtree *t,
		 const uint8_t *p, size_t len, uint64_t first_n)
{
	xdecode_message(&d->entry, p, len, t);
	sink_add(sink, msgxml_message(d->name, t, len, first_n));
}

static void on_record(void *arg, const uint8_t *rec, size_t len, uint64_t first_n)
{
	struct xdr_stream *st = arg;
	emit(st->d, st->sink, &st->tree, rec, len, first_n);
}

static void on_problem(void *arg, const char *why)
{
	struct xdr_stream *st = arg;
	sink_add(st->sink, msgxml_problem(st->d->name, why));
}

static const struct recmark_ops rm_ops = { on_record, on_problem };

static void *xdr_open(const struct decoder *d, struct sink *s)
{
	struct xdr_stream *st = calloc(1, sizeof(*st));

	if (st == NULL)
		return NULL;
	st->d = d;
	st->sink = s;
	recmark_init(&st->rm, d->max_record, &rm_ops, st);
	xtree_init(&st->tree);
	return st;
}

static void xdr_data(void *arg, const uint8_t *p, size_t len, uint64_t n, int seg_start)
{
	struct xdr_stream *st = arg;
	recmark_feed(&st->rm, p, len, n, seg_start);
}

static void xdr_gap(void *arg, uint64_t missing)
{
	struct xdr_stream *st = arg;
	(void)missing;
	recmark_gap(&st->rm);
}

static void xdr_end(void *arg)
{
	struct xdr_stream *st = arg;
	recmark_end(&st->rm);
	recmark_free(&st->rm);
	xtree_free(&st->tree);
	free(st);
}

/* Over UDP an XDR message is one datagram, without record marking. */
static void xdr_datagram(const struct decoder *d, struct sink *s, const uint8_t *p, size_t len, uint64_t n)
{
	struct xtree t;

	xtree_init(&t);
	emit(d, s, &t, p, len, n);
	xtree_free(&t);
}

static void xdr_unload(struct decoder *d)
{
	xspec_free(&d->spec);
}

const struct proto_module proto_xdr = {
	.suffix = ".x",
	.load = xdr_load,
	.stream_open = xdr_open,
	.stream_data = xdr_data,
	.stream_gap = xdr_gap,
	.stream_end = xdr_end,
	.datagram = xdr_datagram,
	.unload = xdr_unload,
};
