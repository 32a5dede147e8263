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
 * addresses and hex never do. */
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
	pdml_reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
}

static inline void pdml_putc(struct pdml_buf *b, char ch)
{
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

/* Numbers, without stdio. */
void pdml_u64(struct pdml_buf *b, uint64_t v);
/* Lower-case hex, zero-padded to at least digits (0 = no padding). */
void pdml_hex(struct pdml_buf *b, uint64_t v, unsigned digits);
/* Exactly nine decimal digits: the fraction of a nanosecond timestamp. */
void pdml_frac9(struct pdml_buf *b, uint32_t ns);
/* Bytes as hex, each byte separated by sep when sep is not 0. */
void pdml_hexbytes(struct pdml_buf *b, const uint8_t *p, size_t n, char sep);
/* "a.b.c.d" */
void pdml_ipv4(struct pdml_buf *b, const uint8_t *addr);
/* An IPv6 address as Wireshark (and inet_ntop) writes it: RFC 5952. */
void pdml_ipv6(struct pdml_buf *b, const uint8_t *addr);
/* "aa:bb:cc:dd:ee:ff" */
void pdml_mac(struct pdml_buf *b, const uint8_t *addr);
/* "sss.nnnnnnnnn", with a minus sign for negative durations. */
void pdml_seconds(struct pdml_buf *b, int64_t ns);
/* The same from a sign, seconds and nanoseconds. */
void pdml_sec_nsec(struct pdml_buf *b, bool negative, uint64_t sec, uint32_t nsec);
/* XML-escapes & < > " ' (as Wireshark does: &amp; &lt; &gt; &quot; &#x27;);
 * other control characters, which XML 1.0 cannot hold, become '.', and
 * bytes that are not UTF-8 U+FFFD, so any string (a file name, a pcapng
 * interface name) makes well-formed UTF-8 XML. */
void pdml_escaped(struct pdml_buf *b, const char *s, size_t n);
/* Wireshark's bit picture: width bits of v, the ones outside mask as '.',
 * grouped by four ("0100 ....", "...0 0000 0000 0011"). */
void pdml_bits(struct pdml_buf *b, uint32_t v, uint32_t mask, unsigned width);

/* The length of the well-formed UTF-8 sequence at s (of n bytes), or 0. */
size_t utf8_sequence_len(const unsigned char *s, size_t n);

/* Elements. */
void pdml_indent(struct pdml_buf *b, int depth);
void pdml_field_open(struct pdml_buf *b, int depth, const char *name);
void pdml_field_at(struct pdml_buf *b, size_t size, size_t pos);
static inline void pdml_field_value(struct pdml_buf *b) { pdml_lit(b, "\" value=\""); }
static inline void pdml_field_close(struct pdml_buf *b) { pdml_lit(b, "\"/>\n"); }
/* Ends the start tag of a field that has children. */
static inline void pdml_field_close_open(struct pdml_buf *b) { pdml_lit(b, "\">\n"); }
void pdml_field_end(struct pdml_buf *b, int depth);
/* <proto name="NAME" showname="   (then the showname, then pdml_proto_at) */
void pdml_proto_open(struct pdml_buf *b, int depth, const char *name);
/* " size="S" pos="P">  */
void pdml_proto_at(struct pdml_buf *b, size_t size, size_t pos);
void pdml_proto_end(struct pdml_buf *b, int depth);

#endif
