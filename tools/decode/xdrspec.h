/* A type description in the XDR language (RFC 4506 section 6), the subset
 * decode(1) documents: const, enum, struct, union switch/case/default,
 * typedef; int, unsigned int, hyper, unsigned hyper, bool, float, double,
 * string<N>, opaque<N>, opaque[N], T x<N>, T x[N], T *x, and
 * `string x<N><M>` (an array of M strings of at most N bytes).  Every
 * bound is kept; names are resolved once the whole file is read. */
#ifndef DECODE_XDRSPEC_H
#define DECODE_XDRSPEC_H

#include <stddef.h>
#include <stdint.h>

enum xkind {
	XK_VOID, XK_INT, XK_UINT, XK_HYPER, XK_UHYPER, XK_BOOL, XK_FLOAT,
	XK_DOUBLE, XK_STRING, XK_OPAQUE, XK_NAMED
};

/* How a declaration repeats its type. */
enum xrep { XR_ONE, XR_FIXED, XR_VAR, XR_OPTIONAL };

struct xdef;

/* "TYPE name" with its bounds.  For string and opaque, size is the
 * element's bound (string<N>, opaque<N>) or fixed length (opaque[N],
 * fixed set); rep and count say whether the whole repeats. */
struct xdecl {
	char *name;              /* NULL for void */
	enum xkind kind;
	uint32_t size;           /* string/opaque bound or fixed length */
	int fixed;               /* opaque[N] */
	char *ref;               /* XK_NAMED: the type's name */
	const struct xdef *def;  /* XK_NAMED: resolved */
	enum xrep rep;
	uint32_t count;          /* XR_FIXED: elements; XR_VAR: bound */
	int line;
};

struct xenumval {
	char *name;
	int64_t value;
};

struct xcase {
	int64_t value;
	char *label;             /* the case's name as written */
	struct xdecl arm;        /* kind XK_VOID for void */
};

enum xdefkind { XD_CONST, XD_ENUM, XD_STRUCT, XD_UNION, XD_TYPEDEF };

struct xdef {
	char *name;
	enum xdefkind kind;
	int line;
	int64_t value;                /* XD_CONST */
	struct xenumval *vals;        /* XD_ENUM */
	size_t nvals;
	struct xdecl *fields;         /* XD_STRUCT */
	size_t nfields;
	struct xdecl disc;            /* XD_UNION: the discriminant */
	struct xcase *cases;          /* XD_UNION */
	size_t ncases;
	int has_default;
	struct xdecl dflt;            /* XD_UNION: default arm */
	struct xdecl alias;           /* XD_TYPEDEF */
};

struct xspec {
	char *file;
	struct xdef *defs;
	size_t ndefs;
};

/* Parses the description in text[0..len) (file names it in messages).
 * Returns 0, or -1 with "FILE:LINE: what" in err. */
int xspec_parse(struct xspec *s, const char *file, const char *text, size_t len,
		char *err, size_t errlen);
/* Reads and parses a file: the same, or -1 when it cannot be read.  Free
 * s with xspec_free() after either, whatever they returned. */
int xspec_load(struct xspec *s, const char *path, char *err, size_t errlen);
void xspec_free(struct xspec *s);

const struct xdef *xspec_find(const struct xspec *s, const char *name);
/* The value of a const or of an enum's constant; 0 or -1 when unknown. */
int xspec_constant(const struct xspec *s, const char *name, int64_t *value);
/* An enum's name for a value, NULL when it has none. */
const char *xspec_enum_name(const struct xdef *e, int64_t value);

#endif
