/* What every dissector shares: the per-packet state, the dispatch table
 * that picks the next dissector, and the helpers that write Wireshark's
 * field shapes.
 *
 * A dissector writes its <proto> element into d->b from the cursor d->c
 * (reading only through cursor.h), closes it, and hands the rest of the
 * packet to the next dissector through dissect_next().  It returns 0, or
 * -1 when a read failed: the cursor then says whether the packet was cut
 * by the snapshot length or is malformed, and packet.c writes Wireshark's
 * "_ws.short" or "_ws.malformed" element naming d->label. */
#ifndef PCAP2XML_DISSECT_H
#define PCAP2XML_DISSECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "conv.h"
#include "cursor.h"
#include "memo.h"
#include "pdml.h"
#include "ptime.h"

#define DISSECT_MAX_PROTOS 16
/* Room for frame.protocols' text ("eth:ethertype:ip:tcp"). */
#define DISSECT_PROTOS_TEXT (DISSECT_MAX_PROTOS * 24)

/* What the one-line summary (-l) needs, noted by the dissectors as they
 * go: a few assignments per packet, read only by summary.c. */
struct summary {
	const uint8_t *mac_src, *mac_dst;  /* eth */
	const uint8_t *net_src, *net_dst;  /* the outermost IP header's */
	uint8_t net_alen;
	bool has_ports, is_tcp;
	uint16_t sport, dport;
	unsigned tcp_flags;
	uint32_t seq, ack, win, len;
	const char *what;                  /* icmp, icmpv6, arp: the message */
	const uint8_t *arp_spa, *arp_tpa, *arp_sha;
};

struct dissect {
	struct pdml_buf *b;        /* the packet's <proto> elements */
	struct cursor c;
	struct conv_table *conv;
	/* frame.protocols, in order ("eth", "ethertype", "ip", ...) */
	const char *protos[DISSECT_MAX_PROTOS];
	unsigned nprotos;
	/* The protocol being dissected, as Wireshark names it in "[Malformed
	 * Packet: IPv4]". */
	const char *label;
	/* Set by ip.c and ipv6.c for the transport dissectors: the
	 * addresses, of ip_alen bytes (4 or 16). */
	const uint8_t *ip_src, *ip_dst;
	uint8_t ip_alen;
	/* The packet's time, and in ns since the epoch (saturated). */
	struct ptime now;
	uint64_t now_ns;
	/* For times found in packets (ICMP echo data), kept across packets. */
	struct ptime_cache *time_cache;
	/* The thread's memoised element texts (memo.h), or NULL. */
	struct memo *memo;
	/* -s: payload fields (tcp.payload, udp.payload, data.data) left out. */
	bool no_payload;
	struct summary sum;
};

/* The memo a dissector uses, NULL when nothing is written. */
static inline struct memo *dissect_memo(const struct dissect *d)
{
	return d->b->skip ? NULL : d->memo;
}

/* Records that a protocol starts (frame.protocols, the fault label). */
void dissect_enter(struct dissect *d, const char *name, const char *label);

/* Header sizes, ethertypes and IP protocol numbers, one definition for
 * the dissectors, the dispatch table and track.c (which must read what
 * the dissectors read). */
enum {
	ETH_HEADER_LEN = 14,
	IP_MIN_HEADER = 20, IP_MF = 0x2000, IP_OFFMASK = 0x1fff,
	IPV6_HEADER_LEN = 40,
	TCP_MIN_HEADER = 20,
	UDP_HEADER_LEN = 8,
	ET_IPV4 = 0x0800, ET_IPV6 = 0x86dd,
	IPP_TCP = 6, IPP_UDP = 17,
};

enum dispatch_kind { BY_LINKTYPE, BY_ETHERTYPE, BY_IPPROTO };

struct dissector {
	/* Dissects at d->c.pos; returns 0 or -1 (see above). */
	int (*dissect)(struct dissect *d);
	/* For protocols carried in Ethernet: the length the protocol's own
	 * header says it has, so Ethernet can show what follows as padding.
	 * Returns 0 when it cannot tell (then the payload is everything). */
	size_t (*claimed_len)(struct cursor *c);
};

/* The one dispatch table: from a link type, ethertype or IP protocol to
 * its dissector, or NULL. */
const struct dissector *dispatch_find(enum dispatch_kind kind, unsigned value);

/* Hands the rest of the packet to the dissector for (kind, value), or to
 * "data" when there is none. */
int dissect_next(struct dissect *d, enum dispatch_kind kind, unsigned value);

/* Ends a link-layer header whose last field was ethertype `type`: writes
 * the padding up to Ethernet's 60-byte minimum and any trailer after the
 * payload's own length (trailer_name: "eth.trailer", "sll.trailer"),
 * closes the header's <proto> and dissects the payload. */
int ethertype_payload(struct dissect *d, uint16_t type, const char *trailer_name);

/* The dissectors, one file each. */
int eth_dissect(struct dissect *d);
int sll_dissect(struct dissect *d);
int sll2_dissect(struct dissect *d);
int null_dissect(struct dissect *d);
int loop_dissect(struct dissect *d);
int raw_dissect(struct dissect *d);
int vlan_dissect(struct dissect *d);
int ieee8021ad_dissect(struct dissect *d);
int arp_dissect(struct dissect *d);
size_t arp_claimed_len(struct cursor *c);
int ip_dissect(struct dissect *d);
int ipv6_dissect(struct dissect *d);
/* IPv4 and TCP options share their shape: kinds 0 (end of list) and 1
 * (no-operation) are one byte, the others kind, length, value.  The
 * length of the option at p, or 0 when it does not fit in n bytes. */
size_t tlv_option_len(const uint8_t *p, size_t n);
/* An option's field (depth 3) as IPv4 and TCP write it: name NAME,
 * showname PREFIX + TEXT, to which the caller may add; then
 * tlv_option_bytes ends the start tag with the option's len bytes at p
 * and the caller writes its children and pdml_field_end(b, 3). */
void tlv_option_open(struct pdml_buf *b, const char *name, const char *prefix,
	const char *text);
void tlv_option_bytes(struct pdml_buf *b, size_t pos, const uint8_t *p, size_t len);
/* Whether Wireshark's walk of the n option bytes at pos (looking for a
 * source route, whose last address it shows as ip.dst) stays within the
 * captured bytes; when not, it writes no ip.dst. */
bool ipopt_walkable(const uint8_t *frame, size_t pos, size_t n, size_t cap_end);
/* IPv4 options: the unnamed "Options" item and one child per option. */
void ipopt_write(struct pdml_buf *b, size_t pos, const uint8_t *opt, size_t n);
size_t ip_claimed_len(struct cursor *c);
int tcp_dissect(struct dissect *d);
int udp_dissect(struct dissect *d);

/* TCP options: the tcp.options field and one child per option.  SACK
 * edges are shown relative to sack_base (the peer's initial sequence
 * number) when relative; ack (as shown) tells D-SACK blocks. */
struct tcpopt_ctx {
	bool relative;
	uint32_t sack_base;
	uint32_t ack;
};
/* Wireshark's sequence analysis, reduced to what decides how a payload
 * is shown.  A segment carrying data (or SYN/FIN) below the highest
 * sequence number its sender reached, and not a keep-alive, is out of
 * order when it came within the initial RTT (3 ms before one is known) of
 * that high mark and a retransmission otherwise.  Updates the
 * conversation. */
/* The TCP conversation of a segment (src:sport to dst:dport, alen-byte
 * addresses, with the header's flags, sequence and acknowledgment
 * numbers), created if new, its directions' base sequence numbers learnt
 * as Wireshark learns them; *from is the sending endpoint. */
struct conv *tcpseq_conversation(struct conv_table *t, const uint8_t *src, const uint8_t *dst,
	uint8_t alen, uint16_t sport, uint16_t dport, unsigned flags, uint32_t seq, uint32_t ack,
	int *from);
enum tcpseq_kind { TCPSEQ_IN_ORDER, TCPSEQ_OUT_OF_ORDER, TCPSEQ_RETRANSMISSION };
enum tcpseq_kind tcpseq_analyze(struct conv *cv, int from, uint32_t seq, uint32_t payload,
	unsigned flags, uint64_t now_ns);
void tcpopt_write(struct pdml_buf *b, size_t pos, const uint8_t *opt, size_t n,
	const struct tcpopt_ctx *ctx);
/* Everything left in the cursor as Wireshark's top-level "data". */
int data_dissect(struct dissect *d);
/* Whether an IPv4 or IPv6 fragment's payload (more fragments follow,
 * offset in 8-byte units) is shown as data rather than dissected, as
 * Wireshark decides with reassembly on (pcap2xml does not reassemble). */
bool fragment_shown_as_data(const struct dissect *d, bool more, unsigned offset);
/* NAME ("tcp.payload") for the rest of the cursor, showname LABEL ("TCP
 * payload (") + "N bytes)"; nothing under -s. */
void field_payload(struct dissect *d, const char *name, const char *label);
/* The same as a "data" field at depth inside the current protocol. */
void data_field(struct dissect *d, int depth);
int icmp_dissect(struct dissect *d);
int icmpv6_dissect(struct dissect *d);
/* The packet an ICMP or ICMPv6 error quotes (IPv4 or IPv6 by ethertype),
 * dissected one level deeper; consumes the rest of the message. */
void icmp_quoted(struct dissect *d, unsigned ethertype);

/* Value-name tables. */
struct value_name {
	unsigned value;
	const char *name;
};
/* The name of value in a table ending with {0, NULL}, or NULL. */
const char *value_name(const struct value_name *table, unsigned value);
extern const struct value_name ethertype_names[];
extern const struct value_name ipproto_names[];
/* DSCP: long and short names; ECN: short and long, by the 2-bit value. */
extern const struct value_name dscp_names[], dscp_short[];
extern const char *const ecn_short[4], *const ecn_long[4];

/* Field shapes.  pos and size are the field's bytes in the frame; the
 * value attribute is the raw bytes in hex (2 * size digits).
 *
 * Each shape is a function taking its names as struct text (a string and
 * its length) and an inline wrapper taking C strings, so that the length
 * of a literal name or label is found where it is written, by the
 * compiler, not by strlen at run time. */
struct text {
	const char *s;
	size_t n;
};

static inline struct text text_of(const char *s)
{
	return (struct text){ s, strlen(s) };
}

void field_uint_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, size_t size, uint64_t v);
void field_uint_named_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, size_t size, uint64_t v, const char *vname);
void field_hex_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, size_t size, uint64_t v, struct text suffix);
void field_bits_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, size_t size, uint32_t raw, uint32_t mask, unsigned width,
	uint32_t v, unsigned hexdigits, const char *text, int flags);
void field_bytes_t(struct pdml_buf *b, int depth, struct text name, struct text showname,
	size_t pos, const uint8_t *p, size_t n);
void field_hexdump_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, const uint8_t *p, size_t n);
void field_text_t(struct pdml_buf *b, int depth, struct text name, struct text showname,
	size_t pos, struct text show);
void field_ipv4_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, const uint8_t *addr);
void field_gen_uint_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, uint64_t v);
void field_hdr_len_t(struct pdml_buf *b, int depth, struct text name, size_t pos,
	uint8_t raw, uint8_t mask);
void field_ethertype_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, uint16_t v);
void field_mac_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, const uint8_t *addr);
void field_ipv6_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, const uint8_t *addr);
void field_hex_named_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, size_t size, uint64_t v, const char *vname);

/* "LABEL: V", show V */
static inline void field_uint(struct pdml_buf *b, int depth, const char *name,
	const char *label, size_t pos, size_t size, uint64_t v)
{
	field_uint_t(b, depth, text_of(name), text_of(label), pos, size, v);
}
/* "LABEL: VNAME (V)", show V; VNAME "Unknown" when NULL */
static inline void field_uint_named(struct pdml_buf *b, int depth, const char *name,
	const char *label, size_t pos, size_t size, uint64_t v, const char *vname)
{
	field_uint_named_t(b, depth, text_of(name), text_of(label), pos, size, v, vname);
}
/* "LABEL: 0xV" + suffix, show 0xV with 2 * size digits */
static inline void field_hex(struct pdml_buf *b, int depth, const char *name,
	const char *label, size_t pos, size_t size, uint64_t v, const char *suffix)
{
	field_hex_t(b, depth, text_of(name), text_of(label), pos, size, v, text_of(suffix));
}
/* A bit field of a size-byte word raw: "BITS = LABEL: TEXT" (TEXT is v in
 * decimal when text is NULL, "TEXT (v)" with BITS_NAMED); show is v in
 * decimal, or in hex with hexdigits digits when hexdigits > 0; value is
 * v in hex, unmaskedvalue the word.  BITS_OPEN leaves the element open for
 * children (close it with pdml_field_end). */
enum { BITS_OPEN = 1, BITS_NAMED = 2 };
static inline void field_bits(struct pdml_buf *b, int depth, const char *name,
	const char *label, size_t pos, size_t size, uint32_t raw, uint32_t mask,
	unsigned width, uint32_t v, unsigned hexdigits, const char *text, int flags)
{
	field_bits_t(b, depth, text_of(name), text_of(label), pos, size, raw, mask, width, v,
		hexdigits, text, flags);
}
/* The rest of a start tag after the showname: size n, pos, show the n
 * bytes at p in hex with colons, value without; the caller closes it. */
void field_bytes_end(struct pdml_buf *b, size_t pos, const uint8_t *p, size_t n);
/* "PREFIX" + bytes; show is the bytes with colons, value without. */
static inline void field_bytes(struct pdml_buf *b, int depth, const char *name,
	const char *showname, size_t pos, const uint8_t *p, size_t n)
{
	field_bytes_t(b, depth, text_of(name), text_of(showname), pos, p, n);
}
/* "LABEL: 0a0b0c" (bytes in hex), show "0a:0b:0c": padding, trailers,
 * unused bytes. */
static inline void field_hexdump(struct pdml_buf *b, int depth, const char *name,
	const char *label, size_t pos, const uint8_t *p, size_t n)
{
	field_hexdump_t(b, depth, text_of(name), text_of(label), pos, p, n);
}
/* A generated field (size 0) with a fixed showname and show. */
static inline void field_text(struct pdml_buf *b, int depth, const char *name,
	const char *showname, size_t pos, const char *show)
{
	field_text_t(b, depth, text_of(name), text_of(showname), pos, text_of(show));
}
/* An IPv4 address: "LABEL: a.b.c.d" */
static inline void field_ipv4(struct pdml_buf *b, int depth, const char *name,
	const char *label, size_t pos, const uint8_t *addr)
{
	field_ipv4_t(b, depth, text_of(name), text_of(label), pos, addr);
}
/* The rest of an IPv4 address field after the showname: size 4, pos, show
 * a.b.c.d, value the bytes in hex; closed. */
void field_ipv4_end(struct pdml_buf *b, size_t pos, const uint8_t *addr);
/* A generated number (size 0, no value): "LABEL: V" */
static inline void field_gen_uint(struct pdml_buf *b, int depth, const char *name,
	const char *label, size_t pos, uint64_t v)
{
	field_gen_uint_t(b, depth, text_of(name), text_of(label), pos, v);
}
/* A header length nibble of byte raw under mask, in 32-bit words:
 * "BITS = Header Length: N bytes (W)", show N, value the byte. */
static inline void field_hdr_len(struct pdml_buf *b, int depth, const char *name, size_t pos,
	uint8_t raw, uint8_t mask)
{
	field_hdr_len_t(b, depth, text_of(name), pos, raw, mask);
}
/* An ethertype: "LABEL: NAME (0xVVVV)", show 0xVVVV. */
static inline void field_ethertype(struct pdml_buf *b, int depth, const char *name,
	const char *label, size_t pos, uint16_t v)
{
	field_ethertype_t(b, depth, text_of(name), text_of(label), pos, v);
}
/* A MAC address: "LABEL: aa:..:ff (aa:..:ff)" (no name resolution) */
static inline void field_mac(struct pdml_buf *b, int depth, const char *name,
	const char *label, size_t pos, const uint8_t *addr)
{
	field_mac_t(b, depth, text_of(name), text_of(label), pos, addr);
}

/* The Internet checksum: add bytes (a 16-bit big-endian sum, folded),
 * then complement. */
uint32_t cksum_add(uint32_t sum, const uint8_t *p, size_t n);
uint16_t cksum_finish(uint32_t sum);
/* PROTO.checksum and PROTO.checksum.status as Wireshark writes them for a
 * checksum it verifies: "[correct]", "incorrect, should be 0x..." (with
 * its expert item), or "[unverified]" when the bytes were not all
 * captured (verified = 0). */
void field_checksum(struct pdml_buf *b, int depth, const char *proto, size_t pos,
	uint16_t value, int verified, uint16_t computed);
/* An IPv4 TOS or IPv6 traffic class: "0xTT (DSCP: CS0, ECN: Not-ECT)". */
void tos_summary(struct pdml_buf *b, uint8_t tos);
/* Its DSCP and ECN bit fields (depth 3), the TOS byte being bits
 * shift..shift+7 of raw, a width-bit word of size bytes. */
void tos_fields(struct pdml_buf *b, const char *dscp_name, const char *ecn_name, size_t pos,
	size_t size, uint32_t raw, unsigned shift, unsigned width);
/* An IPv6 address: "LABEL: 2001:db8::1" */
static inline void field_ipv6(struct pdml_buf *b, int depth, const char *name,
	const char *label, size_t pos, const uint8_t *addr)
{
	field_ipv6_t(b, depth, text_of(name), text_of(label), pos, addr);
}
/* A named value shown in hex: "LABEL: NAME (0xVV)", show 0xVV. */
static inline void field_hex_named(struct pdml_buf *b, int depth, const char *name,
	const char *label, size_t pos, size_t size, uint64_t v, const char *vname)
{
	field_hex_named_t(b, depth, text_of(name), text_of(label), pos, size, v, vname);
}

#endif
