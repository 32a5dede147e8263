/* ICMPv6 (RFC 4443) and neighbour discovery (RFC 4861): type, code,
 * checksum (verified over the IPv6 pseudo-header, as Wireshark does),
 * echo identifier and sequence, neighbour solicitation and advertisement
 * with their options, router solicitation, and the packet an error
 * quotes.  Other message bodies are not broken down. */
#include "bytes.h"
#include "dissect.h"

enum {
	ICMP6_DST_UNREACH = 1, ICMP6_PACKET_TOO_BIG = 2, ICMP6_TIME_EXCEEDED = 3,
	ICMP6_PARAM_PROB = 4, ICMP6_ECHO_REQUEST = 128, ICMP6_ECHO_REPLY = 129,
	ND_ROUTER_SOLICIT = 133, ND_NEIGHBOR_SOLICIT = 135, ND_NEIGHBOR_ADVERT = 136,
	MLDV2_REPORT = 143,
};

static const struct value_name type_names[] = {
	{ 1, "Destination Unreachable" }, { 2, "Packet Too Big" }, { 3, "Time Exceeded" },
	{ 4, "Parameter Problem" }, { 128, "Echo (ping) request" }, { 129, "Echo (ping) reply" },
	{ 130, "Multicast Listener Query" }, { 131, "Multicast Listener Report" },
	{ 132, "Multicast Listener Done" }, { 133, "Router Solicitation" },
	{ 134, "Router Advertisement" }, { 135, "Neighbor Solicitation" },
	{ 136, "Neighbor Advertisement" }, { 137, "Redirect" },
	{ 143, "Multicast Listener Report Message v2" },
	{ 0, NULL },
};

static const struct value_name unreach_codes[] = {
	{ 0, "no route to destination" }, { 1, "communication with destination administratively prohibited" },
	{ 2, "beyond scope of source address" }, { 3, "address unreachable" },
	{ 4, "port unreachable" }, { 5, "source address failed ingress/egress policy" },
	{ 6, "reject route to destination" },
	{ 0, NULL },
};

static const struct value_name option_names[] = {
	{ 1, "Source link-layer address" }, { 2, "Target link-layer address" },
	{ 3, "Prefix information" }, { 4, "Redirected header" }, { 5, "MTU" },
	{ 0, NULL },
};

static void write_options(struct pdml_buf *b, const uint8_t *frame, size_t pos, size_t end)
{
	while (end - pos >= 2) {
		uint8_t type = frame[pos], len = frame[pos + 1];
		size_t size = (size_t)len * 8;
		if (len == 0 || size > end - pos)
			return;
		const char *name = value_name(option_names, type);
		bool linkaddr = (type == 1 || type == 2) && size == 8;
		pdml_field_open(b, 2, "icmpv6.opt");
		pdml_lit(b, "ICMPv6 Option (");
		pdml_str(b, name ? name : "Unknown");
		if (linkaddr) {
			pdml_lit(b, " : ");
			pdml_mac(b, frame + pos + 2);
		}
		pdml_putc(b, ')');
		pdml_field_at(b, size, pos);
		pdml_lit(b, "\" value=\"\">\n");
		field_uint_named(b, 3, "icmpv6.opt.type", "Type", pos, 1, type, name);
		pdml_field_open(b, 3, "icmpv6.opt.length");
		pdml_lit(b, "Length: ");
		pdml_u64(b, len);
		pdml_lit(b, " (");
		pdml_u64(b, size);
		pdml_lit(b, " bytes)");
		pdml_field_at(b, 1, pos + 1);
		pdml_u64(b, len);
		pdml_field_value(b);
		pdml_hex(b, len, 2);
		pdml_field_close(b);
		if (linkaddr)
			field_mac(b, 3, "icmpv6.opt.linkaddr", "Link-layer address", pos + 2, frame + pos + 2);
		pdml_field_end(b, 2);
		pos += size;
	}
}

static void write_na_flags(struct pdml_buf *b, size_t pos, const uint8_t *p)
{
	uint32_t w = load_be32(p);
	static const char *const names[3] = { "Router", "Solicited", "Override" };
	static const char *const fields[3] = {
		"icmpv6.nd.na.flag.r", "icmpv6.nd.na.flag.s", "icmpv6.nd.na.flag.o",
	};

	pdml_field_open(b, 2, "icmpv6.nd.na.flag");
	pdml_lit(b, "Flags: 0x");
	pdml_hex(b, w, 8);
	for (int i = 0; i < 3; i++) {
		if (w & (0x80000000u >> i)) {
			pdml_lit(b, ", ");
			pdml_str(b, names[i]);
		}
	}
	pdml_field_at(b, 4, pos);
	pdml_lit(b, "0x");
	pdml_hex(b, w, 8);
	pdml_field_value(b);
	pdml_hex(b, w, 8);
	pdml_field_close_open(b);
	for (int i = 0; i < 3; i++) {
		uint32_t bit = 0x80000000u >> i;
		field_bits(b, 3, fields[i], names[i], pos, 4, w, bit, 32, (w & bit) != 0, 0,
			w & bit ? "Set" : "Not set", 0);
	}
	field_bits(b, 3, "icmpv6.nd.na.flag.rsv", "Reserved", pos, 4, w, 0x1fffffff, 32,
		w & 0x1fffffff, 0, NULL, 0);
	pdml_field_end(b, 2);
}

int icmpv6_dissect(struct dissect *d)
{
	struct pdml_buf *b = d->b;
	struct cursor *c = &d->c;
	size_t start = c->pos;
	uint8_t type, code;
	uint16_t sum;

	dissect_enter(d, "icmpv6", "ICMPv6");
	if (!cursor_peek_u8(c, 0, &type))
		return -1;
	if (!cursor_peek_u8(c, 1, &code) || !cursor_peek_be16(c, 2, &sum)) {
		/* Type and code as far as they were captured. */
		pdml_proto_open(b, 1, "icmpv6");
		pdml_lit(b, "Internet Control Message Protocol v6");
		pdml_proto_at(b, cursor_left(c), start);
		field_uint_named(b, 2, "icmpv6.type", "Type", start, 1, type, value_name(type_names, type));
		if (cursor_left(c) >= 2)
			field_uint(b, 2, "icmpv6.code", "Code", start + 1, 1, c->frame[start + 1]);
		pdml_proto_end(b, 1);
		return -1;
	}
	size_t n = cursor_left(c);
	bool whole = n == cursor_reported_left(c) && d->ip_alen == 16;
	uint16_t computed = 0;
	if (whole) {
		uint8_t pseudo[8] = { (uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8),
			(uint8_t)n, 0, 0, 0, 58 };
		uint32_t s = cksum_add(0, d->ip_src, 16);
		s = cksum_add(s, d->ip_dst, 16);
		s = cksum_add(s, pseudo, 8);
		s = cksum_add(s, c->frame + start, 2);
		computed = cksum_finish(cksum_add(s, c->frame + start + 4, n - 4));
	}

	pdml_proto_open(b, 1, "icmpv6");
	pdml_lit(b, "Internet Control Message Protocol v6");
	pdml_proto_at(b, n, start);
	d->sum.what = value_name(type_names, type);
	field_uint_named(b, 2, "icmpv6.type", "Type", start, 1, type, d->sum.what);
	if (type == ICMP6_DST_UNREACH)
		field_uint_named(b, 2, "icmpv6.code", "Code", start + 1, 1, code,
			value_name(unreach_codes, code));
	else
		field_uint(b, 2, "icmpv6.code", "Code", start + 1, 1, code);
	field_checksum(b, 2, "icmpv6", start + 2, sum, whole, computed);
	(void)cursor_skip(c, 4);

	int rc = 0;
	const uint8_t *p;
	size_t end = c->pos + cursor_left(c);
	switch (type) {
	case ICMP6_ECHO_REQUEST:
	case ICMP6_ECHO_REPLY:
		if ((p = cursor_bytes(c, 2)) == NULL) {
			rc = -1;
			break;
		}
		field_hex(b, 2, "icmpv6.echo.identifier", "Identifier", start + 4, 2,
			load_be16(p), "");
		if ((p = cursor_bytes(c, 2)) == NULL) {
			rc = -1;
			break;
		}
		field_uint(b, 2, "icmpv6.echo.sequence_number", "Sequence", start + 6, 2,
			load_be16(p));
		data_field(d, 2);
		break;
	case ND_ROUTER_SOLICIT:
	case ND_NEIGHBOR_SOLICIT:
	case ND_NEIGHBOR_ADVERT: {
		size_t fixed = type == ND_ROUTER_SOLICIT ? 4 : 20;
		if ((p = cursor_bytes(c, fixed)) == NULL) {
			rc = -1;
			break;
		}
		if (type == ND_NEIGHBOR_ADVERT)
			write_na_flags(b, start + 4, p);
		else
			field_hexdump(b, 2, "icmpv6.reserved", "Reserved", start + 4, p, 4);
		if (type == ND_NEIGHBOR_SOLICIT)
			field_ipv6(b, 2, "icmpv6.nd.ns.target_address", "Target Address", start + 8, p + 4);
		else if (type == ND_NEIGHBOR_ADVERT)
			field_ipv6(b, 2, "icmpv6.nd.na.target_address", "Target Address", start + 8, p + 4);
		write_options(b, c->frame, c->pos, end);
		c->pos = end;
		break;
	}
	case ICMP6_DST_UNREACH:
	case ICMP6_PACKET_TOO_BIG:
	case ICMP6_TIME_EXCEEDED:
	case ICMP6_PARAM_PROB:
		if ((p = cursor_bytes(c, 4)) == NULL) {
			rc = -1;
			break;
		}
		if (type == ICMP6_PACKET_TOO_BIG)
			field_uint(b, 2, "icmpv6.mtu", "MTU", start + 4, 4,
				load_be32(p));
		else if (type == ICMP6_PARAM_PROB)
			field_uint(b, 2, "icmpv6.pointer", "Pointer", start + 4, 4,
				load_be32(p));
		else
			field_hexdump(b, 2, "icmpv6.reserved", "Reserved", start + 4, p, 4);
		icmp_quoted(d, 0x86dd);
		break;
	case MLDV2_REPORT:
		/* The reserved field only; the records are not broken down. */
		if ((p = cursor_bytes(c, 2)) == NULL) {
			rc = -1;
			break;
		}
		field_hexdump(b, 2, "icmpv6.reserved", "Reserved", start + 4, p, 2);
		c->pos = end;
		break;
	default:
		c->pos = end;
		break;
	}
	pdml_proto_end(b, 1);
	return rc;
}
