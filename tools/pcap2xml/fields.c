/* The shapes of Wireshark's PDML fields, written through pdml.h. */
#include "dissect.h"

void field_uint(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, size_t size, uint64_t v)
{
	pdml_field_open(b, depth, name);
	pdml_str(b, label);
	pdml_lit(b, ": ");
	pdml_u64(b, v);
	pdml_field_at(b, size, pos);
	pdml_u64(b, v);
	pdml_field_value(b);
	pdml_hex(b, v, (unsigned)size * 2);
	pdml_field_close(b);
}

void field_uint_named(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, size_t size, uint64_t v, const char *vname)
{
	pdml_field_open(b, depth, name);
	pdml_str(b, label);
	pdml_lit(b, ": ");
	pdml_str(b, vname ? vname : "Unknown");
	pdml_lit(b, " (");
	pdml_u64(b, v);
	pdml_putc(b, ')');
	pdml_field_at(b, size, pos);
	pdml_u64(b, v);
	pdml_field_value(b);
	pdml_hex(b, v, (unsigned)size * 2);
	pdml_field_close(b);
}

void field_hex(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, size_t size, uint64_t v, const char *suffix)
{
	pdml_field_open(b, depth, name);
	pdml_str(b, label);
	pdml_lit(b, ": 0x");
	pdml_hex(b, v, (unsigned)size * 2);
	pdml_str(b, suffix);
	pdml_field_at(b, size, pos);
	pdml_lit(b, "0x");
	pdml_hex(b, v, (unsigned)size * 2);
	pdml_field_value(b);
	pdml_hex(b, v, (unsigned)size * 2);
	pdml_field_close(b);
}

void field_bits(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, size_t size, uint32_t raw, uint32_t mask, unsigned width,
	uint32_t v, unsigned hexdigits, const char *text, int flags)
{
	pdml_field_open(b, depth, name);
	pdml_bits(b, raw, mask, width);
	pdml_lit(b, " = ");
	pdml_str(b, label);
	pdml_lit(b, ": ");
	if (text == NULL) {
		pdml_u64(b, v);
	} else {
		pdml_str(b, text);
		if (flags & BITS_NAMED) {
			pdml_lit(b, " (");
			pdml_u64(b, v);
			pdml_putc(b, ')');
		}
	}
	pdml_field_at(b, size, pos);
	if (hexdigits) {
		pdml_lit(b, "0x");
		pdml_hex(b, v, hexdigits);
	} else {
		pdml_u64(b, v);
	}
	pdml_field_value(b);
	pdml_hex(b, v, 0);
	pdml_lit(b, "\" unmaskedvalue=\"");
	pdml_hex(b, raw, (unsigned)size * 2);
	if (flags & BITS_OPEN)
		pdml_field_close_open(b);
	else
		pdml_field_close(b);
}

void field_bytes(struct pdml_buf *b, int depth, const char *name, const char *showname,
	size_t pos, const uint8_t *p, size_t n)
{
	pdml_field_open(b, depth, name);
	pdml_str(b, showname);
	pdml_field_at(b, n, pos);
	pdml_hexbytes(b, p, n, ':');
	pdml_field_value(b);
	pdml_hexbytes(b, p, n, 0);
	pdml_field_close(b);
}

void field_text(struct pdml_buf *b, int depth, const char *name, const char *showname,
	size_t pos, const char *show)
{
	pdml_field_open(b, depth, name);
	pdml_str(b, showname);
	pdml_field_at(b, 0, pos);
	pdml_str(b, show);
	pdml_field_close(b);
}

void field_ipv4(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, const uint8_t *addr)
{
	pdml_field_open(b, depth, name);
	pdml_str(b, label);
	pdml_lit(b, ": ");
	pdml_ipv4(b, addr);
	pdml_field_at(b, 4, pos);
	pdml_ipv4(b, addr);
	pdml_field_value(b);
	pdml_hexbytes(b, addr, 4, 0);
	pdml_field_close(b);
}

void field_mac(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, const uint8_t *addr)
{
	pdml_field_open(b, depth, name);
	pdml_str(b, label);
	pdml_lit(b, ": ");
	pdml_mac(b, addr);
	pdml_lit(b, " (");
	pdml_mac(b, addr);
	pdml_putc(b, ')');
	pdml_field_at(b, 6, pos);
	pdml_mac(b, addr);
	pdml_field_value(b);
	pdml_hexbytes(b, addr, 6, 0);
	pdml_field_close(b);
}

void field_gen_uint(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, uint64_t v)
{
	pdml_field_open(b, depth, name);
	pdml_str(b, label);
	pdml_lit(b, ": ");
	pdml_u64(b, v);
	pdml_field_at(b, 0, pos);
	pdml_u64(b, v);
	pdml_field_close(b);
}

void field_hdr_len(struct pdml_buf *b, int depth, const char *name, size_t pos,
	uint8_t raw, uint8_t mask)
{
	unsigned words = mask == 0xf0 ? raw >> 4 : raw & 0x0f;

	pdml_field_open(b, depth, name);
	pdml_bits(b, raw, mask, 8);
	pdml_lit(b, " = Header Length: ");
	pdml_u64(b, words * 4);
	pdml_lit(b, " bytes (");
	pdml_u64(b, words);
	pdml_putc(b, ')');
	pdml_field_at(b, 1, pos);
	pdml_u64(b, words * 4);
	pdml_field_value(b);
	pdml_hex(b, raw, 2);
	pdml_field_close(b);
}

void field_ethertype(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, uint16_t v)
{
	field_hex_named(b, depth, name, label, pos, 2, v, value_name(ethertype_names, v));
}

void field_hexdump(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, const uint8_t *p, size_t n)
{
	pdml_field_open(b, depth, name);
	pdml_str(b, label);
	pdml_lit(b, ": ");
	pdml_hexbytes(b, p, n, 0);
	pdml_field_at(b, n, pos);
	pdml_hexbytes(b, p, n, ':');
	pdml_field_value(b);
	pdml_hexbytes(b, p, n, 0);
	pdml_field_close(b);
}

void field_ipv6(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, const uint8_t *addr)
{
	pdml_field_open(b, depth, name);
	pdml_str(b, label);
	pdml_lit(b, ": ");
	pdml_ipv6(b, addr);
	pdml_field_at(b, 16, pos);
	pdml_ipv6(b, addr);
	pdml_field_value(b);
	pdml_hexbytes(b, addr, 16, 0);
	pdml_field_close(b);
}

void field_hex_named(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, size_t size, uint64_t v, const char *vname)
{
	pdml_field_open(b, depth, name);
	pdml_str(b, label);
	pdml_lit(b, ": ");
	pdml_str(b, vname ? vname : "Unknown");
	pdml_lit(b, " (0x");
	pdml_hex(b, v, (unsigned)size * 2);
	pdml_putc(b, ')');
	pdml_field_at(b, size, pos);
	pdml_lit(b, "0x");
	pdml_hex(b, v, (unsigned)size * 2);
	pdml_field_value(b);
	pdml_hex(b, v, (unsigned)size * 2);
	pdml_field_close(b);
}

void tos_summary(struct pdml_buf *b, uint8_t tos)
{
	unsigned dscp = tos >> 2;
	const char *dshort = value_name(dscp_short, dscp);

	pdml_lit(b, "0x");
	pdml_hex(b, tos, 2);
	pdml_lit(b, " (DSCP: ");
	if (dshort)
		pdml_str(b, dshort);
	else
		pdml_u64(b, dscp);
	pdml_lit(b, ", ECN: ");
	pdml_str(b, ecn_short[tos & 3]);
	pdml_putc(b, ')');
}

void tos_fields(struct pdml_buf *b, const char *dscp_name, const char *ecn_name, size_t pos,
	size_t size, uint32_t raw, unsigned shift, unsigned width)
{
	unsigned tos = raw >> shift & 0xff, dscp = tos >> 2, ecn = tos & 3;
	const char *dlong = value_name(dscp_names, dscp);

	field_bits(b, 3, dscp_name, "Differentiated Services Codepoint", pos, size, raw,
		0xfcu << shift, width, dscp, 0, dlong ? dlong : "Unknown", BITS_NAMED);
	field_bits(b, 3, ecn_name, "Explicit Congestion Notification", pos, size, raw,
		0x03u << shift, width, ecn, 0, ecn_long[ecn], BITS_NAMED);
}
