#include "pdml.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <string.h>

#include "err.h"

void pdml_buf_init(struct pdml_buf *b, size_t cap, int fd)
{
	b->data = malloc(cap);
	if (b->data == NULL)
		errx_(EXIT_FAIL, "out of memory");
	b->len = 0;
	b->cap = cap;
	b->fd = fd;
	b->error = 0;
	b->nest = 0;
	b->skip = false;
}

void pdml_buf_free(struct pdml_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int pdml_flush(struct pdml_buf *b)
{
	if (b->fd < 0)
		return 0;
	return pdml_write_to(b, b->fd);
}

int pdml_write_to(struct pdml_buf *b, int fd)
{
	size_t done = 0;

	while (done < b->len && b->error == 0) {
		ssize_t n = write(fd, b->data + done, b->len - done);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			b->error = errno;
		} else {
			done += (size_t)n;
		}
	}
	/* After a failed write the rest is dropped; the caller sees
	 * b->error at its next flush and stops. */
	b->len = 0;
	return b->error ? -1 : 0;
}

void pdml_reserve_slow(struct pdml_buf *b, size_t n)
{
	if (b->fd >= 0 && b->len > 0) {
		(void)pdml_flush(b);
		if (b->cap - b->len >= n)
			return;
	}
	size_t cap = b->cap ? b->cap : 4096;
	while (cap - b->len < n) {
		if (cap > SIZE_MAX / 2)
			errx_(EXIT_FAIL, "out of memory");
		cap *= 2;
	}
	char *p = realloc(b->data, cap);
	if (p == NULL)
		errx_(EXIT_FAIL, "out of memory");
	b->data = p;
	b->cap = cap;
}

/* "00" to "99", and each byte's two hex digits. */
const char pdml_dec2[200] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";
static const char hexdigit[16] = "0123456789abcdef";
#define HEX2(h) h "0" h "1" h "2" h "3" h "4" h "5" h "6" h "7" \
	h "8" h "9" h "a" h "b" h "c" h "d" h "e" h "f"
static const char hex2[512] =
	HEX2("0") HEX2("1") HEX2("2") HEX2("3") HEX2("4") HEX2("5") HEX2("6") HEX2("7")
	HEX2("8") HEX2("9") HEX2("a") HEX2("b") HEX2("c") HEX2("d") HEX2("e") HEX2("f");

static inline unsigned dec_digits32(uint32_t v)
{
	if (v < 100000)
		return v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : 5;
	return v < 1000000 ? 6 : v < 10000000 ? 7 : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
}

/* The n digits of v (n at least its length), ending at e. */
static inline void dec_fill(char *e, uint32_t v, unsigned n)
{
	while (n >= 2) {
		e -= 2;
		memcpy(e, pdml_dec2 + 2 * (v % 100), 2);
		v /= 100;
		n -= 2;
	}
	if (n)
		e[-1] = (char)('0' + v % 10);
}

static inline char *fmt_u32(char *o, uint32_t v)
{
	unsigned n = dec_digits32(v);
	dec_fill(o + n, v, n);
	return o + n;
}

char *fmt_u64_long(char *o, uint64_t v)
{
	if (v <= UINT32_MAX)
		return fmt_u32(o, (uint32_t)v);
	/* Split into 32-bit pieces of nine digits from the right. */
	uint32_t lo = (uint32_t)(v % 1000000000u);
	v /= 1000000000u;
	if (v <= UINT32_MAX) {
		o = fmt_u32(o, (uint32_t)v);
	} else {
		uint32_t mid = (uint32_t)(v % 1000000000u);
		o = fmt_u32(o, (uint32_t)(v / 1000000000u));
		dec_fill(o + 9, mid, 9);
		o += 9;
	}
	dec_fill(o + 9, lo, 9);
	return o + 9;
}

char *fmt_hex(char *o, uint64_t v, unsigned digits)
{
	unsigned n = v ? (unsigned)(67 - __builtin_clzll(v)) / 4 : 1;
	if (digits > PDML_HEX_MAX)
		digits = PDML_HEX_MAX;
	if (n < digits)
		n = digits;
	char *e = o + n, *p = e;
	for (unsigned i = n; i >= 2; i -= 2) {
		p -= 2;
		memcpy(p, hex2 + 2 * (v & 0xff), 2);
		v >>= 8;
	}
	if (p > o)
		*o = hexdigit[v & 0xf];
	return e;
}

char *fmt_frac9(char *o, uint32_t ns)
{
	dec_fill(o + 9, ns, 9);
	return o + 9;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Four bytes (the first the lowest) as eight hex digits, the first the
 * lowest byte, by arithmetic on one 64-bit word: each nibble to its own
 * byte, then to its digit. */
static inline uint64_t hex8(uint32_t x)
{
	uint64_t t = (uint64_t)(x & 0xff) | (uint64_t)(x & 0xff00) << 8 |
		(uint64_t)(x & 0xff0000) << 16 | (uint64_t)(x & 0xff000000u) << 24;
	/* The high nibble of byte i to byte 2i, the low one to byte 2i + 1. */
	uint64_t y = (t >> 4 & 0x000f000f000f000fu) | (t & 0x000f000f000f000fu) << 8;
	uint64_t letters = (y + 0x0606060606060606u) >> 4 & 0x0101010101010101u;
	return y + 0x3030303030303030u + letters * ('a' - '0' - 10);
}
#endif

char *fmt_hexbytes(char *o, const uint8_t *p, size_t n, char sep)
{
	if (n == 0)
		return o;
	if (sep == 0) {
		size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		/* (hex8's digits are in memory order on a little-endian host) */
		for (; i + 4 <= n; i += 4, o += 8) {
			uint32_t x = (uint32_t)p[i] | (uint32_t)p[i + 1] << 8 |
				(uint32_t)p[i + 2] << 16 | (uint32_t)p[i + 3] << 24;
			uint64_t digits = hex8(x);
			memcpy(o, &digits, 8);
		}
#endif
		for (; i < n; i++, o += 2)
			memcpy(o, hex2 + 2 * p[i], 2);
		return o;
	}
	for (size_t i = 0; i < n; i++, o += 3) {
		memcpy(o, hex2 + 2 * p[i], 2);
		o[2] = sep;
	}
	return o - 1;
}

void pdml_hexbytes(struct pdml_buf *b, const uint8_t *p, size_t n, char sep)
{
	if (b->skip)
		return;
	pdml_done(b, fmt_hexbytes(pdml_room(b, n * 3), p, n, sep));
}

char *fmt_ipv4(char *o, const uint8_t *addr)
{
	for (int i = 0; i < 4; i++) {
		unsigned v = addr[i];
		if (v >= 100) {
			*o++ = (char)('0' + v / 100);
			memcpy(o, pdml_dec2 + 2 * (v % 100), 2);
			o += 2;
		} else if (v >= 10) {
			memcpy(o, pdml_dec2 + 2 * v, 2);
			o += 2;
		} else {
			*o++ = (char)('0' + v);
		}
		*o++ = '.';
	}
	return o - 1;
}

/* Four bits of the picture by (mask nibble << 4 | value nibble). */
static const char nibble_pictures[256 * 4 + 1] =
	"................................................................"
	"...0...1...0...1...0...1...0...1...0...1...0...1...0...1...0...1"
	"..0...0...1...1...0...0...1...1...0...0...1...1...0...0...1...1."
	"..00..01..10..11..00..01..10..11..00..01..10..11..00..01..10..11"
	".0...0...0...0...1...1...1...1...0...0...0...0...1...1...1...1.."
	".0.0.0.1.0.0.0.1.1.0.1.1.1.0.1.1.0.0.0.1.0.0.0.1.1.0.1.1.1.0.1.1"
	".00..00..01..01..10..10..11..11..00..00..01..01..10..10..11..11."
	".000.001.010.011.100.101.110.111.000.001.010.011.100.101.110.111"
	"0...0...0...0...0...0...0...0...1...1...1...1...1...1...1...1..."
	"0..00..10..00..10..00..10..00..11..01..11..01..11..01..11..01..1"
	"0.0.0.0.0.1.0.1.0.0.0.0.0.1.0.1.1.0.1.0.1.1.1.1.1.0.1.0.1.1.1.1."
	"0.000.010.100.110.000.010.100.111.001.011.101.111.001.011.101.11"
	"00..00..00..00..01..01..01..01..10..10..10..10..11..11..11..11.."
	"00.000.100.000.101.001.101.001.110.010.110.010.111.011.111.011.1"
	"000.000.001.001.010.010.011.011.100.100.101.101.110.110.111.111."
	"0000000100100011010001010110011110001001101010111100110111101111";

char *fmt_bits(char *o, uint32_t v, uint32_t mask, unsigned width)
{
	unsigned left = width > 32 ? 32 : width;

	/* Groups of four from the most significant bit, each but the first
	 * after a space; the last may be shorter. */
	for (; left >= 4; left -= 4) {
		unsigned i = (mask >> (left - 4) & 0xf) << 4 | (v >> (left - 4) & 0xf);
		memcpy(o, nibble_pictures + 4 * i, 4);
		o[4] = ' ';
		o += 5;
	}
	for (unsigned bit = left; bit-- > 0;)
		*o++ = mask >> bit & 1 ? (char)('0' + (v >> bit & 1)) : '.';
	/* No space after a last whole group. */
	if (left == 0 && width > 0)
		o--;
	return o;
}

void pdml_seconds(struct pdml_buf *b, int64_t ns)
{
	uint64_t mag;

	if (ns < 0) {
		pdml_putc(b, '-');
		mag = (uint64_t)0 - (uint64_t)ns;  /* INT64_MIN too */
	} else {
		mag = (uint64_t)ns;
	}
	pdml_sec_nsec(b, false, mag / 1000000000u, (uint32_t)(mag % 1000000000u));
}

void pdml_sec_nsec(struct pdml_buf *b, bool negative, uint64_t sec, uint32_t nsec)
{
	if (b->skip)
		return;
	char *o = pdml_room(b, 1 + PDML_U64_MAX + 1 + 9);

	*o = '-';
	o = fmt_u64(o + negative, sec);
	*o++ = '.';
	pdml_done(b, fmt_frac9(o, nsec));
}

size_t utf8_sequence_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	unsigned char lo = 0x80, hi = 0xbf;   /* the second byte's range */

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0;
	/* No overlong forms, surrogates or code points past U+10FFFF. */
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

void pdml_escaped(struct pdml_buf *b, const char *s, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		const char *rep;
		size_t replen;

		if (ch >= 0x80) {
			size_t len = utf8_sequence_len((const unsigned char *)s + i, n - i);
			if (len > 0) {
				i += len - 1;
				continue;
			}
			rep = "\xef\xbf\xbd";   /* U+FFFD for a byte that is not UTF-8 */
			replen = 3;
			pdml_put(b, s + start, i - start);
			pdml_put(b, rep, replen);
			start = i + 1;
			continue;
		}
		switch (ch) {
		case '&': rep = "&amp;"; replen = 5; break;
		case '<': rep = "&lt;"; replen = 4; break;
		case '>': rep = "&gt;"; replen = 4; break;
		case '"': rep = "&quot;"; replen = 6; break;
		case '\'': rep = "&#x27;"; replen = 6; break;
		default:
			/* A carriage return would not survive an attribute
			 * value (parsers turn it into a space) and is not
			 * text the fuzz target's check lets through. */
			if (ch >= 0x20 || ch == '\t' || ch == '\n')
				continue;
			rep = ".";
			replen = 1;
			break;
		}
		pdml_put(b, s + start, i - start);
		pdml_put(b, rep, replen);
		start = i + 1;
	}
	pdml_put(b, s + start, n - start);
}

const char pdml_spaces[PDML_INDENT_MAX + 1] = "                                        ";

void pdml_indent(struct pdml_buf *b, int depth)
{
	if (b->skip)
		return;
	pdml_done(b, fmt_indent(b, pdml_room(b, PDML_INDENT_MAX), depth));
}

void pdml_field_open_n(struct pdml_buf *b, int depth, const char *name, size_t n)
{
	if (b->skip)
		return;
	pdml_done(b, fmt_field_open(b, pdml_room(b, PDML_OPEN_MAX + n), depth, name, n));
}

void pdml_field_at(struct pdml_buf *b, size_t size, size_t pos)
{
	if (b->skip)
		return;
	pdml_done(b, fmt_field_at(pdml_room(b, PDML_AT_MAX), size, pos));
}

void pdml_field_end(struct pdml_buf *b, int depth)
{
	if (b->skip)
		return;
	char *o = fmt_indent(b, pdml_room(b, PDML_INDENT_MAX + 16), depth);
	pdml_done(b, fmt_lit(o, "</field>\n"));
}

void pdml_proto_open_n(struct pdml_buf *b, int depth, const char *name, size_t n)
{
	if (b->skip)
		return;
	char *o = fmt_indent(b, pdml_room(b, PDML_OPEN_MAX + n), depth);

	o = fmt_lit(o, "<proto name=\"");
	o = fmt_mem(o, name, n);
	pdml_done(b, fmt_lit(o, "\" showname=\""));
}

void pdml_proto_at(struct pdml_buf *b, size_t size, size_t pos)
{
	if (b->skip)
		return;
	char *o = pdml_room(b, PDML_AT_MAX);

	pdml_done(b, fmt_lit(fmt_size_pos(o, size, pos), "\">\n"));
}

void pdml_proto_end(struct pdml_buf *b, int depth)
{
	if (b->skip)
		return;
	char *o = fmt_indent(b, pdml_room(b, PDML_INDENT_MAX + 16), depth);
	pdml_done(b, fmt_lit(o, "</proto>\n"));
}

void pdml_ipv6(struct pdml_buf *b, const uint8_t *addr)
{
	char text[INET6_ADDRSTRLEN];

	if (b->skip)
		return;
	if (inet_ntop(AF_INET6, addr, text, sizeof(text)) == NULL)
		text[0] = '\0';
	pdml_str(b, text);
}
