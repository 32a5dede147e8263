/* XDR decoding by description (xdrdecode.h). */
#include "xdrdecode.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The one cursor every read goes through. */
struct cur {
	const uint8_t *p;
	size_t len, off;
	struct xtree *t;
	int depth;
};

static int bad(struct cur *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int bad(struct cur *c, const char *fmt, ...)
{
	if (c->t->ok) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(c->t->why, sizeof(c->t->why), fmt, ap);
		va_end(ap);
		c->t->ok = 0;
		c->t->err_off = c->off;
	}
	return -1;
}

static int need(struct cur *c, size_t n, const char *what)
{
	if (c->len - c->off < n)
		return bad(c, "%s: %zu bytes needed, %zu left", what, n, c->len - c->off);
	return 0;
}

static int get_u32(struct cur *c, uint32_t *v, const char *what)
{
	if (need(c, 4, what) < 0)
		return -1;
	const uint8_t *p = c->p + c->off;
	*v = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	c->off += 4;
	return 0;
}

static int get_u64(struct cur *c, uint64_t *v, const char *what)
{
	uint32_t hi, lo;

	if (need(c, 8, what) < 0 || get_u32(c, &hi, what) < 0 || get_u32(c, &lo, what) < 0)
		return -1;
	*v = (uint64_t)hi << 32 | lo;
	return 0;
}

/* n bytes and their padding to a multiple of 4, which must be zero. */
static int get_bytes(struct cur *c, size_t n, const uint8_t **out, const char *what)
{
	size_t pad = (4 - n % 4) % 4;

	if (n > c->len - c->off || need(c, n + pad, what) < 0)
		return bad(c, "%s: %zu bytes needed, %zu left", what, n + pad, c->len - c->off);
	*out = c->p + c->off;
	for (size_t i = 0; i < pad; i++)
		if (c->p[c->off + n + i] != 0) {
			c->off += n + i;
			return bad(c, "%s: non-zero padding", what);
		}
	c->off += n + pad;
	return 0;
}

void xtree_init(struct xtree *t)
{
	memset(t, 0, sizeof(*t));
}

void xtree_free(struct xtree *t)
{
	free(t->v);
	xtree_init(t);
}

/* A new value, child of parent (XV_NONE for the root). */
static size_t add(struct cur *c, size_t parent, const char *name, enum xvkind kind)
{
	struct xtree *t = c->t;

	if (t->n >= XDEC_MAX_NODES) {
		bad(c, "more than %d values in one message", XDEC_MAX_NODES);
		return XV_NONE;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct xval *v = realloc(t->v, cap * sizeof(*v));
		if (v == NULL) {
			bad(c, "out of memory");
			return XV_NONE;
		}
		t->v = v;
		t->cap = cap;
	}
	size_t i = t->n++;
	struct xval *v = &t->v[i];
	memset(v, 0, sizeof(*v));
	v->name = name;
	v->kind = kind;
	v->child = v->last = v->next = XV_NONE;
	if (parent != XV_NONE) {
		struct xval *p = &t->v[parent];
		if (p->last == XV_NONE)
			p->child = i;
		else
			t->v[p->last].next = i;
		p->last = i;
	}
	return i;
}

static int decode_decl(struct cur *c, size_t parent, const struct xdecl *d, const char *name);

static int decode_struct(struct cur *c, size_t node, const struct xdef *def)
{
	for (size_t i = 0; i < def->nfields; i++)
		if (decode_decl(c, node, &def->fields[i], def->fields[i].name) < 0)
			return -1;
	return 0;
}

static const struct xdecl *union_arm(const struct xdef *u, int64_t disc, const char **label)
{
	for (size_t i = 0; i < u->ncases; i++)
		if (u->cases[i].value == disc) {
			*label = u->cases[i].label;
			return &u->cases[i].arm;
		}
	*label = "default";
	return u->has_default ? &u->dflt : NULL;
}

/* The arm of union u for discriminant disc, as the value node. */
static int decode_arm(struct cur *c, size_t node, const struct xdef *u, int64_t disc)
{
	const char *label;
	const struct xdecl *arm = union_arm(u, disc, &label);

	c->t->v[node].i = disc;
	if (arm == NULL)
		return bad(c, "%s: no arm for discriminant %lld", u->name, (long long)disc);
	c->t->v[node].sym = label;
	if (arm->kind == XK_VOID)
		return 0;
	return decode_decl(c, node, arm, arm->name);
}

/* An enum's value, checked against its constants. */
static int decode_enum(struct cur *c, size_t node, const struct xdef *e)
{
	uint32_t u;

	if (get_u32(c, &u, e->name) < 0) {
		c->t->v[node].missing = 1;
		return -1;
	}
	int64_t v = (int32_t)u;
	c->t->v[node].i = v;
	c->t->v[node].sym = xspec_enum_name(e, v);
	if (c->t->v[node].sym == NULL) {
		c->t->v[node].missing = 1;
		c->off -= 4;
		return bad(c, "%lld is not a %s", (long long)v, e->name);
	}
	return 0;
}

/* int, unsigned int, bool, float (4 bytes); hyper, unsigned hyper,
 * double (8 bytes). */
static int decode_number(struct cur *c, size_t parent, enum xkind kind, const char *name)
{
	static const enum xvkind vk[] = {
		[XK_INT] = XV_INT, [XK_UINT] = XV_UINT, [XK_BOOL] = XV_BOOL, [XK_FLOAT] = XV_FLOAT,
		[XK_HYPER] = XV_INT, [XK_UHYPER] = XV_UINT, [XK_DOUBLE] = XV_FLOAT,
	};
	int wide = kind == XK_HYPER || kind == XK_UHYPER || kind == XK_DOUBLE;
	size_t node = add(c, parent, name, vk[kind]);
	uint32_t u32 = 0;
	uint64_t u64 = 0;

	if (node == XV_NONE)
		return -1;
	struct xval *v = &c->t->v[node];
	if ((wide ? get_u64(c, &u64, name) : get_u32(c, &u32, name)) < 0) {
		v->missing = 1;
		return -1;
	}
	switch (kind) {
	case XK_INT:
		v->i = (int32_t)u32;
		break;
	case XK_HYPER:
		v->i = (int64_t)u64;
		break;
	case XK_UINT:
		v->u = u32;
		break;
	case XK_UHYPER:
		v->u = u64;
		break;
	case XK_BOOL:
		if (u32 > 1) {
			v->missing = 1;
			c->off -= 4;
			return bad(c, "%s: %u is not a bool", name, u32);
		}
		v->i = u32;
		break;
	case XK_FLOAT: {
		float f;
		memcpy(&f, &u32, sizeof(f));
		v->f = f;
		break;
	}
	default:
		memcpy(&v->f, &u64, sizeof(v->f));
		break;
	}
	return 0;
}

/* One element of declaration d (its repetition already handled). */
static int decode_one(struct cur *c, size_t parent, const struct xdecl *d, const char *name)
{
	size_t node;
	uint32_t u32;

	switch (d->kind) {
	case XK_VOID:
		return add(c, parent, name, XV_VOID) == XV_NONE ? -1 : 0;
	case XK_INT:
	case XK_UINT:
	case XK_BOOL:
	case XK_FLOAT:
	case XK_HYPER:
	case XK_UHYPER:
	case XK_DOUBLE:
		return decode_number(c, parent, d->kind, name);
	case XK_STRING:
	case XK_OPAQUE:
		node = add(c, parent, name, d->kind == XK_STRING ? XV_STRING : XV_OPAQUE);
		if (node == XV_NONE)
			return -1;
		if (d->fixed) {
			u32 = d->size;
		} else {
			size_t at = c->off;
			if (get_u32(c, &u32, name) < 0) {
				c->t->v[node].missing = 1;
				return -1;
			}
			if (u32 > d->size) {
				c->t->v[node].missing = 1;
				c->off = at;
				return bad(c, "%s: length %u over its bound %u", name, u32, d->size);
			}
		}
		c->t->v[node].len = u32;
		if (get_bytes(c, u32, &c->t->v[node].bytes, name) < 0) {
			c->t->v[node].missing = 1;
			return -1;
		}
		return 0;
	case XK_NAMED:
		break;
	}
	const struct xdef *def = d->def;
	switch (def->kind) {
	case XD_ENUM:
		node = add(c, parent, name, XV_ENUM);
		return node == XV_NONE ? -1 : decode_enum(c, node, def);
	case XD_STRUCT:
		node = add(c, parent, name, XV_STRUCT);
		return node == XV_NONE ? -1 : decode_struct(c, node, def);
	case XD_UNION: {
		int64_t disc;
		node = add(c, parent, name, XV_UNION);
		if (node == XV_NONE)
			return -1;
		/* the discriminant is the union's first child */
		if (decode_decl(c, node, &def->disc, def->disc.name) < 0)
			return -1;
		const struct xval *dv = &c->t->v[c->t->v[node].child];
		disc = dv->kind == XV_UINT ? (int64_t)dv->u : dv->i;
		return decode_arm(c, node, def, disc);
	}
	case XD_TYPEDEF:
		return decode_decl(c, parent, &def->alias, name);
	case XD_CONST:
		break;
	}
	return bad(c, "%s: not a type", def->name);
}

/* A declaration with its repetition: one, optional, fixed or counted. */
static int decode_decl(struct cur *c, size_t parent, const struct xdecl *d, const char *name)
{
	uint32_t n = 1;
	size_t node;
	int rc = 0;

	if (++c->depth > XDEC_MAX_DEPTH) {
		c->depth--;
		return bad(c, "%s: nested deeper than %d", name, XDEC_MAX_DEPTH);
	}
	switch (d->rep) {
	case XR_ONE:
		rc = decode_one(c, parent, d, name);
		break;
	case XR_OPTIONAL:
	case XR_FIXED:
	case XR_VAR:
		node = add(c, parent, name, d->rep == XR_OPTIONAL ? XV_OPTIONAL : XV_ARRAY);
		if (node == XV_NONE) {
			rc = -1;
			break;
		}
		if (d->rep == XR_FIXED) {
			n = d->count;
		} else {
			size_t at = c->off;
			if (get_u32(c, &n, name) < 0) {
				rc = -1;
				break;
			}
			if (d->rep == XR_OPTIONAL && n > 1) {
				c->off = at;
				rc = bad(c, "%s: %u is not an optional's 0 or 1", name, n);
				break;
			}
			if (d->rep == XR_VAR && n > d->count) {
				c->off = at;
				rc = bad(c, "%s: %u elements over its bound %u", name, n, d->count);
				break;
			}
		}
		/* Every element takes at least 4 bytes unless it is a
		 * fixed-length opaque, so a count the bytes cannot hold is
		 * refused before anything is allocated for it. */
		if (!(d->kind == XK_OPAQUE && d->fixed && d->size == 0) && n > (c->len - c->off) / 4) {
			rc = bad(c, "%s: %u elements cannot fit in the %zu bytes left", name, n, c->len - c->off);
			break;
		}
		c->t->v[node].count = n;
		struct xdecl one = *d;
		one.rep = XR_ONE;
		for (uint32_t i = 0; i < n && rc == 0; i++)
			rc = decode_one(c, node, &one, d->rep == XR_OPTIONAL ? name : "item");
		break;
	}
	c->depth--;
	return rc;
}

static const struct xdef *entry_def(const struct xspec *s)
{
	const struct xdef *d = xspec_find(s, "message");

	if (d != NULL && (d->kind == XD_STRUCT || d->kind == XD_UNION))
		return d;
	for (size_t i = s->ndefs; i-- > 0;)
		if (s->defs[i].kind == XD_STRUCT || s->defs[i].kind == XD_UNION)
			return &s->defs[i];
	return NULL;
}

/* The union whose discriminant is one of struct e's fields, and that
 * field's index. */
static const struct xdef *implicit_body(const struct xspec *s, const struct xdef *e, size_t *field)
{
	for (size_t i = 0; i < s->ndefs; i++) {
		const struct xdef *u = &s->defs[i];
		if (u->kind != XD_UNION)
			continue;
		for (size_t j = 0; j < e->nfields; j++) {
			const struct xdecl *f = &e->fields[j];
			if (f->rep == XR_ONE && f->kind == u->disc.kind && strcmp(f->name, u->disc.name) == 0 &&
			    (f->kind != XK_NAMED || f->def == u->disc.def)) {
				*field = j;
				return u;
			}
		}
	}
	return NULL;
}

int xdecode_entry(const struct xspec *s, struct xentry *e)
{
	memset(e, 0, sizeof(*e));
	e->def = entry_def(s);
	if (e->def == NULL)
		return -1;
	if (e->def->kind == XD_STRUCT)
		e->body = implicit_body(s, e->def, &e->body_field);
	return 0;
}

int xdecode_message(const struct xentry *e, const uint8_t *p, size_t len, struct xtree *t)
{
	const struct xdef *entry = e->def;
	struct cur c = { .p = p, .len = len, .t = t };
	struct xdecl d = { .name = entry->name, .kind = XK_NAMED, .def = entry };

	t->n = 0;
	t->ok = 1;
	t->err_off = 0;
	t->why[0] = '\0';
	t->type = entry->name;
	if (decode_decl(&c, XV_NONE, &d, entry->name) == 0 && e->body != NULL) {
		const struct xdef *u = e->body;
		if (t->n > 0) {
			/* the field's value: the root's field-th child */
			size_t f = t->v[0].child;
			for (size_t i = 0; i < e->body_field && f != XV_NONE; i++)
				f = t->v[f].next;
			if (f != XV_NONE) {
				int64_t disc = t->v[f].kind == XV_UINT ? (int64_t)t->v[f].u : t->v[f].i;
				size_t node = add(&c, 0, u->name, XV_UNION);
				if (node != XV_NONE)
					decode_arm(&c, node, u, disc);
			}
		}
	}
	if (t->n > 0) {
		for (size_t i = t->v[0].child; i != XV_NONE; i = t->v[i].next)
			if (t->v[i].kind == XV_UNION && t->v[i].sym != NULL) {
				t->type = t->v[i].sym;   /* the first union's arm */
				break;
			}
		if (t->v[0].kind == XV_UNION && t->v[0].sym != NULL)
			t->type = t->v[0].sym;
	}
	if (t->ok && c.off < len)
		bad(&c, "%zu bytes left over after the message", len - c.off);
	return t->ok ? 0 : -1;
}
