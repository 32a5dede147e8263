/* Decoding XDR bytes by a type of a description (xdrspec.h) into a tree
 * of values.  Every read is bounds-checked through one cursor; lengths and
 * counts are held to the description's bounds and to the bytes there are;
 * nesting is at most XDEC_MAX_DEPTH and a message at most XDEC_MAX_NODES
 * values.  The first error stops the decoding and says where (the byte
 * offset in the message) and why; what decoded before it is kept. */
#ifndef DECODE_XDRDECODE_H
#define DECODE_XDRDECODE_H

#include <stddef.h>
#include <stdint.h>

#include "xdrspec.h"

#define XDEC_MAX_DEPTH 32
#define XDEC_MAX_NODES 200000

enum xvkind {
	XV_INT, XV_UINT, XV_BOOL, XV_ENUM, XV_FLOAT, XV_STRING, XV_OPAQUE,
	XV_STRUCT, XV_ARRAY, XV_UNION, XV_OPTIONAL, XV_VOID
};

#define XV_NONE ((size_t)-1)

/* One value.  Strings and opaques point into the decoded bytes. */
struct xval {
	const char *name;        /* the field's name; "item" in arrays */
	enum xvkind kind;
	int64_t i;               /* XV_INT, XV_ENUM, XV_BOOL, XV_UNION (discriminant) */
	uint64_t u;              /* XV_UINT */
	double f;                /* XV_FLOAT */
	const char *sym;         /* XV_ENUM: the constant's name; XV_UNION: the case's label or "default" */
	const uint8_t *bytes;    /* XV_STRING, XV_OPAQUE */
	size_t len;
	size_t count;            /* XV_ARRAY, XV_OPTIONAL: elements */
	int missing;             /* the decoding failed reading it: no value */
	size_t child, last, next; /* first child, last child, next sibling (indices, XV_NONE) */
};

struct xtree {
	struct xval *v;
	size_t n, cap;
	/* The decoding's outcome: ok, or the error's offset and reason. */
	int ok;
	size_t err_off;
	char why[128];
	const char *type;        /* the message's type: see xdecode_message() */
};

void xtree_init(struct xtree *t);
void xtree_free(struct xtree *t);

/* What a description's messages are, found once: the entry type
 * (`message` when it defines one, else its last struct or union) and,
 * when the entry is a struct with a field that is also the discriminant
 * (same name and type) of a union of the description, that union (the
 * body) and the field's index (jobmgr.x's `message` and `body`). */
struct xentry {
	const struct xdef *def;
	const struct xdef *body;   /* NULL when none */
	size_t body_field;
};

/* The entry of s into e; -1 when s has no struct or union. */
int xdecode_entry(const struct xspec *s, struct xentry *e);

/* Decodes one message of entry e from p[0..len) into t (emptied first;
 * the root is t->v[0]).  A body's arm follows the struct's fields,
 * without the discriminant.  Bytes left over are an
 * error.  t->type is the label of the arm of a union root, else of the
 * root's first union field (the implicit one), else the entry's name.  Returns 0 when all decoded, -1 when
 * not (t->ok == 0). */
int xdecode_message(const struct xentry *e, const uint8_t *p, size_t len, struct xtree *t);

#endif
