/* IPv4 (RFC 791).  Fields are written as far as the captured bytes go;
 * options are shown as one block; fragments are not reassembled (the
 * payload of a fragment is data). */
#include "dissect.h"

enum { IP_MIN_HEADER = 20, IP_MF = 0x2000, IP_OFFMASK = 0x1fff };

static const struct value_name dscp_names[] = {
	{ 0, "Default" }, { 1, "Lower Effort" },
	{ 8, "Class Selector 1" }, { 16, "Class Selector 2" }, { 24, "Class Selector 3" },
	{ 32, "Class Selector 4" }, { 40, "Class Selector 5" }, { 48, "Class Selector 6" },
	{ 56, "Class Selector 7" },
	{ 10, "Assured Forwarding 11" }, { 12, "Assured Forwarding 12" }, { 14, "Assured Forwarding 13" },
	{ 18, "Assured Forwarding 21" }, { 20, "Assured Forwarding 22" }, { 22, "Assured Forwarding 23" },
	{ 26, "Assured Forwarding 31" }, { 28, "Assured Forwarding 32" }, { 30, "Assured Forwarding 33" },
	{ 34, "Assured Forwarding 41" }, { 36, "Assured Forwarding 42" }, { 38, "Assured Forwarding 43" },
	{ 44, "Voice Admit" }, { 46, "Expedited Forwarding" },
	{ 0, NULL },
};

static const struct value_name dscp_short[] = {
	{ 0, "CS0" }, { 1, "LE" }, { 8, "CS1" }, { 16, "CS2" }, { 24, "CS3" }, { 32, "CS4" },
	{ 40, "CS5" }, { 48, "CS6" }, { 56, "CS7" }, { 10, "AF11" }, { 12, "AF12" },
	{ 14, "AF13" }, { 18, "AF21" }, { 20, "AF22" }, { 22, "AF23" }, { 26, "AF31" },
	{ 28, "AF32" }, { 30, "AF33" }, { 34, "AF41" }, { 36, "AF42" }, { 38, "AF43" },
	{ 44, "VOICE-ADMIT" }, { 46, "EF" },
	{ 0, NULL },
};

static const char *const ecn_short[4] = { "Not-ECT", "ECT(1)", "ECT(0)", "CE" };
static const char *const ecn_long[4] = {
	"Not ECN-Capable Transport", "ECN-Capable Transport codepoint '01'",
	"ECN-Capable Transport codepoint '10'", "Congestion Experienced",
};

size_t ip_claimed_len(struct cursor *c)
{
	uint8_t vhl;
	uint16_t total;

	if (!cursor_peek_u8(c, 0, &vhl) || !cursor_peek_be16(c, 2, &total))
		return 0;
	if (vhl >> 4 != 4 || total < (vhl & 0x0f) * 4u || total < IP_MIN_HEADER)
		return 0;
	return total;
}

static void write_dsfield(struct pdml_buf *b, size_t pos, uint8_t tos)
{
	unsigned dscp = tos >> 2, ecn = tos & 3;
	const char *dshort = value_name(dscp_short, dscp);
	const char *dlong = value_name(dscp_names, dscp);

	pdml_field_open(b, 2, "ip.dsfield");
	pdml_lit(b, "Differentiated Services Field: 0x");
	pdml_hex(b, tos, 2);
	pdml_lit(b, " (DSCP: ");
	if (dshort)
		pdml_str(b, dshort);
	else
		pdml_u64(b, dscp);
	pdml_lit(b, ", ECN: ");
	pdml_str(b, ecn_short[ecn]);
	pdml_putc(b, ')');
	pdml_field_at(b, 1, pos);
	pdml_lit(b, "0x");
	pdml_hex(b, tos, 2);
	pdml_field_value(b);
	pdml_hex(b, tos, 2);
	pdml_field_close_open(b);

	field_bits(b, 3, "ip.dsfield.dscp", "Differentiated Services Codepoint", pos, 1,
		tos, 0xfc, 8, dscp, 0, dlong ? dlong : "Unknown", BITS_NAMED);
	field_bits(b, 3, "ip.dsfield.ecn", "Explicit Congestion Notification", pos, 1,
		tos, 0x03, 8, ecn, 0, ecn_long[ecn], BITS_NAMED);
	pdml_field_end(b, 2);
}

static void write_flags(struct pdml_buf *b, size_t pos, uint16_t fragword)
{
	uint8_t byte = (uint8_t)(fragword >> 8);
	unsigned flags = byte >> 5;
	static const char *const texts[8] = {
		"0x0", "0x1, More fragments", "0x2, Don&#x27;t fragment",
		"0x3, Don&#x27;t fragment, More fragments",
		"0x4, Reserved bit", "0x5, Reserved bit, More fragments",
		"0x6, Reserved bit, Don&#x27;t fragment",
		"0x7, Reserved bit, Don&#x27;t fragment, More fragments",
	};

	field_bits(b, 2, "ip.flags", "Flags", pos, 1, byte, 0xe0, 8, flags, 2, texts[flags], BITS_OPEN);
	field_bits(b, 3, "ip.flags.rb", "Reserved bit", pos, 1, byte, 0x80, 8,
		flags >> 2 & 1, 0, flags & 4 ? "Set" : "Not set", 0);
	field_bits(b, 3, "ip.flags.df", "Don&#x27;t fragment", pos, 1, byte, 0x40, 8,
		flags >> 1 & 1, 0, flags & 2 ? "Set" : "Not set", 0);
	field_bits(b, 3, "ip.flags.mf", "More fragments", pos, 1, byte, 0x20, 8,
		flags & 1, 0, flags & 1 ? "Set" : "Not set", 0);
	pdml_field_end(b, 2);

	/* The picture and show are in 8-byte units, the showname in bytes. */
	unsigned off = fragword & IP_OFFMASK;
	pdml_field_open(b, 2, "ip.frag_offset");
	pdml_bits(b, fragword, IP_OFFMASK, 16);
	pdml_lit(b, " = Fragment Offset: ");
	pdml_u64(b, off * 8u);
	pdml_field_at(b, 2, pos);
	pdml_u64(b, off);
	pdml_field_value(b);
	pdml_hex(b, off, 0);
	pdml_lit(b, "\" unmaskedvalue=\"");
	pdml_hex(b, fragword, 4);
	pdml_field_close(b);
}

/* The header's fields; returns 0, or -1 at the first that is not
 * captured. */
static int ip_fields(struct dissect *d, size_t start, uint8_t vhl, unsigned hl)
{
	struct pdml_buf *b = d->b;
	struct cursor *c = &d->c;
	uint8_t tos, ttl, proto;
	uint16_t total, id, fragword, sum;

	field_bits(b, 2, "ip.version", "Version", start, 1, vhl, 0xf0, 8, vhl >> 4, 0,
		NULL, 0);
	field_hdr_len(b, 2, "ip.hdr_len", start, vhl, 0x0f);
	(void)cursor_skip(c, 1);
	if (hl < IP_MIN_HEADER)
		return 0;

	if (!cursor_u8(c, &tos))
		return -1;
	write_dsfield(b, start + 1, tos);
	if (!cursor_be16(c, &total))
		return -1;
	field_uint(b, 2, "ip.len", "Total Length", start + 2, 2, total);
	if (!cursor_be16(c, &id))
		return -1;
	pdml_field_open(b, 2, "ip.id");
	pdml_lit(b, "Identification: 0x");
	pdml_hex(b, id, 4);
	pdml_lit(b, " (");
	pdml_u64(b, id);
	pdml_putc(b, ')');
	pdml_field_at(b, 2, start + 4);
	pdml_lit(b, "0x");
	pdml_hex(b, id, 4);
	pdml_field_value(b);
	pdml_hex(b, id, 4);
	pdml_field_close(b);
	if (!cursor_be16(c, &fragword))
		return -1;
	write_flags(b, start + 6, fragword);
	if (!cursor_u8(c, &ttl))
		return -1;
	field_uint(b, 2, "ip.ttl", "Time to Live", start + 8, 1, ttl);
	if (!cursor_u8(c, &proto))
		return -1;
	field_uint_named(b, 2, "ip.proto", "Protocol", start + 9, 1, proto,
		value_name(ipproto_names, proto));
	if (!cursor_be16(c, &sum))
		return -1;
	field_hex(b, 2, "ip.checksum", "Header Checksum", start + 10, 2, sum, " [validation disabled]");
	field_text(b, 2, "ip.checksum.status", "Header checksum status: Unverified", start + 10, "2");
	const uint8_t *src = cursor_bytes(c, 4);
	if (src == NULL)
		return -1;
	field_ipv4(b, 2, "ip.src", "Source Address", start + 12, src);
	const uint8_t *dst = cursor_bytes(c, 4);
	if (dst == NULL)
		return -1;
	field_ipv4(b, 2, "ip.dst", "Destination Address", start + 16, dst);
	if (hl > IP_MIN_HEADER) {
		size_t n = hl - IP_MIN_HEADER;
		const uint8_t *opt = cursor_bytes(c, n);
		if (opt == NULL)
			return -1;
		/* Wireshark's options block is a text item: no name, no showname. */
		pdml_indent(b, 2);
		pdml_lit(b, "<field name=\"\" show=\"Options: (");
		pdml_u64(b, n);
		pdml_lit(b, " bytes)\" size=\"");
		pdml_u64(b, n);
		pdml_lit(b, "\" pos=\"");
		pdml_u64(b, start + IP_MIN_HEADER);
		pdml_field_value(b);
		pdml_hexbytes(b, opt, n, 0);
		pdml_field_close(b);
	}
	d->ip_src = src;
	d->ip_dst = dst;
	return 0;
}

int ip_dissect(struct dissect *d)
{
	struct pdml_buf *b = d->b;
	struct cursor *c = &d->c;
	size_t start = c->pos;
	uint8_t vhl;
	uint16_t total = 0, fragword = 0;
	uint8_t proto = 0;

	dissect_enter(d, "ip", "IPv4");
	if (!cursor_peek_u8(c, 0, &vhl))
		return -1;
	unsigned hl = (vhl & 0x0f) * 4u;
	size_t size = hl < cursor_left(c) ? hl : cursor_left(c);
	bool whole = hl >= IP_MIN_HEADER && cursor_left(c) >= IP_MIN_HEADER;

	pdml_proto_open(b, 1, "ip");
	pdml_lit(b, "Internet Protocol Version 4");
	if (whole) {
		pdml_lit(b, ", Src: ");
		pdml_ipv4(b, c->frame + start + 12);
		pdml_lit(b, ", Dst: ");
		pdml_ipv4(b, c->frame + start + 16);
		(void)cursor_peek_be16(c, 2, &total);
		(void)cursor_peek_be16(c, 6, &fragword);
		(void)cursor_peek_u8(c, 9, &proto);
	}
	pdml_proto_at(b, size, start);
	int rc = ip_fields(d, start, vhl, hl);
	pdml_proto_end(b, 1);
	if (rc != 0 || hl < IP_MIN_HEADER)
		return rc;
	/* A total length shorter than the header is bogus: stop here. */
	if (total < hl)
		return 0;
	cursor_limit(c, total - hl);
	if ((fragword & IP_MF) || (fragword & IP_OFFMASK))
		return data_dissect(d);
	return dissect_next(d, BY_IPPROTO, proto);
}
