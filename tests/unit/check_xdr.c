/* Unit tests of XDR encoding/decoding, record marking and the jobmgr
 * messages built on them: round trips of every message type, every bound
 * enforced, truncated input rejected. */
#include "unit.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "jobproto.h"
#include "xdr.h"

START_TEST(primitives_round_trip)
{
	struct xdr_enc e;
	struct xdr_dec d;
	size_t len;
	char *s;

	xdr_enc_init(&e, 1024);
	xdr_put_u32(&e, 0xdeadbeef);
	xdr_put_i32(&e, -5);
	xdr_put_u64(&e, 0x0102030405060708ULL);
	xdr_put_bool(&e, true);
	xdr_put_opaque(&e, "abcde", 5, 8);
	xdr_put_string(&e, "xyz", 8);
	ck_assert(!e.failed);
	ck_assert_uint_eq(e.len, 4 + 4 + 8 + 4 + 4 + 8 + 4 + 4);
	/* big-endian, zero padded */
	ck_assert_int_eq(memcmp(e.data, "\xde\xad\xbe\xef\xff\xff\xff\xfb", 8), 0);
	ck_assert_int_eq(memcmp(e.data + 20, "\0\0\0\5abcde\0\0\0", 12), 0);
	xdr_dec_init(&d, e.data, e.len);
	ck_assert_uint_eq(xdr_get_u32(&d), 0xdeadbeef);
	ck_assert_int_eq(xdr_get_i32(&d), -5);
	ck_assert(xdr_get_u64(&d) == 0x0102030405060708ULL);
	ck_assert(xdr_get_bool(&d));
	ck_assert_int_eq(memcmp(xdr_get_opaque(&d, 8, &len), "abcde", 5), 0);
	ck_assert_uint_eq(len, 5);
	s = xdr_get_string(&d, 8);
	ck_assert_str_eq(s, "xyz");
	free(s);
	ck_assert(xdr_dec_done(&d));
	xdr_enc_free(&e);
}
END_TEST

START_TEST(bounds_enforced)
{
	struct xdr_enc e;
	struct xdr_dec d;
	size_t len;
	static const uint8_t big[] = { 0, 0, 0, 9, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 0, 0, 0 };
	static const uint8_t badpad[] = { 0, 0, 0, 1, 'a', 1, 0, 0 };
	static const uint8_t nul[] = { 0, 0, 0, 3, 'a', 0, 'b', 0 };
	static const uint8_t two[] = { 0, 0, 0, 2 };

	xdr_enc_init(&e, 8);
	xdr_put_u64(&e, 1);
	xdr_put_u32(&e, 1);          /* over the buffer's max */
	ck_assert(e.failed);
	xdr_enc_free(&e);
	xdr_enc_init(&e, 1024);
	xdr_put_opaque(&e, "abc", 3, 2);   /* over the field's bound */
	ck_assert(e.failed);
	xdr_enc_free(&e);

	xdr_dec_init(&d, big, sizeof(big));
	ck_assert_ptr_null(xdr_get_opaque(&d, 8, &len));
	ck_assert(d.failed);
	xdr_dec_init(&d, badpad, sizeof(badpad));
	ck_assert_ptr_null(xdr_get_opaque(&d, 8, &len));
	xdr_dec_init(&d, nul, sizeof(nul));
	ck_assert_ptr_null(xdr_get_string(&d, 8));
	xdr_dec_init(&d, two, sizeof(two));
	(void)xdr_get_bool(&d);
	ck_assert(d.failed);
	xdr_dec_init(&d, two, sizeof(two));
	ck_assert_uint_eq(xdr_get_count(&d, 1), 0);
	ck_assert(d.failed);
	xdr_dec_init(&d, two, 3);   /* truncated */
	(void)xdr_get_u32(&d);
	ck_assert(d.failed);
	/* sticky: later reads fail too and return zero */
	ck_assert_uint_eq(xdr_get_u32(&d), 0);
}
END_TEST

START_TEST(record_marking)
{
	struct xdr_rm_reader r;
	struct xdr_enc e;
	size_t start, used;
	/* two fragments "ab" + "cd" (last), then a record of 8 bytes */
	static const uint8_t frags[] = { 0, 0, 0, 2, 'a', 'b', 0x80, 0, 0, 2, 'c', 'd', 0x80, 0, 0, 8 };
	static const uint8_t huge[] = { 0x80, 0, 0x10, 0 };

	xdr_enc_init(&e, 64);
	start = xdr_record_begin(&e);
	xdr_put_u32(&e, 7);
	xdr_record_end(&e, start);
	ck_assert_int_eq(memcmp(e.data, "\x80\0\0\4\0\0\0\7", 8), 0);
	xdr_enc_free(&e);

	xdr_rm_init(&r, 16);
	/* byte by byte */
	for (size_t i = 0; i < 12; i++) {
		enum xdr_rm_status s = xdr_rm_feed(&r, frags + i, 1, &used);
		ck_assert_uint_eq(used, 1);
		ck_assert_int_eq(s, i == 11 ? XDR_RM_RECORD : XDR_RM_MORE);
	}
	ck_assert_uint_eq(r.len, 4);
	ck_assert_int_eq(memcmp(r.buf, "abcd", 4), 0);
	xdr_rm_next(&r);
	ck_assert(xdr_rm_idle(&r));
	ck_assert_int_eq(xdr_rm_feed(&r, frags + 12, 4, &used), XDR_RM_MORE);
	ck_assert(!xdr_rm_idle(&r));
	xdr_rm_free(&r);

	xdr_rm_init(&r, 1024);
	ck_assert_int_eq(xdr_rm_feed(&r, huge, 4, &used), XDR_RM_ERROR);
	ck_assert_int_eq(errno, EMSGSIZE);
	ck_assert_uint_eq(r.cap, 0);   /* nothing allocated for it */
	xdr_rm_free(&r);
}
END_TEST

/* (-Wwrite-strings: the messages hold char *, so mutable arrays) */
static char sh[] = "sh", dash_c[] = "-c", echo[] = "echo hi", a1[] = "A=1", b2[] = "B=two";
static char tok[] = "tok", slave1[] = "slave1", s1[] = "s1", s2[] = "s2", empty[] = "";
static char addr1[] = "198.18.0.2:1000", addr2[] = "198.18.0.3:1000", refused[] = "refused", leaving[] = "stopping: signal";
static uint8_t input[] = "input", out[] = "out", err[] = "err!";
static char *argv_[] = { sh, dash_c, echo, NULL };
static char *env_[] = { a1, b2, NULL };
static struct jm_slave_info slaves_[] = { { s1, addr1, 2, 1 }, { s2, addr2, 4, 0 } };
static struct jm_status jobs_[] = {
	{ .job = 1, .state = JM_EXITED, .code = 3, .slave = s1, .submit_ns = 1, .start_ns = 2, .end_ns = 3 },
	{ .job = 2, .state = JM_QUEUED, .slave = empty },
};

/* One message of every type, with every field set. */
static struct jm_msg sample(uint32_t type)
{
	struct jm_msg m = { .version = JM_VERSION, .type = type, .reqid = 42 + type };

	switch (type) {
	case JM_REGISTER: m.token = tok; m.name = slave1; m.slots = 3; m.running = 1; break;
	case JM_REGISTERED: m.boot = 123456789012345ULL; m.heartbeat_ms = 250; break;
	case JM_HEARTBEAT: m.running = 2; break;
	case JM_SUBMIT: case JM_RUN:
		m.token = type == JM_SUBMIT ? tok : NULL;
		m.job = type == JM_RUN ? 77 : 0;
		m.spec = (struct jm_spec){ argv_, 3, env_, 2, input, 5, 1500, JM_F_REQUEUE };
		break;
	case JM_ACCEPTED: m.job = 9; break;
	case JM_STATUS:
		m.status = (struct jm_status){ 5, JM_SIGNALED, 9, s2, 10, 20, 30, out, err, 3, 4 };
		break;
	case JM_QUERY: m.job = 5; m.wait = 1; break;
	case JM_CANCEL: m.token = tok; m.job = 6; break;
	case JM_LIST: break;
	case JM_LISTING: m.slaves = slaves_; m.nslaves = 2; m.jobs = jobs_; m.njobs = 2; break;
	case JM_SHUTDOWN: m.token = tok; break;
	case JM_ERROR: m.error = JM_E_TOKEN; m.text = refused; break;
	case JM_LEAVE: m.text = leaving; break;
	}
	return m;
}

static void same_status(const struct jm_status *a, const struct jm_status *b, int output)
{
	ck_assert(a->job == b->job);
	ck_assert_uint_eq(a->state, b->state);
	ck_assert_int_eq(a->code, b->code);
	ck_assert_str_eq(a->slave, b->slave);
	ck_assert(a->submit_ns == b->submit_ns && a->start_ns == b->start_ns && a->end_ns == b->end_ns);
	if (output) {
		ck_assert_uint_eq(a->outlen, b->outlen);
		ck_assert_uint_eq(a->errlen, b->errlen);
		ck_assert(a->outlen == 0 || memcmp(a->out, b->out, a->outlen) == 0);
		ck_assert(a->errlen == 0 || memcmp(a->err, b->err, a->errlen) == 0);
	}
}

static void same(const struct jm_msg *a, const struct jm_msg *b)
{
	ck_assert_uint_eq(a->type, b->type);
	ck_assert_uint_eq(a->reqid, b->reqid);
	ck_assert_str_eq(a->token ? a->token : "", b->token ? b->token : "");
	ck_assert_str_eq(a->name ? a->name : "", b->name ? b->name : "");
	ck_assert_str_eq(a->text ? a->text : "", b->text ? b->text : "");
	ck_assert_uint_eq(a->slots, b->slots);
	ck_assert_uint_eq(a->running, b->running);
	ck_assert(a->boot == b->boot && a->job == b->job);
	ck_assert_uint_eq(a->heartbeat_ms, b->heartbeat_ms);
	ck_assert_uint_eq(a->wait, b->wait);
	ck_assert_uint_eq(a->error, b->error);
	ck_assert_uint_eq(a->spec.argc, b->spec.argc);
	for (uint32_t i = 0; i < a->spec.argc; i++)
		ck_assert_str_eq(a->spec.argv[i], b->spec.argv[i]);
	ck_assert_uint_eq(a->spec.envc, b->spec.envc);
	for (uint32_t i = 0; i < a->spec.envc; i++)
		ck_assert_str_eq(a->spec.env[i], b->spec.env[i]);
	ck_assert_uint_eq(a->spec.inlen, b->spec.inlen);
	ck_assert(a->spec.inlen == 0 || memcmp(a->spec.in, b->spec.in, a->spec.inlen) == 0);
	ck_assert_uint_eq(a->spec.timeout_ms, b->spec.timeout_ms);
	ck_assert_uint_eq(a->spec.flags, b->spec.flags);
	if (a->type == JM_STATUS)
		same_status(&a->status, &b->status, 1);
	ck_assert_uint_eq(a->nslaves, b->nslaves);
	for (uint32_t i = 0; i < a->nslaves; i++) {
		ck_assert_str_eq(a->slaves[i].name, b->slaves[i].name);
		ck_assert_str_eq(a->slaves[i].addr, b->slaves[i].addr);
		ck_assert_uint_eq(a->slaves[i].slots, b->slaves[i].slots);
		ck_assert_uint_eq(a->slaves[i].running, b->slaves[i].running);
	}
	ck_assert_uint_eq(a->njobs, b->njobs);
	for (uint32_t i = 0; i < a->njobs; i++)
		same_status(&a->jobs[i], &b->jobs[i], 0);
}

START_TEST(every_message_round_trips)
{
	for (uint32_t t = 1; t <= JM_TYPE_MAX; t++) {
		struct jm_msg m = sample(t), back;
		struct xdr_enc e;

		xdr_enc_init(&e, JM_MAX_RECORD);
		ck_assert_int_eq(jm_encode(&e, &m), 0);
		/* one record, its header giving the rest's length */
		ck_assert_uint_eq(((uint32_t)e.data[1] << 16 | (uint32_t)e.data[2] << 8 | e.data[3]), e.len - 4);
		ck_assert_uint_eq(e.data[0], 0x80);
		ck_assert_int_eq(jm_decode(e.data + 4, e.len - 4, &back), JM_OK);
		same(&m, &back);
		jm_msg_free(&back);
		/* every shorter prefix is refused, and so is a trailing byte */
		for (size_t n = 0; n < e.len - 4; n++) {
			ck_assert_int_eq(jm_decode(e.data + 4, n, &back), JM_BAD);
			jm_msg_free(&back);
		}
		xdr_put_u32(&e, 0);
		ck_assert_int_eq(jm_decode(e.data + 4, e.len - 4, &back), JM_BAD);
		jm_msg_free(&back);
		xdr_enc_free(&e);
	}
}
END_TEST

START_TEST(unknown_version_and_type)
{
	struct jm_msg m = sample(JM_LIST), back;
	struct xdr_enc e;

	m.version = 2;
	xdr_enc_init(&e, 1024);
	ck_assert_int_eq(jm_encode(&e, &m), 0);
	ck_assert_int_eq(jm_decode(e.data + 4, e.len - 4, &back), JM_BAD_VERSION);
	ck_assert_uint_eq(back.version, 2);
	ck_assert_uint_eq(back.reqid, m.reqid);
	jm_msg_free(&back);
	xdr_enc_free(&e);
	m = sample(JM_LIST);
	m.type = 99;
	xdr_enc_init(&e, 1024);
	ck_assert_int_eq(jm_encode(&e, &m), -1);
	xdr_enc_free(&e);
	static const uint8_t unknown[] = { 0, 0, 0, 1, 0, 0, 0, 99, 0, 0, 0, 1 };
	ck_assert_int_eq(jm_decode(unknown, sizeof(unknown), &back), JM_BAD);
	jm_msg_free(&back);
}
END_TEST

START_TEST(message_bounds)
{
	struct jm_msg m = sample(JM_SUBMIT), back;
	struct xdr_enc e;
	char *many[JM_MAX_ARGS + 1];
	/* a huge argument count with no bytes behind it */
	static const uint8_t lying[] = { 0, 0, 0, 1, 0, 0, 0, JM_SUBMIT, 0, 0, 0, 1,
	                                 0, 0, 0, 0, 0, 0, 0, 200 };

	for (size_t i = 0; i <= JM_MAX_ARGS; i++)
		many[i] = sh;
	m.spec.argv = many;
	m.spec.argc = JM_MAX_ARGS + 1;
	xdr_enc_init(&e, JM_MAX_RECORD);
	ck_assert_int_eq(jm_encode(&e, &m), -1);
	xdr_enc_free(&e);
	m = sample(JM_SUBMIT);
	m.spec.flags = 0x80;           /* unknown flag */
	xdr_enc_init(&e, JM_MAX_RECORD);
	ck_assert_int_eq(jm_encode(&e, &m), 0);
	ck_assert_int_eq(jm_decode(e.data + 4, e.len - 4, &back), JM_BAD);
	jm_msg_free(&back);
	xdr_enc_free(&e);
	m = sample(JM_SUBMIT);
	m.spec.argc = 0;               /* nothing to run */
	xdr_enc_init(&e, JM_MAX_RECORD);
	ck_assert_int_eq(jm_encode(&e, &m), 0);
	ck_assert_int_eq(jm_decode(e.data + 4, e.len - 4, &back), JM_BAD);
	jm_msg_free(&back);
	xdr_enc_free(&e);
	ck_assert_int_eq(jm_decode(lying, sizeof(lying), &back), JM_BAD);
	jm_msg_free(&back);
}
END_TEST

int main(void)
{
	return unit_run(unit_suite("xdr", NULL, NULL,
		UNIT_TESTS(primitives_round_trip, bounds_enforced, record_marking, every_message_round_trips,
		           unknown_version_and_type, message_bounds)));
}
