/* Unit tests of pcap2xml's PDML writer: number formatting, escaping,
 * buffering. */
#include "unit.h"
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>

#include "pdml.h"

static struct pdml_buf b;

static void setup(void) { pdml_buf_init(&b, 8, -1); }
static void teardown(void) { pdml_buf_free(&b); }

/* The buffer's text so far, then empties it. */
static const char *text(void)
{
	static char s[4096];
	ck_assert_uint_lt(b.len, sizeof(s));
	memcpy(s, b.data, b.len);
	s[b.len] = '\0';
	b.len = 0;
	return s;
}

START_TEST(decimal_numbers)
{
	pdml_u64(&b, 0);
	ck_assert_str_eq(text(), "0");
	pdml_u64(&b, 1700000000);
	ck_assert_str_eq(text(), "1700000000");
	pdml_u64(&b, UINT64_MAX);
	ck_assert_str_eq(text(), "18446744073709551615");
}
END_TEST

START_TEST(hex_numbers)
{
	pdml_hex(&b, 0x4a, 0);
	ck_assert_str_eq(text(), "4a");
	pdml_hex(&b, 0, 0);
	ck_assert_str_eq(text(), "0");
	pdml_hex(&b, 0x800, 4);
	ck_assert_str_eq(text(), "0800");
	pdml_hex(&b, 0x12345, 4);
	ck_assert_str_eq(text(), "12345");
	pdml_hex(&b, UINT64_MAX, 0);
	ck_assert_str_eq(text(), "ffffffffffffffff");
	static const uint8_t bytes[] = { 0x00, 0xab, 0x0f };
	pdml_hexbytes(&b, bytes, 3, ':');
	ck_assert_str_eq(text(), "00:ab:0f");
	pdml_hexbytes(&b, bytes, 3, 0);
	ck_assert_str_eq(text(), "00ab0f");
	pdml_hexbytes(&b, bytes, 0, ':');
	ck_assert_str_eq(text(), "");
}
END_TEST

START_TEST(times_and_addresses)
{
	pdml_frac9(&b, 124456000);
	ck_assert_str_eq(text(), "124456000");
	pdml_frac9(&b, 5);
	ck_assert_str_eq(text(), "000000005");
	pdml_seconds(&b, 1004148000);
	ck_assert_str_eq(text(), "1.004148000");
	pdml_seconds(&b, -1000000);
	ck_assert_str_eq(text(), "-0.001000000");
	pdml_seconds(&b, INT64_MIN);
	ck_assert_str_eq(text(), "-9223372036.854775808");
	static const uint8_t ip[4] = { 198, 18, 0, 255 };
	pdml_ipv4(&b, ip);
	ck_assert_str_eq(text(), "198.18.0.255");
	static const uint8_t mac[6] = { 2, 0, 0xc6, 0x12, 0, 1 };
	pdml_mac(&b, mac);
	ck_assert_str_eq(text(), "02:00:c6:12:00:01");
}
END_TEST

START_TEST(escaping)
{
	const char *s = "a&b<c>d\"e'f";
	pdml_escaped(&b, s, strlen(s));
	ck_assert_str_eq(text(), "a&amp;b&lt;c&gt;d&quot;e&#x27;f");
	pdml_escaped(&b, "plain", 5);
	ck_assert_str_eq(text(), "plain");
	/* Control characters XML cannot hold become dots; tab stays. */
	pdml_escaped(&b, "x\001y\tz", 5);
	ck_assert_str_eq(text(), "x.y\tz");
	/* A carriage return too (an interface name the fuzzer made). */
	pdml_escaped(&b, "a\rb\nc", 5);
	ck_assert_str_eq(text(), "a.b\nc");
	/* UTF-8 passes through. */
	pdml_escaped(&b, "\xc2\xb7", 2);
	ck_assert_str_eq(text(), "\xc2\xb7");
	pdml_escaped(&b, "&", 1);
	ck_assert_str_eq(text(), "&amp;");
	/* Bytes that are not UTF-8 become U+FFFD, one each: stray
	 * continuations, a sequence cut short, overlong forms, surrogates. */
	pdml_escaped(&b, "a\xff\x80" "b\xe2\x82", 6);
	ck_assert_str_eq(text(), "a\xef\xbf\xbd\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd");
	pdml_escaped(&b, "\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80", 9);
	ck_assert_uint_eq(strlen(text()), 9 * 3);
	pdml_escaped(&b, "\xe2\x82\xac\xf0\x9f\x98\x80", 7);
	ck_assert_str_eq(text(), "\xe2\x82\xac\xf0\x9f\x98\x80");
}
END_TEST

START_TEST(bit_pictures)
{
	pdml_bits(&b, 0x45, 0xf0, 8);
	ck_assert_str_eq(text(), "0100 ....");
	pdml_bits(&b, 0x0003, 0x1fff, 16);
	ck_assert_str_eq(text(), "...0 0000 0000 0011");
	pdml_bits(&b, 0x018, 0x010, 12);
	ck_assert_str_eq(text(), ".... ...1 ....");
}
END_TEST

/* The reference for the bit pictures: one bit at a time. */
static void bits_reference(char *s, uint32_t v, uint32_t mask, unsigned width)
{
	for (unsigned i = 0; i < width; i++) {
		unsigned bit = width - 1 - i;
		if (i > 0 && i % 4 == 0)
			*s++ = ' ';
		*s++ = mask >> bit & 1 ? (char)('0' + (v >> bit & 1)) : '.';
	}
	*s = '\0';
}

/* A kernel's text, written into a heap block of exactly its documented
 * maximum (so AddressSanitizer sees a write past it) and NUL-terminated. */
static char out[64];
#define KERNEL(max, call) do { \
		char *o_ = malloc(max); \
		ck_assert_ptr_nonnull(o_); \
		char *o = o_; \
		char *e_ = (call); \
		ck_assert(e_ >= o_ && e_ <= o_ + (max)); \
		memcpy(out, o_, (size_t)(e_ - o_)); \
		out[e_ - o_] = '\0'; \
		free(o_); \
	} while (0)

/* The table-driven kernels against snprintf and the bit-by-bit
 * reference, at every digit count's edges and on pseudo-random values. */
START_TEST(kernels_match_references)
{
	char want[64];
	uint64_t x = 0x9e3779b97f4a7c15u;

	for (int i = 0; i < 20000; i++) {
		uint64_t v;
		if (i < 64 * 3) {
			/* 2^k - 1, 2^k, 10^k - 1 and 10^k (as far as they fit) */
			unsigned k = (unsigned)i / 3;
			uint64_t p10 = 1;
			for (unsigned j = 0; j < k % 20; j++)
				p10 *= 10;
			v = i % 3 == 0 ? ((uint64_t)1 << k) - 1 : i % 3 == 1 ? (uint64_t)1 << k : p10 - 1;
		} else {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			v = x >> (x & 63);
		}
		KERNEL(PDML_U64_MAX, fmt_u64(o, v));
		snprintf(want, sizeof(want), "%" PRIu64, v);
		ck_assert_str_eq(out, want);
		unsigned digits = (unsigned)i % 17;
		KERNEL(PDML_HEX_MAX, fmt_hex(o, v, digits));
		snprintf(want, sizeof(want), "%0*" PRIx64, (int)digits, v);
		ck_assert_str_eq(out, want);
		KERNEL(9, fmt_frac9(o, (uint32_t)(v % 1000000000u)));
		snprintf(want, sizeof(want), "%09" PRIu32, (uint32_t)(v % 1000000000u));
		ck_assert_str_eq(out, want);
		unsigned width = (unsigned)i % 33;
		KERNEL(PDML_BITS_MAX, fmt_bits(o, (uint32_t)v, (uint32_t)(v >> 32), width));
		bits_reference(want, (uint32_t)v, (uint32_t)(v >> 32), width);
		ck_assert_str_eq(out, want);
		uint8_t a[6];
		memcpy(a, &v, 6);
		KERNEL(PDML_IPV4_MAX + 1, fmt_ipv4(o, a));
		snprintf(want, sizeof(want), "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
		ck_assert_str_eq(out, want);
		KERNEL(PDML_MAC_MAX + 1, fmt_hexbytes(o, a, 6, ':'));
		snprintf(want, sizeof(want), "%02x:%02x:%02x:%02x:%02x:%02x",
			a[0], a[1], a[2], a[3], a[4], a[5]);
		ck_assert_str_eq(out, want);
	}
	/* Bytes in hex, without separator, of every length around the
	 * four-byte steps. */
	static const uint8_t bytes[] = { 0x00, 0x9f, 0xa0, 0xff, 0x12, 0xab, 0xcd, 0xef, 0x0a, 0x50 };
	for (size_t n = 0; n <= sizeof(bytes); n++) {
		char *w = want;
		for (size_t i = 0; i < n; i++)
			w += snprintf(w, 3, "%02x", bytes[i]);
		*w = '\0';
		KERNEL(2 * n + 1, fmt_hexbytes(o, bytes, n, 0));
		ck_assert_str_eq(out, want);
	}
	/* Copies of every length up to past the inline ones. */
	static const char src[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ";
	for (size_t n = 0; n < sizeof(src); n++) {
		KERNEL(n ? n : 1, fmt_mem(o, src, n));
		ck_assert_uint_eq(strlen(out), n);
		ck_assert(memcmp(out, src, n) == 0);
	}
}
END_TEST

START_TEST(elements)
{
	pdml_field_open(&b, 2, "ip.ttl");
	pdml_lit(&b, "Time to Live: 64");
	pdml_field_at(&b, 1, 22);
	pdml_u64(&b, 64);
	pdml_field_value(&b);
	pdml_hex(&b, 64, 2);
	pdml_field_close(&b);
	ck_assert_str_eq(text(),
		"    <field name=\"ip.ttl\" showname=\"Time to Live: 64\" size=\"1\" pos=\"22\" show=\"64\" value=\"40\"/>\n");
}
END_TEST

START_TEST(grows_and_flushes)
{
	char big[3000];
	memset(big, 'x', sizeof(big));
	pdml_put(&b, big, sizeof(big));
	ck_assert_uint_eq(b.len, sizeof(big));

	/* A file buffer writes out when full and keeps every byte in order. */
	FILE *tmp = tmpfile();
	ck_assert_ptr_nonnull(tmp);
	struct pdml_buf f;
	pdml_buf_init(&f, 16, fileno(tmp));
	for (int i = 0; i < 1000; i++) {
		pdml_u64(&f, (uint64_t)i);
		pdml_putc(&f, '\n');
	}
	ck_assert_int_eq(pdml_flush(&f), 0);
	pdml_buf_free(&f);
	rewind(tmp);
	char line[32];
	for (int i = 0; i < 1000; i++) {
		ck_assert_ptr_nonnull(fgets(line, sizeof(line), tmp));
		ck_assert_int_eq(atoi(line), i);
	}
	ck_assert_ptr_null(fgets(line, sizeof(line), tmp));
	fclose(tmp);
}
END_TEST

START_TEST(reports_write_errors)
{
	int fds[2];
	ck_assert_int_eq(pipe(fds), 0);
	close(fds[0]);
	signal(SIGPIPE, SIG_IGN);
	struct pdml_buf f;
	pdml_buf_init(&f, 16, fds[1]);
	pdml_lit(&f, "lost");
	ck_assert_int_eq(pdml_flush(&f), -1);
	ck_assert_int_ne(f.error, 0);
	pdml_buf_free(&f);
	close(fds[1]);
}
END_TEST

int main(void)
{
	return unit_run(unit_suite("pcap2xml_pdml", setup, teardown, UNIT_TESTS(
		decimal_numbers,
		hex_numbers,
		times_and_addresses,
		escaping,
		bit_pictures,
		kernels_match_references,
		elements,
		grows_and_flushes,
		reports_write_errors)));
}
