/* Unit tests of decode's stream layers: TCP reassembly (in order, out of
 * order, retransmitted, overlapping, gaps, the bounds, FIN, eviction) and
 * ONC RPC record marking (multi-fragment records, several records in one
 * segment, records across segments, limits, getting back in step). */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reasm.h"
#include "recmark.h"

/* --- reassembly: what a direction's consumer saw, as text ------------ */

static char seen[1 << 16];
static size_t seen_len;
static int ends;

static void say(const char *s)
{
	size_t n = strlen(s);
	ck_assert_uint_lt(seen_len + n, sizeof(seen));
	memcpy(seen + seen_len, s, n + 1);
	seen_len += n;
}

static void on_data(void *user, const uint8_t *p, size_t len, uint64_t n, int seg_start)
{
	char buf[64];
	(void)user;
	snprintf(buf, sizeof(buf), "%s%llu:", seg_start ? "[" : "(", (unsigned long long)n);
	say(buf);
	ck_assert_uint_lt(len, sizeof(buf));
	memcpy(buf, p, len);
	buf[len] = '\0';
	say(buf);
	say(" ");
}

static void on_gap(void *user, uint64_t missing)
{
	char buf[32];
	(void)user;
	snprintf(buf, sizeof(buf), "gap%llu ", (unsigned long long)missing);
	say(buf);
}

static void on_end(void *user)
{
	(void)user;
	ends++;
	say("end");
}

static const struct reasm_ops ops = { on_data, on_gap, on_end };
static struct reasm r;

static void setup(void)
{
	seen[0] = '\0';
	seen_len = 0;
	ends = 0;
	ck_assert_int_eq(reasm_init(&r, &ops), 0);
}

static void teardown(void)
{
	if (r.table)
		reasm_free(&r);
}

static struct reasm_dir *dir(const char *key)
{
	int created;
	struct reasm_dir *d = reasm_dir(&r, key, &created);
	ck_assert_ptr_nonnull(d);
	return d;
}

static void seg(struct reasm_dir *d, uint32_t seq, int flags, const char *data, uint64_t n)
{
	reasm_segment(&r, d, seq, flags, (const uint8_t *)data, strlen(data), strlen(data), n);
}

START_TEST(in_order_and_syn)
{
	struct reasm_dir *d = dir("a");
	seg(d, 0, REASM_SYN, "", 1);
	seg(d, 1, 0, "abc", 2);
	seg(d, 4, 0, "de", 3);
	ck_assert_str_eq(seen, "[2:abc [3:de ");
}
END_TEST

START_TEST(out_of_order_is_held_then_released)
{
	struct reasm_dir *d = dir("a");
	seg(d, 0, REASM_SYN, "", 1);
	seg(d, 6, 0, "ghi", 2);
	seg(d, 4, 0, "de", 3);
	ck_assert_str_eq(seen, "");
	seg(d, 1, 0, "abc", 4);
	ck_assert_str_eq(seen, "[4:abc [3:de [2:ghi ");
	/* a held segment overlapped by a later one delivers only what is new */
	seg(d, 12, 0, "lm", 5);
	seg(d, 11, 0, "klmn", 6);
	seg(d, 9, 0, "jk", 7);
	ck_assert_str_eq(seen, "[4:abc [3:de [2:ghi [7:jk [6:klmn ");
}
END_TEST

START_TEST(retransmissions_are_dropped)
{
	struct reasm_dir *d = dir("a");
	seg(d, 0, REASM_SYN, "", 1);
	seg(d, 1, 0, "abc", 2);
	seg(d, 1, 0, "abc", 3);          /* whole again */
	seg(d, 2, 0, "bcdef", 4);        /* overlapping: only "def" is new */
	seg(d, 0, REASM_SYN, "", 5);     /* a repeated SYN */
	seg(d, 7, 0, "g", 6);
	ck_assert_str_eq(seen, "[2:abc (4:def [6:g ");
}
END_TEST

START_TEST(gap_when_the_bounds_are_reached)
{
	struct reasm_dir *d = dir("a");
	char one[2] = "x";

	seg(d, 0, REASM_SYN, "", 1);
	/* byte 1 never comes; bytes 2.. arrive one per segment */
	for (uint32_t i = 0; i < REASM_MAX_HELD; i++) {
		one[0] = (char)('A' + i % 26);
		seg(d, 2 + i, 0, one, 10 + i);
	}
	ck_assert_str_eq(seen, "");
	seg(d, 2 + REASM_MAX_HELD, 0, "z", 99);
	ck_assert_uint_eq(d->gaps, 1);
	ck_assert(strncmp(seen, "gap1 [10:A [11:B ", 17) == 0);
	ck_assert(strstr(seen, "[99:z ") != NULL);
	ck_assert_uint_eq(d->nheld, 0);
}
END_TEST

START_TEST(snaplen_cut_and_capture_start)
{
	struct reasm_dir *d = dir("a");
	/* no SYN seen: the stream starts at the first segment */
	seg(d, 1000, 0, "abc", 1);
	reasm_segment(&r, d, 1003, 0, (const uint8_t *)"de", 2, 5, 2);  /* 3 bytes not captured */
	seg(d, 1008, 0, "f", 3);
	ck_assert_str_eq(seen, "[1:abc [2:de gap3 [3:f ");
}
END_TEST

START_TEST(fin_ends_and_end_of_capture_flushes)
{
	struct reasm_dir *d = dir("a");
	seg(d, 0, REASM_SYN, "", 1);
	seg(d, 1, REASM_FIN, "ab", 2);
	ck_assert_str_eq(seen, "[2:ab end");
	ck_assert_uint_eq(r.count, 0);

	seen_len = 0;
	seen[0] = '\0';
	d = dir("b");
	seg(d, 10, 0, "a", 1);
	seg(d, 15, 0, "f", 2);            /* 11..14 never come */
	reasm_free(&r);
	ck_assert_str_eq(seen, "[1:a gap4 [2:f end");
}
END_TEST

START_TEST(least_recently_used_is_evicted)
{
	char key[32];

	for (int i = 0; i <= REASM_MAX_STREAMS; i++) {
		snprintf(key, sizeof(key), "s%d", i);
		seg(dir(key), 1, 0, "x", (uint64_t)i);
		if (i == 0)
			dir("s0");  /* touched: s1 is now the oldest */
		if (i == 1)
			dir("s0");
	}
	ck_assert_uint_eq(r.count, REASM_MAX_STREAMS);
	ck_assert_int_eq(ends, 1);
	int created;
	reasm_dir(&r, "s0", &created);
	ck_assert_int_eq(created, 0);
	reasm_dir(&r, "s1", &created);
	ck_assert_int_eq(created, 1);
}
END_TEST

/* --- record marking ---------------------------------------------------- */

static char records[4096];

static void on_record(void *arg, const uint8_t *rec, size_t len, uint64_t first_n)
{
	char buf[256];
	(void)arg;
	snprintf(buf, sizeof(buf), "<%llu:%.*s>", (unsigned long long)first_n, (int)len, (const char *)rec);
	strcat(records, buf);
}

static void on_problem(void *arg, const char *why)
{
	(void)arg;
	strcat(records, "!");
	strcat(records, why);
	strcat(records, "!");
}

static const struct recmark_ops rm_ops = { on_record, on_problem };

/* A fragment header and its bytes. */
static size_t frag(uint8_t *p, const char *s, int last)
{
	uint32_t n = (uint32_t)strlen(s) | (last ? 0x80000000u : 0);
	p[0] = (uint8_t)(n >> 24); p[1] = (uint8_t)(n >> 16); p[2] = (uint8_t)(n >> 8); p[3] = (uint8_t)n;
	memcpy(p + 4, s, strlen(s));
	return 4 + strlen(s);
}

START_TEST(multi_fragment_records_byte_by_byte)
{
	struct recmark rm;
	uint8_t buf[128];
	size_t len = 0;

	records[0] = '\0';
	recmark_init(&rm, 100, &rm_ops, NULL);
	len += frag(buf + len, "abc", 0);
	len += frag(buf + len, "", 0);
	len += frag(buf + len, "defg", 1);
	len += frag(buf + len, "xyz", 1);
	/* one byte per packet: the first record began in packet 1 */
	for (size_t i = 0; i < len; i++)
		recmark_feed(&rm, buf + i, 1, i + 1, 1);
	ck_assert_str_eq(records, "<1:abcdefg><20:xyz>");
	/* all in one segment */
	records[0] = '\0';
	recmark_feed(&rm, buf, len, 7, 1);
	ck_assert_str_eq(records, "<7:abcdefg><7:xyz>");
	recmark_end(&rm);
	ck_assert_str_eq(records, "<7:abcdefg><7:xyz>");
	recmark_free(&rm);
}
END_TEST

START_TEST(oversize_gap_and_getting_back_in_step)
{
	struct recmark rm;
	uint8_t buf[256];
	size_t len;

	records[0] = '\0';
	recmark_init(&rm, 8, &rm_ops, NULL);
	len = frag(buf, "far too long", 1);
	recmark_feed(&rm, buf, len, 1, 1);
	ck_assert_str_eq(records, "!record of over 8 bytes (the limit)!");
	/* the middle of a segment is no place to get back in step */
	len = frag(buf, "x", 0);
	len += frag(buf + len, "ok", 1);
	recmark_feed(&rm, buf + 1, len - 1, 2, 0);
	ck_assert_uint_eq(rm.skipped, 12 + len - 1);
	/* a segment start with a plausible header is */
	recmark_feed(&rm, buf, len, 3, 1);
	ck_assert_str_eq(records, "!record of over 8 bytes (the limit)!<3:xok>");

	/* bytes lost inside a record */
	records[0] = '\0';
	len = frag(buf, "abcd", 1);
	recmark_feed(&rm, buf, 6, 4, 1);
	recmark_gap(&rm);
	recmark_feed(&rm, buf + 7, len - 7, 5, 1);   /* "d": not a header */
	len = frag(buf, "efg", 1);
	recmark_feed(&rm, buf, len, 6, 1);
	ck_assert_str_eq(records, "!bytes missing from the capture inside a record!<6:efg>");

	/* the stream ends inside a record */
	records[0] = '\0';
	recmark_feed(&rm, buf, 5, 7, 1);
	recmark_end(&rm);
	ck_assert_str_eq(records, "!the stream ended inside a record!");
	recmark_free(&rm);
}
END_TEST

int main(void)
{
	return unit_run(unit_suite("decode_stream", setup, teardown,
		UNIT_TESTS(in_order_and_syn, out_of_order_is_held_then_released, retransmissions_are_dropped,
		           gap_when_the_bounds_are_reached, snaplen_cut_and_capture_start,
		           fin_ends_and_end_of_capture_flushes, least_recently_used_is_evicted,
		           multi_fragment_records_byte_by_byte, oversize_gap_and_getting_back_in_step)));
}
