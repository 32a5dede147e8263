/* Unit tests of decode's XDR decoding by description: every jobmgr
 * message type encoded by tools/lib/jobproto.c decodes by jobmgr.x to the
 * same values (read back from the value tree into a jm_msg and compared
 * field by field); truncation, bounds, bad enums and padding are errors
 * with their offset; summaries and escaping. */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobproto.h"
#include "msgxml.h"
#include "xdr.h"
#include "xdrdecode.h"
#include "xdrspec.h"

static struct xspec spec;
static struct xentry entry;

static void setup(void)
{
	char path[4096], err[512];
	const char *top = getenv("SONDE_TOP");

	if (top != NULL)
		snprintf(path, sizeof(path), "%s/tools/jobmgr/jobmgr.x", top);
	else    /* __FILE__ is TOP/tests/unit/check_decode_xdr.c */
		snprintf(path, sizeof(path), "%.*s/../../tools/jobmgr/jobmgr.x",
			 (int)(strrchr(__FILE__, '/') - __FILE__), __FILE__);
	ck_assert_msg(xspec_load(&spec, path, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(xdecode_entry(&spec, &entry), 0);
	ck_assert_str_eq(entry.def->name, "message");
}

/* The entry of a description parsed by a test (it has one). */
static const struct xentry *entry_of(const struct xspec *s)
{
	static struct xentry e;

	ck_assert_int_eq(xdecode_entry(s, &e), 0);
	return &e;
}

static void teardown(void)
{
	xspec_free(&spec);
}

/* The value at a path of field names ("body/submit/spec/argv"), from
 * node i; XV_NONE when absent. */
static size_t at(const struct xtree *t, size_t i, const char *path)
{
	char name[64];

	while (*path) {
		size_t n = strcspn(path, "/");
		snprintf(name, sizeof(name), "%.*s", (int)n, path);
		path += n + (path[n] == '/');
		size_t c;
		for (c = t->v[i].child; c != XV_NONE; c = t->v[c].next)
			if (strcmp(t->v[c].name, name) == 0)
				break;
		if (c == XV_NONE)
			return XV_NONE;
		i = c;
	}
	return i;
}

static uint64_t num(const struct xtree *t, size_t i, const char *path)
{
	size_t v = at(t, i, path);
	ck_assert_msg(v != XV_NONE, "no %s", path);
	return t->v[v].kind == XV_UINT ? t->v[v].u : (uint64_t)t->v[v].i;
}

static char *str(const struct xtree *t, size_t i, const char *path)
{
	size_t v = at(t, i, path);
	ck_assert_msg(v != XV_NONE, "no %s", path);
	ck_assert(t->v[v].kind == XV_STRING);
	return strndup((const char *)t->v[v].bytes, t->v[v].len);
}

static uint8_t *bytes(const struct xtree *t, size_t i, const char *path, size_t *len)
{
	size_t v = at(t, i, path);
	ck_assert_msg(v != XV_NONE, "no %s", path);
	ck_assert(t->v[v].kind == XV_OPAQUE);
	*len = t->v[v].len;
	uint8_t *b = malloc(*len + 1);
	memcpy(b, t->v[v].bytes, *len);
	return b;
}

static char **strings(const struct xtree *t, size_t i, const char *path, uint32_t *n)
{
	size_t v = at(t, i, path);
	ck_assert_msg(v != XV_NONE, "no %s", path);
	ck_assert(t->v[v].kind == XV_ARRAY);
	*n = (uint32_t)t->v[v].count;
	char **out = calloc(*n + 1, sizeof(*out));
	uint32_t k = 0;
	for (size_t c = t->v[v].child; c != XV_NONE; c = t->v[c].next, k++)
		out[k] = strndup((const char *)t->v[c].bytes, t->v[c].len);
	ck_assert_uint_eq(k, *n);
	return out;
}

static void get_spec(const struct xtree *t, size_t s, struct jm_spec *sp)
{
	sp->argv = strings(t, s, "argv", &sp->argc);
	sp->env = strings(t, s, "env", &sp->envc);
	sp->in = bytes(t, s, "stdin", &sp->inlen);
	sp->timeout_ms = (uint32_t)num(t, s, "timeout_ms");
	sp->flags = (uint32_t)num(t, s, "flags");
}

static void get_status(const struct xtree *t, size_t s, struct jm_status *st)
{
	st->job = num(t, s, "job");
	st->state = (uint32_t)num(t, s, "state");
	st->code = (int32_t)num(t, s, "code");
	st->slave = str(t, s, "slave");
	st->submit_ns = num(t, s, "submit_ns");
	st->start_ns = num(t, s, "start_ns");
	st->end_ns = num(t, s, "end_ns");
}

/* The decoded tree read back into a jm_msg, as jm_decode would fill it. */
static void to_msg(const struct xtree *t, struct jm_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->version = (uint32_t)num(t, 0, "version");
	m->type = (uint32_t)num(t, 0, "type");
	m->reqid = (uint32_t)num(t, 0, "reqid");
	size_t b = at(t, 0, "body");
	ck_assert(b != XV_NONE);
	ck_assert_str_eq(t->v[b].sym, jm_type_name(m->type));
	ck_assert_str_eq(t->type, jm_type_name(m->type));
	size_t a = t->v[b].child;   /* the arm */
	switch (m->type) {
	case JM_REGISTER:
		m->token = str(t, a, "token"); m->name = str(t, a, "name");
		m->slots = (uint32_t)num(t, a, "slots"); m->running = (uint32_t)num(t, a, "running");
		break;
	case JM_REGISTERED:
		m->boot = num(t, a, "boot"); m->heartbeat_ms = (uint32_t)num(t, a, "heartbeat_ms");
		break;
	case JM_HEARTBEAT: m->running = (uint32_t)num(t, a, "running"); break;
	case JM_SUBMIT: m->token = str(t, a, "token"); get_spec(t, at(t, a, "spec"), &m->spec); break;
	case JM_ACCEPTED: m->job = num(t, a, "job"); break;
	case JM_RUN: m->job = num(t, a, "job"); get_spec(t, at(t, a, "spec"), &m->spec); break;
	case JM_STATUS:
		get_status(t, at(t, a, "status"), &m->status);
		m->status.out = bytes(t, a, "stdout", &m->status.outlen);
		m->status.err = bytes(t, a, "stderr", &m->status.errlen);
		break;
	case JM_QUERY: m->job = num(t, a, "job"); m->wait = (uint32_t)num(t, a, "wait"); break;
	case JM_CANCEL: m->token = str(t, a, "token"); m->job = num(t, a, "job"); break;
	case JM_LIST: ck_assert(a == XV_NONE); break;
	case JM_LISTING: {
		size_t sl = at(t, a, "slaves"), jb = at(t, a, "jobs");
		m->nslaves = (uint32_t)t->v[sl].count;
		m->slaves = calloc(m->nslaves + 1, sizeof(*m->slaves));
		uint32_t k = 0;
		for (size_t c = t->v[sl].child; c != XV_NONE; c = t->v[c].next, k++) {
			m->slaves[k].name = str(t, c, "name"); m->slaves[k].addr = str(t, c, "addr");
			m->slaves[k].slots = (uint32_t)num(t, c, "slots");
			m->slaves[k].running = (uint32_t)num(t, c, "running");
		}
		m->njobs = (uint32_t)t->v[jb].count;
		m->jobs = calloc(m->njobs + 1, sizeof(*m->jobs));
		k = 0;
		for (size_t c = t->v[jb].child; c != XV_NONE; c = t->v[c].next, k++)
			get_status(t, c, &m->jobs[k]);
		break;
	}
	case JM_SHUTDOWN: m->token = str(t, a, "token"); break;
	case JM_ERROR: m->error = (uint32_t)num(t, a, "code"); m->text = str(t, a, "text"); break;
	case JM_LEAVE: m->text = str(t, a, "why"); break;
	}
}

static char tok[] = "0123456789abcdef", slave1[] = "slave1", s2[] = "slave2",
	refused[] = "bad token", leaving[] = "shutting down", a0[] = "/bin/echo",
	a1[] = "hello world", a2[] = "", e0[] = "A=1", e1[] = "B=two", addr1[] = "198.18.0.2:40000",
	addr2[] = "198.18.0.3:40001";
static char *argv_[] = { a0, a1, a2 }, *env_[] = { e0, e1 };
static uint8_t input[] = { 1, 2, 3, 0, 255 }, out[] = "out", errs[] = "errs";
static struct jm_slave_info slaves_[] = { { slave1, addr1, 2, 1 }, { s2, addr2, 4, 0 } };
static struct jm_status jobs_[] = {
	{ 1, JM_RUNNING, 0, slave1, 11, 12, 0, NULL, NULL, 0, 0 },
	{ 2, JM_EXITED, 3, s2, 21, 22, 23, NULL, NULL, 0, 0 },
};

/* One message of each type, every field set to something. */
#define HDR(t) .version = JM_VERSION, .type = (t), .reqid = 40 + (t)
static struct jm_msg samples[JM_TYPE_MAX + 1] = {
	[JM_REGISTER] = { HDR(JM_REGISTER), .token = tok, .name = slave1, .slots = 3, .running = 1 },
	[JM_REGISTERED] = { HDR(JM_REGISTERED), .boot = 123456789012345ULL, .heartbeat_ms = 250 },
	[JM_HEARTBEAT] = { HDR(JM_HEARTBEAT), .running = 2 },
	[JM_SUBMIT] = { HDR(JM_SUBMIT), .token = tok, .spec = { argv_, 3, env_, 2, input, 5, 1500, JM_F_REQUEUE } },
	[JM_ACCEPTED] = { HDR(JM_ACCEPTED), .job = 9 },
	[JM_RUN] = { HDR(JM_RUN), .job = 77, .spec = { argv_, 3, env_, 2, input, 5, 1500, JM_F_REQUEUE } },
	[JM_STATUS] = { HDR(JM_STATUS), .status = { 5, JM_SIGNALED, -9, s2, 10, 20, 30, out, errs, 3, 4 } },
	[JM_QUERY] = { HDR(JM_QUERY), .job = 5, .wait = 1 },
	[JM_CANCEL] = { HDR(JM_CANCEL), .token = tok, .job = 6 },
	[JM_LIST] = { HDR(JM_LIST) },
	[JM_LISTING] = { HDR(JM_LISTING), .slaves = slaves_, .nslaves = 2, .jobs = jobs_, .njobs = 2 },
	[JM_SHUTDOWN] = { HDR(JM_SHUTDOWN), .token = tok },
	[JM_ERROR] = { HDR(JM_ERROR), .error = JM_E_TOKEN, .text = refused },
	[JM_LEAVE] = { HDR(JM_LEAVE), .text = leaving },
};

static struct jm_msg sample(uint32_t type)
{
	return samples[type];
}

/* A jm_msg whose every string and array was allocated by to_msg. */
static void free_read_back(struct jm_msg *m)
{
	free(m->token); free(m->name); free(m->text);
	for (uint32_t i = 0; i < m->spec.argc; i++)
		free(m->spec.argv[i]);
	for (uint32_t i = 0; i < m->spec.envc; i++)
		free(m->spec.env[i]);
	free(m->spec.argv); free(m->spec.env); free(m->spec.in);
	free(m->status.slave); free(m->status.out); free(m->status.err);
	for (uint32_t i = 0; i < m->nslaves; i++) {
		free(m->slaves[i].name);
		free(m->slaves[i].addr);
	}
	free(m->slaves);
	for (uint32_t i = 0; i < m->njobs; i++)
		free(m->jobs[i].slave);
	free(m->jobs);
}

/* Encodes m with jobproto; the record's payload (without its mark). */
static void encode(const struct jm_msg *m, struct xdr_enc *e)
{
	xdr_enc_init(e, JM_MAX_RECORD);
	ck_assert_int_eq(jm_encode(e, m), 0);
	ck_assert_uint_ge(e->len, 4);
	ck_assert_uint_eq(((uint32_t)e->data[0] << 24 | (uint32_t)e->data[1] << 16 |
			   (uint32_t)e->data[2] << 8 | e->data[3]), 0x80000000u | (e->len - 4));
}

/* Decoded by jobmgr.x and read back, every message encodes again (by
 * jobproto) to the very bytes it was decoded from. */
START_TEST(every_message_type_round_trips)
{
	for (uint32_t type = JM_REGISTER; type <= JM_TYPE_MAX; type++) {
		struct jm_msg m = sample(type), back;
		struct xdr_enc e, again;
		struct xtree t;

		encode(&m, &e);
		xtree_init(&t);
		ck_assert_msg(xdecode_message(&entry, e.data + 4, e.len - 4, &t) == 0,
			      "%s: offset %zu: %s", jm_type_name(type), t.err_off, t.why);
		to_msg(&t, &back);
		encode(&back, &again);
		ck_assert_msg(again.len == e.len && memcmp(again.data, e.data, e.len) == 0,
			      "%s: read back differently", jm_type_name(type));
		free_read_back(&back);
		xdr_enc_free(&again);
		xtree_free(&t);
		xdr_enc_free(&e);
	}
}
END_TEST

START_TEST(every_truncation_is_an_error_with_its_offset)
{
	struct jm_msg m = sample(JM_SUBMIT);
	struct xdr_enc e;
	struct xtree t;

	encode(&m, &e);
	xtree_init(&t);
	for (size_t len = 0; len < e.len - 4; len++) {
		ck_assert_int_eq(xdecode_message(&entry, e.data + 4, len, &t), -1);
		ck_assert(!t.ok);
		ck_assert_uint_le(t.err_off, len);
		ck_assert_msg(strstr(t.why, "needed") || strstr(t.why, "cannot fit"), "%s", t.why);
	}
	/* one byte more is left over */
	uint8_t *more = calloc(1, e.len);
	memcpy(more, e.data + 4, e.len - 4);
	ck_assert_int_eq(xdecode_message(&entry, more, e.len - 3, &t), -1);
	ck_assert_str_eq(t.why, "1 bytes left over after the message");
	free(more);
	xtree_free(&t);
	xdr_enc_free(&e);
}
END_TEST

/* A message patched at a word: the error names the field and where. */
static void patched(uint32_t type, size_t word, uint32_t value, const char *why, size_t off)
{
	struct jm_msg m = sample(type);
	struct xdr_enc e;
	struct xtree t;

	encode(&m, &e);
	uint8_t *p = e.data + 4 + 4 * word;
	p[0] = (uint8_t)(value >> 24); p[1] = (uint8_t)(value >> 16); p[2] = (uint8_t)(value >> 8); p[3] = (uint8_t)value;
	xtree_init(&t);
	ck_assert_int_eq(xdecode_message(&entry, e.data + 4, e.len - 4, &t), -1);
	ck_assert_msg(strstr(t.why, why) != NULL, "'%s' has no '%s'", t.why, why);
	ck_assert_uint_eq(t.err_off, off);
	xtree_free(&t);
	xdr_enc_free(&e);
}

START_TEST(bounds_enums_and_padding)
{
	/* type 99 is not a msg_type */
	patched(JM_HEARTBEAT, 1, 99, "99 is not a msg_type", 4);
	/* a token length over JM_MAX_TOKEN */
	patched(JM_SUBMIT, 3, 257, "token: length 257 over its bound 256", 12);
	/* a bool that is 2 */
	patched(JM_QUERY, 5, 2, "wait: 2 is not a bool", 20);
	/* a job_state of 7 */
	patched(JM_STATUS, 5, 7, "7 is not a job_state", 20);
	/* argv's count over JM_MAX_ARGS */
	patched(JM_SUBMIT, 3 + 1 + 4, 257, "argv: 257 elements over its bound 256", 32);
	/* "slave1": six bytes, then two padding bytes that must be zero */
	patched(JM_REGISTER, 3 + 1 + 4 + 1 + 1, 0x65310001, "name: non-zero padding", 43);
}
END_TEST

START_TEST(summaries_leave_out_tokens)
{
	struct jm_msg m = sample(JM_SUBMIT);
	struct xdr_enc e;
	struct xtree t;
	char sum[MSGXML_MAX_SUMMARY + 1];

	encode(&m, &e);
	xtree_init(&t);
	ck_assert_int_eq(xdecode_message(&entry, e.data + 4, e.len - 4, &t), 0);
	msgxml_summary(&t, sum, sizeof(sum));
	ck_assert_str_eq(sum, "SUBMIT reqid=44 argv=/bin/echo hello world  env=A=1 B=two stdin=5B timeout_ms=1500");
	ck_assert_ptr_null(strstr(sum, tok));
	xtree_free(&t);
	xdr_enc_free(&e);

	m = sample(JM_STATUS);
	encode(&m, &e);
	xtree_init(&t);
	ck_assert_int_eq(xdecode_message(&entry, e.data + 4, e.len - 4, &t), 0);
	msgxml_summary(&t, sum, sizeof(sum));
	ck_assert_str_eq(sum, "STATUS reqid=47 job=5 state=SIGNALED code=-9 slave=slave2");
	xtree_free(&t);
	xdr_enc_free(&e);
}
END_TEST

/* The XML of a message: long opaques cut, with their whole length. */
START_TEST(message_xml)
{
	struct jm_msg m = sample(JM_STATUS);
	uint8_t big[200];
	struct xdr_enc e;
	struct xtree t;

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)i;
	m.status.out = big;
	m.status.outlen = sizeof(big);
	encode(&m, &e);
	xtree_init(&t);
	ck_assert_int_eq(xdecode_message(&entry, e.data + 4, e.len - 4, &t), 0);
	xmlNodePtr node = msgxml_message("jobmgr", &t, e.len - 4, 3);
	xmlBufferPtr buf = xmlBufferCreate();
	ck_assert_int_gt(xmlNodeDump(buf, NULL, node, 0, 0), 0);
	const char *x = (const char *)xmlBufferContent(buf);
	ck_assert_msg(strncmp(x, "<message proto=\"jobmgr\" type=\"STATUS\" first=\"3\" len=\"276\" "
			      "summary=\"STATUS reqid=47 job=5 state=SIGNALED code=-9 slave=slave2\">"
			      "<version>1</version><type value=\"7\">STATUS</type><reqid>47</reqid>"
			      "<body arm=\"STATUS\"><status><status><job>5</job>"
			      "<state value=\"3\">SIGNALED</state><code>-9</code><slave>slave2</slave>", 300) == 0, "%s", x);
	ck_assert_ptr_nonnull(strstr(x, "<stdout len=\"200\" shown=\"64\">000102030405060708090a0b0c0d0e0f"
				       "101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"
				       "303132333435363738393a3b3c3d3e3f</stdout><stderr len=\"4\">65727273</stderr>"));
	xmlBufferFree(buf);
	xmlFreeNode(node);
	xtree_free(&t);
	xdr_enc_free(&e);
}
END_TEST

START_TEST(escaping)
{
	char *s = msgxml_escape((const uint8_t *)"a\\b\x01\n\xff<", 7);
	ck_assert_str_eq(s, "a\\\\b\\x01\\x0a\\xff<");
	free(s);
}
END_TEST

/* Every kind of value of the subset, as XML. */
START_TEST(every_kind_of_value)
{
	static const char text[] =
		"typedef opaque id[3];\n"
		"struct pt { int x; };\n"
		"union u switch (int d) { case 1: pt p; default: void; };\n"
		"struct message { int i; hyper h; unsigned hyper uh; float f; double d; bool b;\n"
		"  id ident; pt *some; pt *none; int fixed[2]; u one; u other; };\n";
	static const uint8_t bytes[] = {
		0xff, 0xff, 0xff, 0xfe,                          /* i = -2 */
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfd,  /* h = -3 */
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  /* uh = 2^64-1 */
		0x3f, 0xc0, 0x00, 0x00,                          /* f = 1.5 */
		0xc0, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  /* d = -2.5 */
		0, 0, 0, 1,                                      /* b */
		0xab, 0xcd, 0xef, 0,                             /* ident, padded */
		0, 0, 0, 1, 0, 0, 0, 7,                          /* some = { 7 } */
		0, 0, 0, 0,                                      /* none */
		0, 0, 0, 8, 0, 0, 0, 9,                          /* fixed */
		0, 0, 0, 1, 0, 0, 0, 5,                          /* one: case 1, x = 5 */
		0, 0, 0, 4,                                      /* other: default */
	};
	struct xspec s;
	struct xtree t;
	char err[256];

	ck_assert_msg(xspec_parse(&s, "k.x", text, sizeof(text) - 1, err, sizeof(err)) == 0, "%s", err);
	xtree_init(&t);
	ck_assert_msg(xdecode_message(entry_of(&s), bytes, sizeof(bytes), &t) == 0, "%s", t.why);
	xmlNodePtr node = msgxml_message("k", &t, sizeof(bytes), 1);
	xmlBufferPtr buf = xmlBufferCreate();
	ck_assert_int_gt(xmlNodeDump(buf, NULL, node, 0, 0), 0);
	ck_assert_str_eq((const char *)xmlBufferContent(buf),
		"<message proto=\"k\" type=\"1\" first=\"1\" len=\"72\" "
		"summary=\"1 i=-2 h=-3 uh=18446744073709551615 f=1.5 d=-2.5 ident=3B x=7\">"
		"<i>-2</i><h>-3</h><uh>18446744073709551615</uh><f>1.5</f><d>-2.5</d><b>true</b>"
		"<ident len=\"3\">abcdef</ident><some present=\"1\"><some><x>7</x></some></some>"
		"<none present=\"0\"/><fixed count=\"2\"><item>8</item><item>9</item></fixed>"
		"<one arm=\"1\"><d>1</d><p><x>5</x></p></one><other arm=\"default\"><d>4</d></other></message>");
	xmlBufferFree(buf);
	xmlFreeNode(node);
	xtree_free(&t);
	xspec_free(&s);
}
END_TEST

/* Nesting and counts a hostile description or input could abuse. */
START_TEST(depth_and_counts_bounded)
{
	static const char deep[] = "struct node { node *next; int v; };\n";
	static const char many[] = "struct m { int x<>; };\n";
	struct xspec s;
	struct xtree t;
	char err[256];
	uint8_t ones[4 * 64];

	for (size_t i = 0; i < sizeof(ones); i++)
		ones[i] = (i % 4 == 3);   /* every word 1: "present" */
	ck_assert_int_eq(xspec_parse(&s, "deep.x", deep, sizeof(deep) - 1, err, sizeof(err)), 0);
	xtree_init(&t);
	ck_assert_int_eq(xdecode_message(entry_of(&s), ones, sizeof(ones), &t), -1);
	ck_assert_ptr_nonnull(strstr(t.why, "nested deeper than"));
	xtree_free(&t);
	xspec_free(&s);

	/* 250000 ints, more values than a message may hold */
	ck_assert_int_eq(xspec_parse(&s, "many.x", many, sizeof(many) - 1, err, sizeof(err)), 0);
	size_t n = 250000;
	uint8_t *words = calloc(n + 1, 4);
	words[1] = (uint8_t)(n >> 16); words[2] = (uint8_t)(n >> 8); words[3] = (uint8_t)n;
	xtree_init(&t);
	ck_assert_int_eq(xdecode_message(entry_of(&s), words, 4 * (n + 1), &t), -1);
	ck_assert_ptr_nonnull(strstr(t.why, "values in one message"));
	/* a count the bytes cannot hold is refused before any element */
	ck_assert_int_eq(xdecode_message(entry_of(&s), words, 4 * 1000, &t), -1);
	ck_assert_ptr_nonnull(strstr(t.why, "cannot fit"));
	ck_assert_uint_eq(t.n, 2);
	free(words);
	xtree_free(&t);
	xspec_free(&s);
}
END_TEST

int main(void)
{
	return unit_run(unit_suite("decode_xdr", setup, teardown,
		UNIT_TESTS(every_message_type_round_trips, every_truncation_is_an_error_with_its_offset,
		           bounds_enums_and_padding, summaries_leave_out_tokens, message_xml, every_kind_of_value, escaping,
		           depth_and_counts_bounded)));
}
