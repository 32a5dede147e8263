/* IPv6 (RFC 8200), with its extension headers walked as Wireshark shows
 * them: hop-by-hop and destination options (each option with its type
 * bits), routing and fragment headers, each a <proto> nested in ipv6's.
 * A fragment's payload is data (no reassembly); other payloads go to the
 * dispatch table by the last next-header value. */
#include "bytes.h"
#include "dissect.h"

enum {
	NH_HOPOPTS = 0, NH_ROUTING = 43, NH_FRAGMENT = 44, NH_DSTOPTS = 60,
	FRAG_HEADER_LEN = 8,
	OPT_PAD1 = 0, OPT_PADN = 1, OPT_ROUTER_ALERT = 5,
};

static const struct value_name option_names[] = {
	{ OPT_PAD1, "Pad1" }, { OPT_PADN, "PadN" }, { 4, "Tunnel Encapsulation Limit" },
	{ OPT_ROUTER_ALERT, "Router Alert" }, { 0xc2, "Jumbo Payload" }, { 0xc9, "Home Address" },
	{ 0, NULL },
};

static const struct value_name option_actions[] = {
	{ 0, "Skip and continue" }, { 1, "Discard datagram" },
	{ 2, "Discard and send ICMP Parameter Problem" },
	{ 3, "Discard and send ICMP if not multicast" },
	{ 0, NULL },
};

static const struct value_name router_alerts[] = {
	{ 0, "MLD" }, { 1, "RSVP" }, { 2, "Active Networks" },
	{ 0, NULL },
};

static const struct value_name routing_types[] = {
	{ 0, "Source Route" }, { 1, "Nimrod" }, { 2, "Type 2 Routing" },
	{ 3, "RPL Source Route" }, { 4, "Segment Routing" },
	{ 0, NULL },
};

static bool is_extension(uint8_t nh)
{
	return nh == NH_HOPOPTS || nh == NH_ROUTING || nh == NH_FRAGMENT || nh == NH_DSTOPTS;
}

static size_t ext_len(uint8_t nh, uint8_t lenbyte)
{
	return nh == NH_FRAGMENT ? FRAG_HEADER_LEN : ((size_t)lenbyte + 1) * 8;
}

/* The captured length of the chain of extension headers after the fixed
 * header, stopping at the first not wholly captured. */
static size_t chain_len(struct cursor *c, uint8_t nh)
{
	size_t off = IPV6_HEADER_LEN;
	uint8_t next, len;

	while (is_extension(nh) && cursor_peek_u8(c, off, &next) &&
		cursor_peek_u8(c, off + 1, &len) && cursor_have(c, off, ext_len(nh, len))) {
		off += ext_len(nh, len);
		nh = next;
	}
	c->fault = CURSOR_OK;
	return off;
}

static void write_tclass(struct pdml_buf *b, size_t pos, uint32_t word)
{
	unsigned tc = word >> 20 & 0xff;

	pdml_field_open(b, 2, "ipv6.tclass");
	pdml_bits(b, word, 0x0ff00000, 32);
	pdml_lit(b, " = Traffic Class: ");
	tos_summary(b, (uint8_t)tc);
	pdml_field_at(b, 4, pos);
	pdml_lit(b, "0x");
	pdml_hex(b, tc, 8);
	pdml_masked_value(b, tc, word, 8);
	pdml_field_close_open(b);
	tos_fields(b, "ipv6.tclass.dscp", "ipv6.tclass.ecn", pos, 4, word, 20, 32);
	pdml_field_end(b, 2);

	uint32_t flow = word & 0xfffff;
	pdml_field_open(b, 2, "ipv6.flow");
	pdml_bits(b, word & 0xffffff, 0x0fffff, 24);
	pdml_lit(b, " = Flow Label: 0x");
	pdml_hex(b, flow, 5);
	pdml_field_at(b, 3, pos + 1);
	pdml_lit(b, "0x");
	pdml_hex(b, flow, 6);
	pdml_masked_value(b, flow, word & 0xffffff, 6);
	pdml_field_close(b);
}

/* The length fields every extension header but the fragment header has. */
static void write_ext_len(struct pdml_buf *b, const char *proto, size_t pos, uint8_t len)
{
	char name[32];
	size_t n = strlen(proto);

	memcpy(name, proto, n);
	strcpy(name + n, ".len");
	field_uint(b, 3, name, "Length", pos, 1, len);
	strcpy(name + n, ".len_oct");
	pdml_field_open(b, 3, name);
	pdml_lit(b, "Length: ");
	pdml_u64(b, ((uint64_t)len + 1) * 8);
	pdml_lit(b, " bytes");
	pdml_field_at(b, 1, pos);
	pdml_u64(b, ((uint64_t)len + 1) * 8);
	pdml_field_value(b);
	pdml_hex(b, len, 2);
	pdml_field_close(b);
}

/* The TLV options of a hop-by-hop or destination options header. */
/* The options from pos to end, of which those before cap_end were
 * captured: an option cut short shows what it has, then the walk ends. */
static void write_options(struct pdml_buf *b, const uint8_t *frame, size_t pos, size_t end,
	size_t cap_end)
{
	while (pos < cap_end) {
		uint8_t type = frame[pos];
		size_t size = 1;
		/* Type and length are read together. */
		if (type != OPT_PAD1 && pos + 2 > cap_end)
			return;
		if (type != OPT_PAD1) {
			size = 2 + (size_t)frame[pos + 1];
			if (pos + size > end)
				return;
		}
		bool whole = pos + size <= cap_end && (type == OPT_PAD1 || pos + 2 <= cap_end);
		const char *name = value_name(option_names, type);
		pdml_field_open(b, 4, "ipv6.opt");
		pdml_str(b, name ? name : "Unknown IPv6 Option");
		pdml_field_at(b, whole ? size : cap_end - pos, pos);
		pdml_lit(b, "\" value=\"\">\n");
		pdml_field_open(b, 5, "ipv6.opt.type");
		pdml_lit(b, "Type: ");
		pdml_str(b, name ? name : "Unknown");
		pdml_lit(b, " (0x");
		pdml_hex(b, type, 2);
		pdml_putc(b, ')');
		pdml_field_at(b, 1, pos);
		pdml_lit(b, "0x");
		pdml_hex(b, type, 2);
		pdml_field_value(b);
		pdml_hex(b, type, 2);
		pdml_field_close_open(b);
		field_bits(b, 6, "ipv6.opt.type.action", "Action", pos, 1, type, 0xc0, 8, type >> 6, 0,
			value_name(option_actions, type >> 6), BITS_NAMED);
		field_bits(b, 6, "ipv6.opt.type.change", "May Change", pos, 1, type, 0x20, 8,
			type >> 5 & 1, 0, type & 0x20 ? "Yes" : "No", 0);
		pdml_field_open(b, 6, "ipv6.opt.type.rest");
		pdml_bits(b, type, 0x1f, 8);
		pdml_lit(b, " = Low-Order Bits: 0x");
		pdml_hex(b, type & 0x1f, 2);
		pdml_field_at(b, 1, pos);
		pdml_lit(b, "0x");
		pdml_hex(b, type & 0x1f, 2);
		pdml_masked_value(b, type & 0x1f, type, 2);
		pdml_field_close(b);
		pdml_field_end(b, 5);
		if (type != OPT_PAD1 && pos + 2 <= cap_end)
			field_uint(b, 5, "ipv6.opt.length", "Length", pos + 1, 1, frame[pos + 1]);
		if (type != OPT_PAD1 && whole) {
			size_t n = size - 2;
			if (type == OPT_PADN && n == 0) {
				field_text(b, 5, "ipv6.opt.padn", "PadN: &lt;none&gt;", pos + 2, "");
			} else if (type == OPT_PADN) {
				field_hexdump(b, 5, "ipv6.opt.padn", "PadN", pos + 2, frame + pos + 2, n);
			} else if (type == OPT_ROUTER_ALERT && n == 2) {
				unsigned v = load_be16(frame + pos + 2);
				field_uint_named(b, 5, "ipv6.opt.router_alert", "Router Alert", pos + 2, 2,
					v, value_name(router_alerts, v));
			}
		}
		pdml_field_end(b, 4);
		if (!whole)
			return;
		pos += size;
	}
}

/* What a fragment header says. */
struct fragment {
	bool present, more;
	unsigned offset;      /* in 8-byte units */
};

/* Wireshark reads the whole header before writing any of it. */
static void write_fraghdr(struct pdml_buf *b, size_t pos, const uint8_t *h, size_t avail,
	struct fragment *f)
{
	if (avail < FRAG_HEADER_LEN)
		return;
	field_hex(b, 3, "ipv6.fraghdr.reserved_octet", "Reserved octet", pos + 1, 1, h[1], "");
	uint16_t word = load_be16(h + 2);
	pdml_field_open(b, 3, "ipv6.fraghdr.offset");
	pdml_bits(b, word, 0xfff8, 16);
	pdml_lit(b, " = Offset: ");
	pdml_u64(b, word >> 3);
	pdml_lit(b, " (");
	pdml_u64(b, (word >> 3) * 8u);
	pdml_lit(b, " bytes)");
	pdml_field_at(b, 2, pos + 2);
	pdml_u64(b, word >> 3);
	pdml_masked_value(b, word >> 3, word, 4);
	pdml_field_close(b);
	field_bits(b, 3, "ipv6.fraghdr.reserved_bits", "Reserved bits", pos + 2, 2, word,
		0x0006, 16, word >> 1 & 3, 0, NULL, 0);
	field_bits(b, 3, "ipv6.fraghdr.more", "More Fragments", pos + 2, 2, word, 0x0001, 16,
		word & 1, 0, word & 1 ? "Yes" : "No", 0);
	f->present = (word & 0xfff9) != 0;
	f->more = word & 1;
	f->offset = word >> 3;
	uint32_t ident = load_be32(h + 4);
	field_hex(b, 3, "ipv6.fraghdr.ident", "Identification", pos + 4, 4, ident, "");
}

/* One extension header at pos, of which avail bytes were captured: the
 * fields that fit, as Wireshark shows a header cut short. */
static void write_extension(struct dissect *d, uint8_t nh, size_t pos, size_t avail,
	struct fragment *f)
{
	struct pdml_buf *b = d->b;
	const uint8_t *h = d->c.frame + pos;
	size_t len = nh == NH_FRAGMENT ? FRAG_HEADER_LEN : avail >= 2 ? ext_len(nh, h[1]) : avail;
	const char *proto = nh == NH_HOPOPTS ? "ipv6.hopopts" : nh == NH_ROUTING ? "ipv6.routing"
		: nh == NH_FRAGMENT ? "ipv6.fraghdr" : "ipv6.dstopts";
	char name[32];

	dissect_enter(d, proto, d->label);
	pdml_proto_open(b, 2, proto);
	if (nh == NH_ROUTING && avail >= 3) {
		const char *rt = value_name(routing_types, h[2]);
		pdml_lit(b, "Routing Header for IPv6 (");
		pdml_str(b, rt ? rt : "Unknown");
		pdml_putc(b, ')');
	} else {
		pdml_str(b, value_name(ipproto_names, nh));
	}
	pdml_proto_at(b, len < avail ? len : avail, pos);
	/* Next header and length are read together. */
	if (avail >= 2 && (nh != NH_FRAGMENT || avail >= FRAG_HEADER_LEN)) {
		size_t n = strlen(proto);
		memcpy(name, proto, n);
		strcpy(name + n, ".nxt");
		field_uint_named(b, 3, name, nh == NH_FRAGMENT ? "Next header" : "Next Header", pos, 1,
			h[0], value_name(ipproto_names, h[0]));
	}
	if (nh == NH_FRAGMENT) {
		write_fraghdr(b, pos, h, avail, f);
	} else if (avail >= 2) {
		write_ext_len(b, proto, pos + 1, h[1]);
		if (nh != NH_ROUTING)
			write_options(b, d->c.frame, pos + 2, pos + len, pos + (len < avail ? len : avail));
		else if (avail >= 3)
			field_uint_named(b, 3, "ipv6.routing.type", "Type", pos + 2, 1, h[2],
				value_name(routing_types, h[2]));
		if (nh == NH_ROUTING && avail >= 4)
			field_uint(b, 3, "ipv6.routing.segleft", "Segments Left", pos + 3, 1, h[3]);
	}
	pdml_proto_end(b, 2);
}

int ipv6_dissect(struct dissect *d)
{
	struct pdml_buf *b = d->b;
	struct cursor *c = &d->c;
	size_t start = c->pos;

	dissect_enter(d, "ipv6", "IPv6");
	/* Wireshark shows nothing of a fixed header it cannot read whole. */
	const uint8_t *h = cursor_bytes(c, IPV6_HEADER_LEN);
	if (h == NULL)
		return -1;
	uint32_t word = load_be32(h);
	uint16_t plen = load_be16(h + 4);
	uint8_t nh = h[6];
	c->pos = start;
	size_t size = chain_len(c, nh);
	c->pos = start + IPV6_HEADER_LEN;

	pdml_proto_open(b, 1, "ipv6");
	pdml_lit(b, "Internet Protocol Version 6, Src: ");
	pdml_ipv6(b, h + 8);
	pdml_lit(b, ", Dst: ");
	pdml_ipv6(b, h + 24);
	pdml_proto_at(b, size, start);
	field_bits(b, 2, "ipv6.version", "Version", start, 1, h[0], 0xf0, 8, h[0] >> 4, 0, NULL, 0);
	write_tclass(b, start, word);
	field_uint(b, 2, "ipv6.plen", "Payload Length", start + 4, 2, plen);
	field_uint_named(b, 2, "ipv6.nxt", "Next Header", start + 6, 1, nh,
		value_name(ipproto_names, nh));
	field_uint(b, 2, "ipv6.hlim", "Hop Limit", start + 7, 1, h[7]);
	field_ipv6(b, 2, "ipv6.src", "Source Address", start + 8, h + 8);
	field_ipv6(b, 2, "ipv6.dst", "Destination Address", start + 24, h + 24);
	/* A zero payload length is a jumbogram's: the link says how long. */
	if (plen != 0)
		cursor_limit(c, plen);
	struct fragment frag = { 0 };
	while (c->pos < start + size) {
		size_t pos = c->pos, len = ext_len(nh, c->frame[pos + 1]);
		write_extension(d, nh, pos, len, &frag);
		if (!cursor_skip(c, len)) {
			/* Captured, but beyond the payload length. */
			pdml_proto_end(b, 1);
			return -1;
		}
		nh = c->frame[pos];
	}
	if (is_extension(nh)) {
		/* One not wholly captured (or past the payload): as far as it goes. */
		write_extension(d, nh, c->pos, cursor_left(c), &frag);
		pdml_proto_end(b, 1);
		(void)cursor_have(c, 0, ext_len(nh, cursor_left(c) >= 2 ? c->frame[c->pos + 1] : 0));
		if (c->fault == CURSOR_OK)
			c->fault = CURSOR_SHORT;
		return -1;
	}
	pdml_proto_end(b, 1);
	d->ip_src = h + 8;
	d->ip_dst = h + 24;
	d->ip_alen = 16;
	if (d->sum.net_src == NULL) {
		d->sum.net_src = h + 8;
		d->sum.net_dst = h + 24;
		d->sum.net_alen = 16;
	}
	/* Fragments are data (Wireshark dissects a first IPv6 fragment only
	 * in the datagram it reassembles). */
	if (frag.present)
		return data_dissect(d);
	return dissect_next(d, BY_IPPROTO, nh);
}
