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
}

void pdml_buf_free(struct pdml_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int pdml_flush(struct pdml_buf *b)
{
	size_t done = 0;

	if (b->fd < 0)
		return 0;
	while (done < b->len && b->error == 0) {
		ssize_t n = write(b->fd, b->data + done, b->len - done);
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

void pdml_u64(struct pdml_buf *b, uint64_t v)
{
	char tmp[20];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	pdml_put(b, tmp + i, sizeof(tmp) - i);
}

static const char hexdigit[16] = "0123456789abcdef";

void pdml_hex(struct pdml_buf *b, uint64_t v, unsigned digits)
{
	char tmp[16];
	size_t i = sizeof(tmp);

	if (digits > sizeof(tmp))
		digits = sizeof(tmp);
	do {
		tmp[--i] = hexdigit[v & 0xf];
		v >>= 4;
	} while (v != 0);
	while (sizeof(tmp) - i < digits)
		tmp[--i] = '0';
	pdml_put(b, tmp + i, sizeof(tmp) - i);
}

void pdml_frac9(struct pdml_buf *b, uint32_t ns)
{
	char tmp[9];

	for (int i = 8; i >= 0; i--) {
		tmp[i] = (char)('0' + ns % 10);
		ns /= 10;
	}
	pdml_put(b, tmp, sizeof(tmp));
}

void pdml_hexbytes(struct pdml_buf *b, const uint8_t *p, size_t n, char sep)
{
	if (n == 0)
		return;
	pdml_reserve(b, n * 3);
	char *o = b->data + b->len;
	for (size_t i = 0; i < n; i++) {
		if (sep && i > 0)
			*o++ = sep;
		*o++ = hexdigit[p[i] >> 4];
		*o++ = hexdigit[p[i] & 0xf];
	}
	b->len = (size_t)(o - b->data);
}

void pdml_ipv4(struct pdml_buf *b, const uint8_t *addr)
{
	for (int i = 0; i < 4; i++) {
		if (i > 0)
			pdml_putc(b, '.');
		pdml_u64(b, addr[i]);
	}
}

void pdml_mac(struct pdml_buf *b, const uint8_t *addr)
{
	pdml_hexbytes(b, addr, 6, ':');
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
	if (negative)
		pdml_putc(b, '-');
	pdml_u64(b, sec);
	pdml_putc(b, '.');
	pdml_frac9(b, nsec);
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
			if (ch >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r')
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

void pdml_bits(struct pdml_buf *b, uint32_t v, uint32_t mask, unsigned width)
{
	for (unsigned i = 0; i < width; i++) {
		unsigned bit = width - 1 - i;
		if (i > 0 && i % 4 == 0)
			pdml_putc(b, ' ');
		if (mask >> bit & 1)
			pdml_putc(b, (v >> bit & 1) ? '1' : '0');
		else
			pdml_putc(b, '.');
	}
}

static const char spaces[] = "                                        ";

void pdml_indent(struct pdml_buf *b, int depth)
{
	size_t n = (size_t)(depth + b->nest) * 2;

	if (n > sizeof(spaces) - 1)
		n = sizeof(spaces) - 1;
	pdml_put(b, spaces, n);
}

void pdml_field_open(struct pdml_buf *b, int depth, const char *name)
{
	pdml_indent(b, depth);
	pdml_lit(b, "<field name=\"");
	pdml_str(b, name);
	pdml_lit(b, "\" showname=\"");
}

void pdml_field_at(struct pdml_buf *b, size_t size, size_t pos)
{
	pdml_lit(b, "\" size=\"");
	pdml_u64(b, size);
	pdml_lit(b, "\" pos=\"");
	pdml_u64(b, pos);
	pdml_lit(b, "\" show=\"");
}

void pdml_field_end(struct pdml_buf *b, int depth)
{
	pdml_indent(b, depth);
	pdml_lit(b, "</field>\n");
}

void pdml_proto_open(struct pdml_buf *b, int depth, const char *name)
{
	pdml_indent(b, depth);
	pdml_lit(b, "<proto name=\"");
	pdml_str(b, name);
	pdml_lit(b, "\" showname=\"");
}

void pdml_proto_at(struct pdml_buf *b, size_t size, size_t pos)
{
	pdml_lit(b, "\" size=\"");
	pdml_u64(b, size);
	pdml_lit(b, "\" pos=\"");
	pdml_u64(b, pos);
	pdml_lit(b, "\">\n");
}

void pdml_proto_end(struct pdml_buf *b, int depth)
{
	pdml_indent(b, depth);
	pdml_lit(b, "</proto>\n");
}

void pdml_ipv6(struct pdml_buf *b, const uint8_t *addr)
{
	char text[INET6_ADDRSTRLEN];

	if (inet_ntop(AF_INET6, addr, text, sizeof(text)) == NULL)
		text[0] = '\0';
	pdml_str(b, text);
}
