/* Unit tests of pcap2xml's memoised element text (memo.h): a site's text
 * is copied only for the very key it was written with, and the buffer
 * is left as the site's code would have left it. */
#include "unit.h"
#include <stdint.h>
#include <string.h>

#include "memo.h"
#include "pdml.h"

static struct pdml_buf b;
static struct memo m;

static void setup(void)
{
	pdml_buf_init(&b, 16, -1);
	memo_init(&m);
}

static void teardown(void)
{
	pdml_buf_free(&b);
	memo_free(&m);
}

/* A site writing "<v LABEL=N/>", keyed by n, the way a dissector does:
 * the code always runs (a raw write too) and counts its runs; returns
 * whether the text was copied. */
static int runs;

static bool site(struct memo *mm, unsigned n, const char *label)
{
	struct memo_key k = MEMO_KEY_INIT;

	memo_key_num(&k, n);
	bool hit = memo_begin(mm, &b, MEMO_ETH, &k);
	runs++;
	pdml_lit(&b, "<v ");
	pdml_str(&b, label);
	pdml_putc(&b, '=');
	pdml_u64(&b, n);
	pdml_lit(&b, "/>");
	memo_end(mm, &b, MEMO_ETH);
	return hit;
}

static const char *text(void)
{
	static char s[8192];
	ck_assert_uint_lt(b.len, sizeof(s));
	memcpy(s, b.data, b.len);
	s[b.len] = '\0';
	b.len = 0;
	return s;
}

START_TEST(same_key_copies_the_text)
{
	/* A new key is noted; the second time in a row the text is
	 * written and kept; from the third on it is copied. */
	ck_assert(!site(&m, 7, "a"));
	ck_assert_str_eq(text(), "<v a=7/>");
	ck_assert(!site(&m, 7, "b"));
	ck_assert_str_eq(text(), "<v b=7/>");
	/* The text kept, though the code wrote "c" (it stands for code
	 * whose text depends on the key only). */
	ck_assert(site(&m, 7, "c"));
	ck_assert_str_eq(text(), "<v b=7/>");
	ck_assert(site(&m, 7, "d"));
	ck_assert_str_eq(text(), "<v b=7/>");
	ck_assert_int_eq(runs, 4);
	ck_assert(!b.skip);
	/* Another key: written afresh, and the old one's text forgotten. */
	ck_assert(!site(&m, 8, "e"));
	ck_assert_str_eq(text(), "<v e=8/>");
	ck_assert(!site(&m, 7, "f"));
	ck_assert_str_eq(text(), "<v f=7/>");
	ck_assert_uint_eq(m.hits, 2);
	ck_assert_uint_eq(m.misses, 4);
}
END_TEST

START_TEST(text_after_what_came_before)
{
	pdml_lit(&b, "head ");
	ck_assert(!site(&m, 1, "x"));
	ck_assert(!site(&m, 1, "y"));
	pdml_lit(&b, " mid ");
	ck_assert(site(&m, 1, "z"));
	pdml_lit(&b, " tail");
	ck_assert_str_eq(text(), "head <v x=1/><v y=1/> mid <v y=1/> tail");
}
END_TEST

START_TEST(depth_is_part_of_the_key)
{
	ck_assert(!site(&m, 1, "x"));
	ck_assert(!site(&m, 1, "y"));
	b.nest = 1;
	ck_assert(!site(&m, 1, "z"));
	ck_assert(!site(&m, 1, "w"));
	ck_assert(site(&m, 1, "v"));
	ck_assert_str_eq(text(), "<v x=1/><v y=1/><v z=1/><v w=1/><v w=1/>");
	b.nest = 0;
}
END_TEST

START_TEST(nothing_when_not_wanted)
{
	/* No memo: the code writes every time. */
	ck_assert(!site(NULL, 1, "x"));
	ck_assert(!site(NULL, 1, "y"));
	ck_assert_str_eq(text(), "<v x=1/><v y=1/>");
	/* A buffer in skip mode: nothing written, nothing kept. */
	b.skip = true;
	ck_assert(!site(&m, 2, "x"));
	b.skip = false;
	ck_assert(!site(&m, 2, "y"));
	ck_assert_str_eq(text(), "<v y=2/>");
	/* A buffer written to a file (it may be flushed in the middle);
	 * room made first, so that nothing is written to that file here. */
	pdml_reserve(&b, 256);
	b.fd = 1;
	ck_assert(!site(&m, 3, "x"));
	b.fd = -1;
	ck_assert(!site(&m, 3, "y"));
	ck_assert_str_eq(text(), "<v x=3/><v y=3/>");
}
END_TEST

START_TEST(long_keys_and_texts_are_not_kept)
{
	struct memo_key k = MEMO_KEY_INIT;
	uint8_t bytes[MEMO_KEY_MAX + 1] = { 0 };

	memo_key_bytes(&k, bytes, sizeof(bytes));
	ck_assert_uint_gt(k.n, MEMO_KEY_MAX);
	for (int i = 0; i < 3; i++) {
		ck_assert(!memo_begin(&m, &b, MEMO_IP_HEAD, &k));
		pdml_lit(&b, "t");
		memo_end(&m, &b, MEMO_IP_HEAD);
	}
	ck_assert_str_eq(text(), "ttt");

	static char big[MEMO_TEXT_MAX + 1];
	memset(big, 'x', sizeof(big) - 1);
	k.n = 0;
	memo_key_num(&k, 1);
	for (int i = 0; i < 3; i++) {
		ck_assert(!memo_begin(&m, &b, MEMO_DATA, &k));
		pdml_put(&b, big, MEMO_TEXT_MAX + 1);
		memo_end(&m, &b, MEMO_DATA);
		ck_assert_uint_eq(b.len, MEMO_TEXT_MAX + 1);
		b.len = 0;
	}
}
END_TEST

int main(void)
{
	return unit_run(unit_suite("pcap2xml_memo", setup, teardown, UNIT_TESTS(
		same_key_copies_the_text, text_after_what_came_before, depth_is_part_of_the_key,
		nothing_when_not_wanted, long_keys_and_texts_are_not_kept)));
}
