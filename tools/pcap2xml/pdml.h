/* pcap2xml's own PDML writer: the hot path.  Text is appended to one big
 * buffer (fixed fragments copied, numbers formatted by hand, no stdio) and
 * written with write(2) when it fills.  A buffer without a file descriptor
 * only grows; pcap2xml dissects each packet into one such buffer so the
 * frame summary (which names the protocols found) can be written first.
 *
 * Element helpers write Wireshark's layout: two spaces of indent per
 * level, attributes in tshark's order.  A field is written in pieces:
 *
 *   pdml_field_open(b, depth, "ip.ttl");      <field name="ip.ttl" showname="
 *   ...showname text...
 *   pdml_field_at(b, size, pos);              " size="1" pos="22" show="
 *   ...show text...
 *   pdml_field_value(b);                      " value="
 *   ...value text...
 *   pdml_field_close(b);                      "/>
 *
 * Only text that can hold markup characters needs pdml_escaped(); numbers,
 * addresses and hex never do.
 *
 * Underneath are the fmt_* kernels, which write at a pointer with no
 * check: numbers from a table of digit pairs, hex from a table of byte
 * pairs, bit pictures a nibble at a time, short copies inline.  A shape
 * that writes a whole element (fields.c, packet.c) reserves room for all
 * of it once with pdml_room(), chains the kernels, and ends with
 * pdml_done(): one buffer check per element instead of one per piece. */
#ifndef PCAP2XML_PDML_H
#define PCAP2XML_PDML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct pdml_buf {
	char *data;
	size_t len;
	size_t cap;
	int fd;        /* where pdml_flush() writes; -1: memory only */
	int error;     /* errno of the first failed write, 0 if none */
	/* Added to every depth: a packet quoted inside another (the one an
	 * ICMP error carries) is written one level deeper. */
	int nest;
	/* The text is not wanted (a packet dissected only for the state it
	 * leaves, conversations and times, or text memo.h copied): the
	 * element helpers, the field shapes and the pdml_* writers return at
	 * once, formatting nothing.  (Code that writes at pdml_room()
	 * itself checks skip first.) */
	bool skip;
};

/* Exits 1 when out of memory, like every other allocation here. */
void pdml_buf_init(struct pdml_buf *b, size_t cap, int fd);
void pdml_buf_free(struct pdml_buf *b);

/* Makes room for n more bytes: flushes a file buffer, grows a memory one
 * (or a file buffer asked for more than its size). */
void pdml_reserve_slow(struct pdml_buf *b, size_t n);

static inline void pdml_reserve(struct pdml_buf *b, size_t n)
{
	if (b->cap - b->len < n)
		pdml_reserve_slow(b, n);
}

static inline void pdml_put(struct pdml_buf *b, const void *s, size_t n)
{
	if (b->skip)
		return;
	pdml_reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
}

static inline void pdml_putc(struct pdml_buf *b, char ch)
{
	if (b->skip)
		return;
	pdml_reserve(b, 1);
	b->data[b->len++] = ch;
}

/* A string literal, its length known at compile time. */
#define pdml_lit(b, s) pdml_put((b), "" s, sizeof(s) - 1)

static inline void pdml_str(struct pdml_buf *b, const char *s)
{
	pdml_put(b, s, strlen(s));
}

/* Writes the whole buffer out; returns 0, or -1 with b->error set. */
int pdml_flush(struct pdml_buf *b);
/* The same to fd, for a memory buffer written out when its turn comes. */
int pdml_write_to(struct pdml_buf *b, int fd);

/* The formatting kernels: each writes at o, which has room for the
 * longest result (the PDML_*_MAX below), and returns the end.  The
 * pdml_* functions reserve that room once and call them; a shape that
 * writes several pieces reserves their sum once (pdml_room) and chains
 * them, so the hot path checks the buffer once per field. */
enum {
	PDML_U64_MAX = 20,      /* decimal digits of UINT64_MAX */
	PDML_HEX_MAX = 16,
	PDML_IPV4_MAX = 15,
	PDML_MAC_MAX = 17,
	PDML_BITS_MAX = 40,     /* 32 bits and 7 spaces */
};
char *fmt_u64_long(char *o, uint64_t v);
extern const char pdml_dec2[200];   /* "00" to "99" */

/* Most numbers in a packet (sizes, positions, ports, lengths) are small:
 * those are written inline from a table of digit pairs. */
static inline char *fmt_u64(char *o, uint64_t v)
{
	if (v < 10) {
		*o = (char)('0' + v);
		return o + 1;
	}
	if (v < 100) {
		memcpy(o, pdml_dec2 + 2 * v, 2);
		return o + 2;
	}
	return fmt_u64_long(o, v);
}
/* Lower-case hex, zero-padded to at least digits (at most PDML_HEX_MAX;
 * 0: no padding). */
char *fmt_hex(char *o, uint64_t v, unsigned digits);
char *fmt_frac9(char *o, uint32_t ns);
char *fmt_hexbytes(char *o, const uint8_t *p, size_t n, char sep);
char *fmt_ipv4(char *o, const uint8_t *addr);
char *fmt_bits(char *o, uint32_t v, uint32_t mask, unsigned width);

/* The free space at the end of the buffer, at least n bytes; pdml_done
 * then says where the text written there ends. */
static inline char *pdml_room(struct pdml_buf *b, size_t n)
{
	pdml_reserve(b, n);
	return b->data + b->len;
}

static inline void pdml_done(struct pdml_buf *b, char *end)
{
	b->len = (size_t)(end - b->data);
}

/* Copies a string literal (its length known at compile time) to o. */
#define fmt_lit(o, s) ((char *)memcpy((o), "" s, sizeof(s) - 1) + sizeof(s) - 1)

/* n bytes of s: short copies (names, labels) with two overlapping
 * fixed-size moves, which the compiler inlines, longer ones by memcpy. */
static inline char *fmt_mem(char *o, const void *s, size_t n)
{
	const char *p = s;

	if (n >= 16 && n <= 32) {
		memcpy(o, p, 16);
		memcpy(o + n - 16, p + n - 16, 16);
	} else if (n >= 8 && n < 16) {
		memcpy(o, p, 8);
		memcpy(o + n - 8, p + n - 8, 8);
	} else if (n >= 4 && n < 8) {
		memcpy(o, p, 4);
		memcpy(o + n - 4, p + n - 4, 4);
	} else if (n < 4) {
		for (size_t i = 0; i < n; i++)
			o[i] = p[i];
	} else {
		memcpy(o, p, n);
	}
	return o + n;
}

/* Numbers, without stdio. */
static inline void pdml_u64(struct pdml_buf *b, uint64_t v)
{
	if (b->skip)
		return;
	pdml_done(b, fmt_u64(pdml_room(b, PDML_U64_MAX), v));
}
/* Lower-case hex, zero-padded to at least digits (0 = no padding). */
static inline void pdml_hex(struct pdml_buf *b, uint64_t v, unsigned digits)
{
	if (b->skip)
		return;
	pdml_done(b, fmt_hex(pdml_room(b, PDML_HEX_MAX), v, digits));
}
/* Exactly nine decimal digits: the fraction of a nanosecond timestamp. */
static inline void pdml_frac9(struct pdml_buf *b, uint32_t ns)
{
	if (b->skip)
		return;
	pdml_done(b, fmt_frac9(pdml_room(b, 9), ns));
}
/* Bytes as hex, each byte separated by sep when sep is not 0. */
void pdml_hexbytes(struct pdml_buf *b, const uint8_t *p, size_t n, char sep);
/* "a.b.c.d" */
static inline void pdml_ipv4(struct pdml_buf *b, const uint8_t *addr)
{
	if (b->skip)
		return;
	pdml_done(b, fmt_ipv4(pdml_room(b, PDML_IPV4_MAX + 1), addr));
}
/* An IPv6 address as Wireshark (and inet_ntop) writes it: RFC 5952. */
void pdml_ipv6(struct pdml_buf *b, const uint8_t *addr);
/* "aa:bb:cc:dd:ee:ff" */
static inline void pdml_mac(struct pdml_buf *b, const uint8_t *addr)
{
	if (b->skip)
		return;
	pdml_done(b, fmt_hexbytes(pdml_room(b, PDML_MAC_MAX + 1), addr, 6, ':'));
}
/* "sss.nnnnnnnnn", with a minus sign for negative durations. */
void pdml_seconds(struct pdml_buf *b, int64_t ns);
/* The same from a sign, seconds and nanoseconds. */
void pdml_sec_nsec(struct pdml_buf *b, bool negative, uint64_t sec, uint32_t nsec);
/* XML-escapes & < > " ' (as Wireshark does: &amp; &lt; &gt; &quot; &#x27;);
 * control characters but tab and newline (XML 1.0 cannot hold most of them,
 * and a carriage return does not survive an attribute) become '.', and
 * bytes that are not UTF-8 U+FFFD, so any string (a file name, a pcapng
 * interface name) makes well-formed UTF-8 XML. */
void pdml_escaped(struct pdml_buf *b, const char *s, size_t n);
/* Wireshark's bit picture: width bits of v, the ones outside mask as '.',
 * grouped by four ("0100 ....", "...0 0000 0000 0011"). */
static inline void pdml_bits(struct pdml_buf *b, uint32_t v, uint32_t mask, unsigned width)
{
	if (b->skip)
		return;
	pdml_done(b, fmt_bits(pdml_room(b, PDML_BITS_MAX), v, mask, width));
}

/* The length of the well-formed UTF-8 sequence at s (of n bytes), or 0. */
size_t utf8_sequence_len(const unsigned char *s, size_t n);

/* Elements. */
enum {
	PDML_INDENT_MAX = 40,
	/* The fixed text of an element's start: indent, tag, attributes. */
	PDML_OPEN_MAX = PDML_INDENT_MAX + 32,
	/* " size="S" pos="P" show=" */
	PDML_AT_MAX = 2 * PDML_U64_MAX + 24,
};
extern const char pdml_spaces[PDML_INDENT_MAX + 1];

static inline char *fmt_indent(const struct pdml_buf *b, char *o, int depth)
{
	size_t n = (size_t)(depth + b->nest) * 2;

	if (n > PDML_INDENT_MAX)
		n = PDML_INDENT_MAX;
	return fmt_mem(o, pdml_spaces, n);
}

/* INDENT<field name="NAME" showname=" (n: NAME's length): at most
 * PDML_OPEN_MAX + n bytes. */
static inline char *fmt_field_open(const struct pdml_buf *b, char *o, int depth,
	const char *name, size_t n)
{
	o = fmt_indent(b, o, depth);
	o = fmt_lit(o, "<field name=\"");
	o = fmt_mem(o, name, n);
	return fmt_lit(o, "\" showname=\"");
}

/* " size="S" pos="P */
static inline char *fmt_size_pos(char *o, size_t size, size_t pos)
{
	o = fmt_lit(o, "\" size=\"");
	o = fmt_u64(o, size);
	o = fmt_lit(o, "\" pos=\"");
	return fmt_u64(o, pos);
}

/* " size="S" pos="P" show=" */
static inline char *fmt_field_at(char *o, size_t size, size_t pos)
{
	return fmt_lit(fmt_size_pos(o, size, pos), "\" show=\"");
}

void pdml_indent(struct pdml_buf *b, int depth);
void pdml_field_open_n(struct pdml_buf *b, int depth, const char *name, size_t n);
/* Inline, so that a literal name's length is known where it is called. */
static inline void pdml_field_open(struct pdml_buf *b, int depth, const char *name)
{
	pdml_field_open_n(b, depth, name, strlen(name));
}
void pdml_field_at(struct pdml_buf *b, size_t size, size_t pos);
static inline void pdml_field_value(struct pdml_buf *b) { pdml_lit(b, "\" value=\""); }
/* The value of a field masked out of a wider word, and the word:
 * " value="V" unmaskedvalue="RAW (RAW in rawdigits hex digits). */
static inline void pdml_masked_value(struct pdml_buf *b, uint64_t v, uint64_t raw, unsigned rawdigits)
{
	pdml_field_value(b);
	pdml_hex(b, v, 0);
	pdml_lit(b, "\" unmaskedvalue=\"");
	pdml_hex(b, raw, rawdigits);
}
static inline void pdml_field_close(struct pdml_buf *b) { pdml_lit(b, "\"/>\n"); }
/* Ends the start tag of a field that has children. */
static inline void pdml_field_close_open(struct pdml_buf *b) { pdml_lit(b, "\">\n"); }
void pdml_field_end(struct pdml_buf *b, int depth);
/* <proto name="NAME" showname="   (then the showname, then pdml_proto_at) */
void pdml_proto_open_n(struct pdml_buf *b, int depth, const char *name, size_t n);
static inline void pdml_proto_open(struct pdml_buf *b, int depth, const char *name)
{
	pdml_proto_open_n(b, depth, name, strlen(name));
}
/* " size="S" pos="P">  */
void pdml_proto_at(struct pdml_buf *b, size_t size, size_t pos);
void pdml_proto_end(struct pdml_buf *b, int depth);

#endif
