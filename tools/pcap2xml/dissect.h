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

#include <stddef.h>
#include <stdint.h>

#include "conv.h"
#include "cursor.h"
#include "pdml.h"

#define DISSECT_MAX_PROTOS 16

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
	/* Set by ip.c for the transport dissectors. */
	const uint8_t *ip_src, *ip_dst;
};

/* Records that a protocol starts (frame.protocols, the fault label). */
void dissect_enter(struct dissect *d, const char *name, const char *label);

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

/* The dissectors, one file each. */
int eth_dissect(struct dissect *d);
int arp_dissect(struct dissect *d);
size_t arp_claimed_len(struct cursor *c);
int ip_dissect(struct dissect *d);
size_t ip_claimed_len(struct cursor *c);
int tcp_dissect(struct dissect *d);
int udp_dissect(struct dissect *d);
/* Everything left in the cursor as Wireshark's top-level "data". */
int data_dissect(struct dissect *d);

/* Value-name tables. */
struct value_name {
	unsigned value;
	const char *name;
};
/* The name of value in a table ending with {0, NULL}, or NULL. */
const char *value_name(const struct value_name *table, unsigned value);
extern const struct value_name ethertype_names[];
extern const struct value_name ipproto_names[];

/* Field shapes.  pos and size are the field's bytes in the frame; the
 * value attribute is the raw bytes in hex (2 * size digits). */

/* "LABEL: V", show V */
void field_uint(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, size_t size, uint64_t v);
/* "LABEL: VNAME (V)", show V; VNAME "Unknown" when NULL */
void field_uint_named(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, size_t size, uint64_t v, const char *vname);
/* "LABEL: 0xV" + suffix, show 0xV with 2 * size digits */
void field_hex(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, size_t size, uint64_t v, const char *suffix);
/* A bit field of a size-byte word raw: "BITS = LABEL: TEXT" (TEXT is v in
 * decimal when text is NULL, "TEXT (v)" with BITS_NAMED); show is v in
 * decimal, or in hex with hexdigits digits when hexdigits > 0; value is
 * v in hex, unmaskedvalue the word.  BITS_OPEN leaves the element open for
 * children (close it with pdml_field_end). */
enum { BITS_OPEN = 1, BITS_NAMED = 2 };
void field_bits(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, size_t size, uint32_t raw, uint32_t mask, unsigned width,
	uint32_t v, unsigned hexdigits, const char *text, int flags);
/* "PREFIX" + bytes; show is the bytes with colons, value without. */
void field_bytes(struct pdml_buf *b, int depth, const char *name, const char *showname,
	size_t pos, const uint8_t *p, size_t n);
/* A generated field (size 0) with a fixed showname and show. */
void field_text(struct pdml_buf *b, int depth, const char *name, const char *showname,
	size_t pos, const char *show);
/* An IPv4 address: "LABEL: a.b.c.d" */
void field_ipv4(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, const uint8_t *addr);
/* A generated number (size 0, no value): "LABEL: V" */
void field_gen_uint(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, uint64_t v);
/* A header length nibble of byte raw under mask, in 32-bit words:
 * "BITS = Header Length: N bytes (W)", show N, value the byte. */
void field_hdr_len(struct pdml_buf *b, int depth, const char *name, size_t pos,
	uint8_t raw, uint8_t mask);
/* An ethertype: "LABEL: NAME (0xVVVV)", show 0xVVVV. */
void field_ethertype(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, uint16_t v);
/* A MAC address: "LABEL: aa:..:ff (aa:..:ff)" (no name resolution) */
void field_mac(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, const uint8_t *addr);

#endif
