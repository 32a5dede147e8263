/* Decoded messages as XML elements (msgxml.h). */
#include "msgxml.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define X(s) ((const xmlChar *)(s))

char *msgxml_escape(const uint8_t *p, size_t len)
{
	char *out = malloc(len * 4 + 1);
	size_t o = 0;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; p != NULL && i < len; i++) {
		uint8_t c = p[i];
		if (c == '\\') {
			out[o++] = '\\';
			out[o++] = '\\';
		} else if (c >= 0x20 && c < 0x7f) {
			out[o++] = (char)c;
		} else {
			o += (size_t)snprintf(out + o, 5, "\\x%02x", c);
		}
	}
	out[o] = '\0';
	return out;
}

char *msgxml_hex(const uint8_t *p, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	char *out = malloc(len * 2 + 1);

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * len] = '\0';
	return out;
}

xmlNodePtr msgxml_bytes(xmlNodePtr parent, const char *name, const uint8_t *p, size_t n,
			uint64_t len)
{
	char buf[32];
	char *hex = msgxml_hex(p, n);
	xmlNodePtr node = hex ? xmlNewTextChild(parent, NULL, X(name), X(hex)) : NULL;

	free(hex);
	if (node == NULL)
		return NULL;
	snprintf(buf, sizeof(buf), "%" PRIu64, len);
	xmlNewProp(node, X("len"), X(buf));
	if (n < len) {
		snprintf(buf, sizeof(buf), "%zu", n);
		xmlNewProp(node, X("shown"), X(buf));
	}
	return node;
}

void msgxml_sample_add(struct msgxml_sample *s, const uint8_t *p, uint64_t n)
{
	if (p != NULL && s->len < sizeof(s->first)) {
		size_t k = sizeof(s->first) - (size_t)s->len;
		memcpy(s->first + s->len, p, n < k ? (size_t)n : k);
	}
	s->len += n;
}

xmlNodePtr msgxml_sample_node(xmlNodePtr parent, const char *name, const struct msgxml_sample *s)
{
	size_t n = s->len < sizeof(s->first) ? (size_t)s->len : sizeof(s->first);

	return msgxml_bytes(parent, name, s->first, n, s->len);
}

/* A scalar's text: numbers, true/false, an enum's name. */
static void scalar(const struct xval *v, char *buf, size_t size)
{
	switch (v->kind) {
	case XV_INT:
		snprintf(buf, size, "%" PRId64, v->i);
		break;
	case XV_UINT:
		snprintf(buf, size, "%" PRIu64, v->u);
		break;
	case XV_BOOL:
		snprintf(buf, size, "%s", v->i ? "true" : "false");
		break;
	case XV_ENUM:
		if (v->sym)
			snprintf(buf, size, "%s", v->sym);
		else
			snprintf(buf, size, "%" PRId64, v->i);
		break;
	case XV_FLOAT:
		snprintf(buf, size, "%.17g", v->f);
		break;
	default:
		buf[0] = '\0';
		break;
	}
}

static int add_value(xmlNodePtr parent, const struct xtree *t, size_t i);

static int add_children(xmlNodePtr node, const struct xtree *t, size_t i)
{
	for (size_t c = t->v[i].child; c != XV_NONE; c = t->v[c].next)
		if (add_value(node, t, c) < 0)
			return -1;
	return 0;
}

static int add_value(xmlNodePtr parent, const struct xtree *t, size_t i)
{
	const struct xval *v = &t->v[i];
	char buf[64];
	xmlNodePtr node;

	if (v->missing)
		return 0;

	switch (v->kind) {
	case XV_STRING: {
		char *s = msgxml_escape(v->bytes, v->len);
		node = s ? xmlNewTextChild(parent, NULL, X(v->name), X(s)) : NULL;
		free(s);
		return node ? 0 : -1;
	}
	case XV_OPAQUE:
		return msgxml_bytes(parent, v->name, v->bytes,
			v->len < MSGXML_MAX_OPAQUE ? v->len : MSGXML_MAX_OPAQUE, v->len) ? 0 : -1;
	case XV_STRUCT:
	case XV_VOID:
		node = xmlNewChild(parent, NULL, X(v->name), NULL);
		return node ? add_children(node, t, i) : -1;
	case XV_ARRAY:
	case XV_OPTIONAL:
		node = xmlNewChild(parent, NULL, X(v->name), NULL);
		if (node == NULL)
			return -1;
		snprintf(buf, sizeof(buf), "%zu", v->count);
		xmlNewProp(node, X(v->kind == XV_ARRAY ? "count" : "present"), X(buf));
		return add_children(node, t, i);
	case XV_UNION:
		node = xmlNewChild(parent, NULL, X(v->name), NULL);
		if (node == NULL)
			return -1;
		if (v->sym)
			xmlNewProp(node, X("arm"), X(v->sym));
		return add_children(node, t, i);
	case XV_ENUM:
		scalar(v, buf, sizeof(buf));
		node = xmlNewTextChild(parent, NULL, X(v->name), X(buf));
		if (node == NULL)
			return -1;
		snprintf(buf, sizeof(buf), "%" PRId64, v->i);
		xmlNewProp(node, X("value"), X(buf));
		return 0;
	default:
		scalar(v, buf, sizeof(buf));
		return xmlNewTextChild(parent, NULL, X(v->name), X(buf)) ? 0 : -1;
	}
}

/* Summary: appends to buf, cutting at the size. */
struct sum {
	char *buf;
	size_t size, len;
	int items;
};

static void put(struct sum *s, const char *text, size_t n)
{
	if (s->len + 1 >= s->size)
		return;
	if (n > s->size - 1 - s->len)
		n = s->size - 1 - s->len;
	memcpy(s->buf + s->len, text, n);
	s->len += n;
	s->buf[s->len] = '\0';
}

static void puts_(struct sum *s, const char *text)
{
	put(s, text, strlen(text));
}

/* Secrets stay out of the summary. */
static int secret(const char *name)
{
	return strcmp(name, "token") == 0 || strcmp(name, "password") == 0 ||
	       strcmp(name, "secret") == 0 || strcmp(name, "key") == 0;
}

#define SUM_MAX_ITEMS 4
#define SUM_MAX_STRING 32

static void put_string(struct sum *s, const struct xval *v)
{
	size_t n = v->len < SUM_MAX_STRING ? v->len : SUM_MAX_STRING;
	char *e = msgxml_escape(v->bytes, n);
	if (e) {
		puts_(s, e);
		free(e);
	}
	if (n < v->len)
		puts_(s, "…");
}

/* " NAME=" */
static void put_key(struct sum *s, const char *name)
{
	puts_(s, " ");
	puts_(s, name);
	puts_(s, "=");
}

/* A leaf's value: a string (cut), an opaque's size, or a number. */
static void put_value(struct sum *s, const struct xval *v)
{
	char buf[64];

	if (v->kind == XV_STRING) {
		put_string(s, v);
	} else if (v->kind == XV_OPAQUE) {
		snprintf(buf, sizeof(buf), "%zuB", v->len);
		puts_(s, buf);
	} else {
		scalar(v, buf, sizeof(buf));
		puts_(s, buf);
	}
}

/* One leaf as name=value; arrays of strings or scalars joined by spaces,
 * other arrays by their count.  Empty ones are left out. */
static void leaves(struct sum *s, const struct xtree *t, size_t i)
{
	const struct xval *v = &t->v[i];
	char buf[64];

	if (s->items >= SUM_MAX_ITEMS || secret(v->name) || v->missing)
		return;
	switch (v->kind) {
	case XV_STRUCT:
	case XV_UNION:
	case XV_OPTIONAL:
		for (size_t c = v->child; c != XV_NONE; c = t->v[c].next)
			leaves(s, t, c);
		return;
	case XV_VOID:
		return;
	case XV_ARRAY: {
		if (v->count == 0)
			return;
		size_t c = v->child;
		int flat = c != XV_NONE && t->v[c].kind != XV_STRUCT && t->v[c].kind != XV_UNION &&
			   t->v[c].kind != XV_ARRAY && t->v[c].kind != XV_OPTIONAL;
		s->items++;
		put_key(s, v->name);
		if (!flat) {
			snprintf(buf, sizeof(buf), "[%zu]", v->count);
			puts_(s, buf);
			return;
		}
		for (int k = 0; c != XV_NONE && k < 8; c = t->v[c].next, k++) {
			if (k > 0)
				puts_(s, " ");
			put_value(s, &t->v[c]);
		}
		if (v->count > 8)
			puts_(s, " …");
		return;
	}
	case XV_STRING:
	case XV_OPAQUE:
		if (v->len == 0)
			return;
		break;
	default:
		break;
	}
	s->items++;
	put_key(s, v->name);
	put_value(s, v);
}

void msgxml_summary(const struct xtree *t, char *buf, size_t size)
{
	struct sum s = { .buf = buf, .size = size };

	buf[0] = '\0';
	puts_(&s, t->type ? t->type : "?");
	if (t->n == 0)
		return;
	/* the header first: the root's plain numbers but a version, then
	 * what the rest holds */
	const struct xval *root = &t->v[0];
	for (size_t c = root->child; c != XV_NONE; c = t->v[c].next) {
		const struct xval *v = &t->v[c];
		if ((v->kind == XV_INT || v->kind == XV_UINT) && strcmp(v->name, "version") != 0)
			leaves(&s, t, c);
	}
	s.items = 0;
	for (size_t c = root->child; c != XV_NONE; c = t->v[c].next) {
		const struct xval *v = &t->v[c];
		if (v->kind == XV_INT || v->kind == XV_UINT || v->kind == XV_ENUM || v->kind == XV_BOOL)
			continue;
		leaves(&s, t, c);
	}
	if (root->kind != XV_STRUCT && root->child == XV_NONE)
		leaves(&s, t, 0);
	/* cut at a character, not inside a UTF-8 sequence */
	while (s.len > 0 && s.len + 1 >= size && ((uint8_t)buf[s.len - 1] & 0xc0) == 0x80)
		buf[--s.len] = '\0';
	if (s.len > 0 && ((uint8_t)buf[s.len - 1] & 0xc0) == 0xc0)
		buf[--s.len] = '\0';
}

xmlNodePtr msgxml_new(const char *proto, const char *type, uint64_t first_n, size_t len,
		      const char *summary, const char *malformed)
{
	xmlNodePtr m = xmlNewNode(NULL, X("message"));
	char buf[32];

	if (m == NULL)
		return NULL;
	xmlNewProp(m, X("proto"), X(proto));
	xmlNewProp(m, X("type"), X(type));
	snprintf(buf, sizeof(buf), "%" PRIu64, first_n);
	xmlNewProp(m, X("first"), X(buf));
	snprintf(buf, sizeof(buf), "%zu", len);
	xmlNewProp(m, X("len"), X(buf));
	xmlNewProp(m, X("summary"), X(summary));
	if (malformed != NULL)
		xmlNewProp(m, X("malformed"), X(malformed));
	return m;
}

xmlNodePtr msgxml_message(const char *proto, const struct xtree *t, size_t len, uint64_t first_n)
{
	char sum[MSGXML_MAX_SUMMARY + 1], why[200];

	msgxml_summary(t, sum, sizeof(sum));
	if (!t->ok)
		snprintf(why, sizeof(why), "offset %zu: %s", t->err_off, t->why);
	xmlNodePtr m = msgxml_new(proto, t->type ? t->type : "", first_n, len, sum, t->ok ? NULL : why);
	if (m == NULL)
		return NULL;
	if (t->n > 0 && add_children(m, t, 0) < 0) {
		xmlFreeNode(m);
		return NULL;
	}
	return m;
}

xmlNodePtr msgxml_problem(const char *proto, const char *why)
{
	xmlNodePtr m = xmlNewNode(NULL, X("problem"));

	if (m == NULL)
		return NULL;
	xmlNewProp(m, X("proto"), X(proto));
	xmlNewProp(m, X("why"), X(why));
	return m;
}
