/* Unit tests of decode's parser of XDR type descriptions: jobmgr.x and
 * every construct of the subset parse with their bounds; errors name the
 * file and line. */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xdrspec.h"

START_TEST(jobmgr_x_parses)
{
	char path[4096], err[512];
	const char *top = getenv("SONDE_TOP");
	struct xspec s;
	int64_t v;

	if (top != NULL)
		snprintf(path, sizeof(path), "%s/tools/jobmgr/jobmgr.x", top);
	else
		snprintf(path, sizeof(path), "%.*s/../../tools/jobmgr/jobmgr.x",
			 (int)(strrchr(__FILE__, '/') - __FILE__), __FILE__);
	ck_assert_msg(xspec_load(&s, path, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(xspec_constant(&s, "JM_PORT", &v), 0);
	ck_assert_int_eq(v, 2711);
	ck_assert_int_eq(xspec_constant(&s, "LEAVE", &v), 0);
	ck_assert_int_eq(v, 14);
	const struct xdef *spec = xspec_find(&s, "job_spec");
	ck_assert_ptr_nonnull(spec);
	ck_assert_int_eq(spec->kind, XD_STRUCT);
	ck_assert_uint_eq(spec->nfields, 5);
	/* string argv<JM_MAX_ARG><JM_MAX_ARGS> */
	ck_assert_str_eq(spec->fields[0].name, "argv");
	ck_assert_int_eq(spec->fields[0].kind, XK_STRING);
	ck_assert_uint_eq(spec->fields[0].size, 4096);
	ck_assert_int_eq(spec->fields[0].rep, XR_VAR);
	ck_assert_uint_eq(spec->fields[0].count, 256);
	ck_assert_int_eq(spec->fields[2].kind, XK_OPAQUE);
	ck_assert_uint_eq(spec->fields[2].size, 262144);
	const struct xdef *body = xspec_find(&s, "body");
	ck_assert_int_eq(body->kind, XD_UNION);
	ck_assert_uint_eq(body->ncases, 14);
	ck_assert_str_eq(body->disc.name, "type");
	ck_assert_str_eq(body->disc.def->name, "msg_type");
	ck_assert_str_eq(body->cases[9].label, "LIST");
	ck_assert_int_eq(body->cases[9].arm.kind, XK_VOID);
	const struct xdef *st = xspec_find(&s, "job_status");
	ck_assert_int_eq(st->fields[0].kind, XK_UHYPER);
	ck_assert_int_eq(st->fields[2].kind, XK_INT);
	ck_assert_str_eq(xspec_enum_name(st->fields[1].def, 4), "TIMEDOUT");
	xspec_free(&s);
}
END_TEST

START_TEST(the_whole_subset)
{
	static const char text[] =
		"% #include <rpc/rpc.h>\n"
		"const N = 0x10; const M = -3;\n"
		"// a line comment\n"
		"enum color { RED = 1, GREEN = N };\n"
		"typedef unsigned hyper big;\n"
		"typedef opaque hash[20];\n"
		"struct item { int a; unsigned b; bool c; float f; double d; hyper h;\n"
		"  big g; hash x; opaque y<N>; opaque z<>; string s<>; item *next;\n"
		"  int fixed[3]; color colors<2>; string names<8>[2]; struct other o; };\n"
		"struct other { color c; };\n"
		"union u switch (color c) { case RED: case GREEN: item i; default: void; };\n"
		"union v switch (int d) { case M: void; case 1: u inner; };\n";
	struct xspec s;
	char err[256];

	ck_assert_msg(xspec_parse(&s, "t.x", text, sizeof(text) - 1, err, sizeof(err)) == 0, "%s", err);
	const struct xdef *it = xspec_find(&s, "item");
	ck_assert_uint_eq(it->nfields, 16);
	ck_assert_int_eq(it->fields[1].kind, XK_UINT);
	ck_assert_int_eq(it->fields[6].def->kind, XD_TYPEDEF);
	ck_assert_int_eq(it->fields[7].def->alias.fixed, 1);
	ck_assert_uint_eq(it->fields[7].def->alias.size, 20);
	ck_assert_uint_eq(it->fields[8].size, 16);
	ck_assert_uint_eq(it->fields[9].size, UINT32_MAX);
	ck_assert_int_eq(it->fields[11].rep, XR_OPTIONAL);
	ck_assert_int_eq(it->fields[12].rep, XR_FIXED);
	ck_assert_uint_eq(it->fields[12].count, 3);
	ck_assert_uint_eq(it->fields[14].size, 8);
	ck_assert_int_eq(it->fields[14].rep, XR_FIXED);
	ck_assert_uint_eq(it->fields[14].count, 2);
	ck_assert_str_eq(it->fields[15].def->name, "other");
	const struct xdef *u = xspec_find(&s, "u");
	ck_assert_uint_eq(u->ncases, 2);
	ck_assert_str_eq(u->cases[1].arm.name, "i");
	ck_assert_int_eq(u->cases[1].value, 16);
	ck_assert(u->has_default);
	ck_assert_int_eq(xspec_find(&s, "v")->cases[0].value, -3);
	xspec_free(&s);
}
END_TEST

/* text fails with exactly this message. */
static void fails(const char *text, const char *expect)
{
	struct xspec s;
	char err[256] = "";

	ck_assert_int_eq(xspec_parse(&s, "bad.x", text, strlen(text), err, sizeof(err)), -1);
	ck_assert_msg(strcmp(err, expect) == 0, "got '%s', want '%s'", err, expect);
	xspec_free(&s);
}

START_TEST(errors_have_line_numbers)
{
	fails("const A = 1;\nconst A = 2;\n", "bad.x:2: 'A' defined twice");
	fails("struct s {\n  int a\n};\n", "bad.x:3: expected ';' after a field, found '}'");
	fails("\n\nstruct s { string x; };\n", "bad.x:3: string x needs a bound: string x<N>");
	fails("struct s { opaque x; };", "bad.x:1: opaque x needs a length: opaque x[N] or x<N>");
	fails("struct s {\n nothing x;\n};\n", "bad.x:2: 'nothing': unknown type");
	fails("struct s { int x<LIMIT>; };", "bad.x:1: 'LIMIT': unknown constant");
	fails("const C = 1;\nstruct s {\n C x; };", "bad.x:3: 'C' is a constant, not a type");
	fails("/* never closed\n\n", "bad.x:1: unterminated comment");
	fails("enum e { A = 1, B };", "bad.x:1: expected '=' after an enum constant (every value is given), found '}'");
	fails("union u switch (string s<1>) { default: void; };",
	      "bad.x:1: a union's discriminant is an int, unsigned int, bool or enum");
	fails("union u switch (int d) {\ncase 1: void;\ncase 1: int x;\n};", "bad.x:3: case 1 given twice");
	fails("program P { version V { int F(int) = 1; } = 1; } = 1;",
	      "bad.x:1: 'program' (RPC program definitions) is not supported: describe the messages as types");
	fails("typedef a b;\ntypedef b a;\n", "bad.x:1: typedef 'b' is circular");
	fails("struct s { struct { int a; } x; };",
	      "bad.x:1: nested type definitions are not supported: define the type on its own");
	fails("struct s { int x; } $", "bad.x:1: unexpected character '$'");
	fails("struct s { int x; }", "bad.x:1: expected ';' after a definition, found 'end of file'");
	fails("struct s { int a<99999999999>; };", "bad.x:1: bound 99999999999 out of range");
}
END_TEST

START_TEST(missing_file)
{
	struct xspec s;
	char err[256];

	ck_assert_int_eq(xspec_load(&s, "/nonexistent/x.x", err, sizeof(err)), -1);
	ck_assert_str_eq(err, "/nonexistent/x.x: No such file or directory");
	xspec_free(&s);
}
END_TEST

int main(void)
{
	return unit_run(unit_suite("decode_xdrspec", NULL, NULL,
		UNIT_TESTS(jobmgr_x_parses, the_whole_subset, errors_have_line_numbers, missing_file)));
}
