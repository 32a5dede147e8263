/* The parser of XDR type descriptions (xdrspec.h): a tokenizer and a
 * recursive descent over the subset of RFC 4506 section 6 that decode(1)
 * documents.  The first error stops the parse with "FILE:LINE: what". */
#include "xdrspec.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A description larger than this is not a type description. */
#define XSPEC_MAX_FILE (4u << 20)
#define XSPEC_MAX_TOKEN 128

enum tok { T_EOF, T_ID, T_NUM, T_PUNCT };

struct parser {
	struct xspec *s;
	const char *begin, *p, *end;
	int line;
	enum tok tok;
	char text[XSPEC_MAX_TOKEN];
	int64_t num;
	int tline;              /* the line of the current token */
	char *err;
	size_t errlen;
	int failed;
};

static int fail(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct parser *ps, const char *fmt, ...)
{
	if (!ps->failed) {
		char what[256];
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(what, sizeof(what), fmt, ap);
		va_end(ap);
		snprintf(ps->err, ps->errlen, "%s:%d: %s", ps->s->file, ps->tline, what);
		ps->failed = 1;
	}
	return -1;
}

/* Skips blanks, comments and rpcgen's "%" pass-through lines. */
static int skip_space(struct parser *ps)
{
	int bol = ps->p == ps->begin || ps->p[-1] == '\n';

	for (;;) {
		if (ps->p >= ps->end)
			return 0;
		char c = *ps->p;
		if (c == '\n') {
			ps->line++;
			ps->p++;
			bol = 1;
		} else if (isspace((unsigned char)c)) {
			ps->p++;
		} else if (c == '%' && bol) {
			while (ps->p < ps->end && *ps->p != '\n')
				ps->p++;
		} else if (c == '/' && ps->p + 1 < ps->end && ps->p[1] == '*') {
			int start = ps->line;
			ps->p += 2;
			while (ps->p + 1 < ps->end && !(ps->p[0] == '*' && ps->p[1] == '/')) {
				if (*ps->p == '\n')
					ps->line++;
				ps->p++;
			}
			if (ps->p + 1 >= ps->end) {
				ps->tline = start;
				return fail(ps, "unterminated comment");
			}
			ps->p += 2;
			bol = 0;
		} else if (c == '/' && ps->p + 1 < ps->end && ps->p[1] == '/') {
			while (ps->p < ps->end && *ps->p != '\n')
				ps->p++;
		} else {
			return 0;
		}
	}
}

static int next(struct parser *ps)
{
	if (skip_space(ps) < 0)
		return -1;
	ps->tline = ps->line;
	ps->text[0] = '\0';
	if (ps->p >= ps->end) {
		ps->tok = T_EOF;
		return 0;
	}
	const char *b = ps->p;
	char c = *b;
	if (isalpha((unsigned char)c) || c == '_') {
		while (ps->p < ps->end && (isalnum((unsigned char)*ps->p) || *ps->p == '_'))
			ps->p++;
		if ((size_t)(ps->p - b) >= sizeof(ps->text))
			return fail(ps, "name too long");
		memcpy(ps->text, b, (size_t)(ps->p - b));
		ps->text[ps->p - b] = '\0';
		ps->tok = T_ID;
		return 0;
	}
	if (isdigit((unsigned char)c) || (c == '-' && b + 1 < ps->end && isdigit((unsigned char)b[1]))) {
		char buf[64];
		ps->p++;
		while (ps->p < ps->end && isalnum((unsigned char)*ps->p))
			ps->p++;
		size_t n = (size_t)(ps->p - b);
		if (n >= sizeof(buf))
			return fail(ps, "number too long");
		memcpy(buf, b, n);
		buf[n] = '\0';
		char *e;
		errno = 0;
		long long v = strtoll(buf, &e, 0);
		if (*e != '\0' || errno != 0)
			return fail(ps, "'%s': not a number", buf);
		ps->num = v;
		snprintf(ps->text, sizeof(ps->text), "%s", buf);
		ps->tok = T_NUM;
		return 0;
	}
	if (strchr("{}()<>[];:=,*", c) != NULL) {
		ps->p++;
		ps->text[0] = c;
		ps->text[1] = '\0';
		ps->tok = T_PUNCT;
		return 0;
	}
	return fail(ps, "unexpected character '%c'", isprint((unsigned char)c) ? c : '?');
}

static int is_punct(const struct parser *ps, char c)
{
	return ps->tok == T_PUNCT && ps->text[0] == c;
}

static int is_word(const struct parser *ps, const char *w)
{
	return ps->tok == T_ID && strcmp(ps->text, w) == 0;
}

static const char *tok_desc(const struct parser *ps)
{
	return ps->tok == T_EOF ? "end of file" : ps->text;
}

static int expect(struct parser *ps, char c, const char *where)
{
	if (!is_punct(ps, c))
		return fail(ps, "expected '%c' %s, found '%s'", c, where, tok_desc(ps));
	return next(ps);
}

static char *take_name(struct parser *ps, const char *what)
{
	if (ps->tok != T_ID)
		return fail(ps, "expected %s, found '%s'", what, tok_desc(ps)), NULL;
	char *n = strdup(ps->text);
	if (n == NULL)
		return fail(ps, "out of memory"), NULL;
	if (next(ps) < 0) {
		free(n);
		return NULL;
	}
	return n;
}

static const char *const keywords[] = {
	"bool", "case", "const", "default", "double", "quadruple", "enum", "float",
	"hyper", "int", "opaque", "string", "struct", "switch", "typedef", "union",
	"unsigned", "void",
};

static int is_keyword(const char *w)
{
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strcmp(w, keywords[i]) == 0)
			return 1;
	return 0;
}

const struct xdef *xspec_find(const struct xspec *s, const char *name)
{
	for (size_t i = 0; i < s->ndefs; i++)
		if (strcmp(s->defs[i].name, name) == 0)
			return &s->defs[i];
	return NULL;
}

int xspec_constant(const struct xspec *s, const char *name, int64_t *value)
{
	for (size_t i = 0; i < s->ndefs; i++) {
		const struct xdef *d = &s->defs[i];
		if (d->kind == XD_CONST && strcmp(d->name, name) == 0) {
			*value = d->value;
			return 0;
		}
		if (d->kind == XD_ENUM)
			for (size_t j = 0; j < d->nvals; j++)
				if (strcmp(d->vals[j].name, name) == 0) {
					*value = d->vals[j].value;
					return 0;
				}
	}
	return -1;
}

const char *xspec_enum_name(const struct xdef *e, int64_t value)
{
	for (size_t j = 0; j < e->nvals; j++)
		if (e->vals[j].value == value)
			return e->vals[j].name;
	return NULL;
}

/* A number or a known constant's name. */
static int value(struct parser *ps, int64_t *v)
{
	if (ps->tok == T_NUM) {
		*v = ps->num;
		return next(ps);
	}
	if (ps->tok == T_ID) {
		if (xspec_constant(ps->s, ps->text, v) < 0)
			return fail(ps, "'%s': unknown constant", ps->text);
		return next(ps);
	}
	return fail(ps, "expected a number or a constant, found '%s'", tok_desc(ps));
}

/* A bound or length: 0 .. 2^32-1. */
static int bound(struct parser *ps, uint32_t *b, const char *what)
{
	int64_t v;

	if (value(ps, &v) < 0)
		return -1;
	if (v < 0 || v > UINT32_MAX)
		return fail(ps, "%s %lld out of range", what, (long long)v);
	*b = (uint32_t)v;
	return 0;
}

/* "<N>" (the '<' already current) or "<>" for no bound. */
static int angle_bound(struct parser *ps, uint32_t *b)
{
	if (next(ps) < 0)
		return -1;
	*b = UINT32_MAX;
	if (!is_punct(ps, '>') && bound(ps, b, "bound") < 0)
		return -1;
	return expect(ps, '>', "after a bound");
}

static int square_bound(struct parser *ps, uint32_t *b)
{
	if (next(ps) < 0 || bound(ps, b, "length") < 0)
		return -1;
	return expect(ps, ']', "after a length");
}

/* A declaration's "<M>" (counted) or "[M]" (fixed) array, if any. */
static int repetition(struct parser *ps, struct xdecl *d)
{
	if (is_punct(ps, '<')) {
		d->rep = XR_VAR;
		return angle_bound(ps, &d->count);
	}
	if (is_punct(ps, '[')) {
		d->rep = XR_FIXED;
		return square_bound(ps, &d->count);
	}
	return 0;
}

/* The type of a declaration. */
static int type_spec(struct parser *ps, struct xdecl *d)
{
	if (ps->tok != T_ID)
		return fail(ps, "expected a type, found '%s'", tok_desc(ps));
	if (is_word(ps, "unsigned")) {
		if (next(ps) < 0)
			return -1;
		d->kind = XK_UINT;
		if (is_word(ps, "int"))
			return next(ps);
		if (is_word(ps, "hyper")) {
			d->kind = XK_UHYPER;
			return next(ps);
		}
		return 0;
	}
	static const struct { const char *w; enum xkind k; } simple[] = {
		{ "int", XK_INT }, { "hyper", XK_HYPER }, { "bool", XK_BOOL },
		{ "float", XK_FLOAT }, { "double", XK_DOUBLE }, { "string", XK_STRING },
		{ "opaque", XK_OPAQUE },
	};
	for (size_t i = 0; i < sizeof(simple) / sizeof(simple[0]); i++)
		if (is_word(ps, simple[i].w)) {
			d->kind = simple[i].k;
			return next(ps);
		}
	if (is_word(ps, "struct") || is_word(ps, "enum") || is_word(ps, "union")) {
		/* "struct NAME x;" names a type defined elsewhere */
		if (next(ps) < 0)
			return -1;
		if (is_punct(ps, '{'))
			return fail(ps, "nested type definitions are not supported: define the type on its own");
	} else if (is_keyword(ps->text)) {
		return fail(ps, "'%s' is not supported here", ps->text);
	}
	d->kind = XK_NAMED;
	d->ref = take_name(ps, "a type name");
	return d->ref ? 0 : -1;
}

/* One declaration, without its ';'. */
static int declaration(struct parser *ps, struct xdecl *d)
{
	memset(d, 0, sizeof(*d));
	d->line = ps->tline;
	if (is_word(ps, "void")) {
		d->kind = XK_VOID;
		return next(ps);
	}
	if (type_spec(ps, d) < 0)
		return -1;
	if (is_punct(ps, '*')) {
		if (d->kind == XK_STRING || d->kind == XK_OPAQUE)
			return fail(ps, "optional %s is not supported", d->kind == XK_STRING ? "string" : "opaque");
		d->rep = XR_OPTIONAL;
		if (next(ps) < 0)
			return -1;
	}
	d->name = take_name(ps, "a field name");
	if (d->name == NULL)
		return -1;
	if (is_keyword(d->name))
		return fail(ps, "'%s' is a keyword, not a name", d->name);
	if (d->rep == XR_OPTIONAL)
		return 0;
	if (d->kind == XK_STRING) {
		if (!is_punct(ps, '<'))
			return fail(ps, "string %s needs a bound: string %s<N>", d->name, d->name);
		if (angle_bound(ps, &d->size) < 0)
			return -1;
		/* string x<N><M> or string x<N>[M]: an array of strings */
		return repetition(ps, d);
	} else if (d->kind == XK_OPAQUE) {
		if (is_punct(ps, '[')) {
			d->fixed = 1;
			return square_bound(ps, &d->size);
		}
		if (!is_punct(ps, '<'))
			return fail(ps, "opaque %s needs a length: opaque %s[N] or %s<N>", d->name, d->name, d->name);
		return angle_bound(ps, &d->size);
	}
	return repetition(ps, d);
}

static struct xdef *new_def(struct parser *ps, char *name, enum xdefkind kind, int line)
{
	if (xspec_find(ps->s, name) != NULL) {
		fail(ps, "'%s' defined twice", name);
		free(name);
		return NULL;
	}
	int64_t v;
	if (xspec_constant(ps->s, name, &v) == 0) {
		fail(ps, "'%s' is already a constant", name);
		free(name);
		return NULL;
	}
	struct xdef *defs = realloc(ps->s->defs, (ps->s->ndefs + 1) * sizeof(*defs));
	if (defs == NULL) {
		fail(ps, "out of memory");
		free(name);
		return NULL;
	}
	ps->s->defs = defs;
	struct xdef *d = &defs[ps->s->ndefs++];
	memset(d, 0, sizeof(*d));
	d->name = name;
	d->kind = kind;
	d->line = line;
	return d;
}

static void decl_free(struct xdecl *d)
{
	free(d->name);
	free(d->ref);
}

static int grow(struct parser *ps, void **arr, size_t n, size_t size)
{
	void *a = realloc(*arr, (n + 1) * size);
	if (a == NULL)
		return fail(ps, "out of memory");
	*arr = a;
	return 0;
}

static int def_const(struct parser *ps, int line)
{
	char *name = take_name(ps, "a constant's name");
	int64_t v;

	if (name == NULL)
		return -1;
	if (expect(ps, '=', "after the constant's name") < 0 || value(ps, &v) < 0) {
		free(name);
		return -1;
	}
	struct xdef *d = new_def(ps, name, XD_CONST, line);
	if (d == NULL)
		return -1;
	d->value = v;
	return 0;
}

static int def_enum(struct parser *ps, struct xdef *d)
{
	if (expect(ps, '{', "to open the enum") < 0)
		return -1;
	for (;;) {
		int64_t v;
		char *n = take_name(ps, "an enum constant");
		if (n == NULL)
			return -1;
		if (xspec_constant(ps->s, n, &v) == 0 || xspec_find(ps->s, n) != NULL) {
			fail(ps, "'%s' defined twice", n);
			free(n);
			return -1;
		}
		if (grow(ps, (void **)&d->vals, d->nvals, sizeof(*d->vals)) < 0) {
			free(n);
			return -1;
		}
		d->vals[d->nvals].name = n;
		d->vals[d->nvals].value = 0;
		d->nvals++;
		if (expect(ps, '=', "after an enum constant (every value is given)") < 0 || value(ps, &v) < 0)
			return -1;
		if (v < INT32_MIN || v > INT32_MAX)
			return fail(ps, "enum value %lld out of range", (long long)v);
		d->vals[d->nvals - 1].value = v;
		if (is_punct(ps, '}'))
			return next(ps);
		if (expect(ps, ',', "or '}' after an enum value") < 0)
			return -1;
	}
}

static int def_struct(struct parser *ps, struct xdef *d)
{
	if (expect(ps, '{', "to open the struct") < 0)
		return -1;
	do {
		if (grow(ps, (void **)&d->fields, d->nfields, sizeof(*d->fields)) < 0)
			return -1;
		struct xdecl *f = &d->fields[d->nfields++];
		if (declaration(ps, f) < 0)
			return -1;
		if (f->kind == XK_VOID)
			return fail(ps, "a struct field cannot be void");
		if (expect(ps, ';', "after a field") < 0)
			return -1;
	} while (!is_punct(ps, '}'));
	return next(ps);
}

static int def_union(struct parser *ps, struct xdef *d)
{
	if (!is_word(ps, "switch"))
		return fail(ps, "expected 'switch' after the union's name, found '%s'", tok_desc(ps));
	if (next(ps) < 0 || expect(ps, '(', "after switch") < 0 || declaration(ps, &d->disc) < 0)
		return -1;
	if (d->disc.rep != XR_ONE || !(d->disc.kind == XK_INT || d->disc.kind == XK_UINT ||
				       d->disc.kind == XK_BOOL || d->disc.kind == XK_NAMED))
		return fail(ps, "a union's discriminant is an int, unsigned int, bool or enum");
	if (expect(ps, ')', "after the discriminant") < 0 || expect(ps, '{', "to open the union") < 0)
		return -1;
	while (is_word(ps, "case")) {
		size_t first = d->ncases;
		while (is_word(ps, "case")) {
			int64_t v;
			if (next(ps) < 0)
				return -1;
			char label[XSPEC_MAX_TOKEN];
			snprintf(label, sizeof(label), "%s", ps->text);
			if (value(ps, &v) < 0 || expect(ps, ':', "after a case") < 0)
				return -1;
			for (size_t i = 0; i < d->ncases; i++)
				if (d->cases[i].value == v)
					return fail(ps, "case %s given twice", label);
			if (grow(ps, (void **)&d->cases, d->ncases, sizeof(*d->cases)) < 0)
				return -1;
			struct xcase *c = &d->cases[d->ncases++];
			memset(c, 0, sizeof(*c));
			c->value = v;
			c->label = strdup(label);
			if (c->label == NULL)
				return fail(ps, "out of memory");
		}
		struct xdecl arm = { 0 };
		if (declaration(ps, &arm) < 0) {
			decl_free(&arm);
			return -1;
		}
		/* "case A: case B: T x;" shares one arm: each case has its copy */
		for (size_t i = first; i < d->ncases; i++) {
			d->cases[i].arm = arm;
			d->cases[i].arm.name = arm.name ? strdup(arm.name) : NULL;
			d->cases[i].arm.ref = arm.ref ? strdup(arm.ref) : NULL;
			if ((arm.name && !d->cases[i].arm.name) || (arm.ref && !d->cases[i].arm.ref)) {
				decl_free(&arm);
				return fail(ps, "out of memory");
			}
		}
		decl_free(&arm);
		if (expect(ps, ';', "after a union arm") < 0)
			return -1;
	}
	if (is_word(ps, "default")) {
		if (next(ps) < 0 || expect(ps, ':', "after default") < 0 || declaration(ps, &d->dflt) < 0)
			return -1;
		d->has_default = 1;
		if (expect(ps, ';', "after the default arm") < 0)
			return -1;
	}
	if (d->ncases == 0 && !d->has_default)
		return fail(ps, "a union needs at least one case");
	return expect(ps, '}', "to close the union (after its cases and default)");
}

static int definition(struct parser *ps)
{
	int line = ps->tline;

	if (is_word(ps, "const")) {
		if (next(ps) < 0 || def_const(ps, line) < 0)
			return -1;
	} else if (is_word(ps, "typedef")) {
		struct xdecl alias = { 0 };
		if (next(ps) < 0 || declaration(ps, &alias) < 0) {
			decl_free(&alias);
			return -1;
		}
		if (alias.kind == XK_VOID)
			return fail(ps, "typedef void is not a type");
		struct xdef *d = new_def(ps, alias.name, XD_TYPEDEF, line);
		if (d == NULL) {
			free(alias.ref);
			return -1;
		}
		d->alias = alias;
		d->alias.name = NULL;
	} else if (is_word(ps, "enum") || is_word(ps, "struct") || is_word(ps, "union")) {
		enum xdefkind k = is_word(ps, "enum") ? XD_ENUM : is_word(ps, "struct") ? XD_STRUCT : XD_UNION;
		if (next(ps) < 0)
			return -1;
		char *name = take_name(ps, "a type name");
		if (name == NULL)
			return -1;
		if (is_keyword(name)) {
			fail(ps, "'%s' is a keyword, not a name", name);
			free(name);
			return -1;
		}
		struct xdef *d = new_def(ps, name, k, line);
		if (d == NULL)
			return -1;
		int rc = k == XD_ENUM ? def_enum(ps, d) : k == XD_STRUCT ? def_struct(ps, d) : def_union(ps, d);
		if (rc < 0)
			return -1;
	} else if (is_word(ps, "program")) {
		return fail(ps, "'program' (RPC program definitions) is not supported: describe the messages as types");
	} else {
		return fail(ps, "expected const, enum, struct, union or typedef, found '%s'", tok_desc(ps));
	}
	return expect(ps, ';', "after a definition");
}

static int resolve_decl(struct parser *ps, struct xdecl *d)
{
	if (d->kind != XK_NAMED)
		return 0;
	d->def = xspec_find(ps->s, d->ref);
	ps->tline = d->line;
	if (d->def == NULL) {
		int64_t v;
		if (xspec_constant(ps->s, d->ref, &v) == 0)
			return fail(ps, "'%s' is a constant, not a type", d->ref);
		return fail(ps, "'%s': unknown type", d->ref);
	}
	if (d->def->kind == XD_CONST)
		return fail(ps, "'%s' is a constant, not a type", d->ref);
	return 0;
}

static int resolve(struct parser *ps)
{
	for (size_t i = 0; i < ps->s->ndefs; i++) {
		struct xdef *d = &ps->s->defs[i];
		for (size_t j = 0; j < d->nfields; j++)
			if (resolve_decl(ps, &d->fields[j]) < 0)
				return -1;
		if (d->kind == XD_UNION) {
			if (resolve_decl(ps, &d->disc) < 0)
				return -1;
			if (d->disc.kind == XK_NAMED && d->disc.def->kind != XD_ENUM) {
				ps->tline = d->disc.line;
				return fail(ps, "a union's discriminant is an int, unsigned int, bool or enum");
			}
			for (size_t j = 0; j < d->ncases; j++)
				if (resolve_decl(ps, &d->cases[j].arm) < 0)
					return -1;
			if (d->has_default && resolve_decl(ps, &d->dflt) < 0)
				return -1;
		}
		if (d->kind == XD_TYPEDEF && resolve_decl(ps, &d->alias) < 0)
			return -1;
	}
	/* A typedef that names itself, directly or through others, is no type. */
	for (size_t i = 0; i < ps->s->ndefs; i++) {
		const struct xdef *d = &ps->s->defs[i];
		size_t steps = 0;
		while (d->kind == XD_TYPEDEF && d->alias.kind == XK_NAMED && d->alias.rep == XR_ONE) {
			d = d->alias.def;
			if (++steps > ps->s->ndefs) {
				ps->tline = ps->s->defs[i].line;
				return fail(ps, "typedef '%s' is circular", ps->s->defs[i].name);
			}
		}
	}
	return 0;
}

int xspec_parse(struct xspec *s, const char *file, const char *text, size_t len,
		char *err, size_t errlen)
{
	struct parser ps = { .s = s, .begin = text, .p = text, .end = text + len, .line = 1, .err = err, .errlen = errlen };

	memset(s, 0, sizeof(*s));
	s->file = strdup(file);
	if (s->file == NULL) {
		snprintf(err, errlen, "%s: out of memory", file);
		return -1;
	}
	if (memchr(text, '\0', len) != NULL) {
		snprintf(err, errlen, "%s: not a text file", file);
		return -1;
	}
	if (next(&ps) < 0)
		return -1;
	while (ps.tok != T_EOF)
		if (definition(&ps) < 0)
			return -1;
	if (resolve(&ps) < 0)
		return -1;
	return 0;
}

int xspec_load(struct xspec *s, const char *path, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;

	memset(s, 0, sizeof(*s));
	if (fp == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	buf = malloc(XSPEC_MAX_FILE + 1);
	if (buf == NULL) {
		fclose(fp);
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	len = fread(buf, 1, XSPEC_MAX_FILE + 1, fp);
	int bad = ferror(fp);
	fclose(fp);
	if (bad || len > XSPEC_MAX_FILE) {
		free(buf);
		snprintf(err, errlen, "%s: %s", path, bad ? "read error" : "larger than 4 MiB");
		return -1;
	}
	int rc = xspec_parse(s, path, buf, len, err, errlen);
	free(buf);
	return rc;
}

void xspec_free(struct xspec *s)
{
	for (size_t i = 0; i < s->ndefs; i++) {
		struct xdef *d = &s->defs[i];
		free(d->name);
		for (size_t j = 0; j < d->nvals; j++)
			free(d->vals[j].name);
		free(d->vals);
		for (size_t j = 0; j < d->nfields; j++)
			decl_free(&d->fields[j]);
		free(d->fields);
		decl_free(&d->disc);
		for (size_t j = 0; j < d->ncases; j++) {
			free(d->cases[j].label);
			decl_free(&d->cases[j].arm);
		}
		free(d->cases);
		decl_free(&d->dflt);
		decl_free(&d->alias);
	}
	free(s->defs);
	free(s->file);
	memset(s, 0, sizeof(*s));
}
