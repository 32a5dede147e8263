/* The shapes of Wireshark's PDML fields, written through pdml.h.
 *
 * Most shapes are "LABEL: TEXT" in showname, then size, pos, show and
 * value: the pieces they share are the static inline helpers below, which
 * the compiler folds into each shape (constant radix, direct calls), so
 * sharing them costs the hot path nothing. */
#include "dissect.h"

/* <field name="NAME" showname="LABEL: */
static inline void labelled(struct pdml_buf *b, int depth, const char *name, const char *label)
{
	pdml_field_open(b, depth, name);
	pdml_str(b, label);
	pdml_lit(b, ": ");
}

/* How a number field writes its value in showname and show. */
enum radix { DECIMAL, HEX };

static inline void number(struct pdml_buf *b, uint64_t v, size_t size, enum radix r)
{
	if (r == HEX) {
		pdml_lit(b, "0x");
		pdml_hex(b, v, (unsigned)size * 2);
	} else {
		pdml_u64(b, v);
	}
}

/* "VNAME (V)", VNAME "Unknown" when NULL */
static inline void named_number(struct pdml_buf *b, uint64_t v, size_t size, enum radix r,
	const char *vname)
{
	pdml_str(b, vname ? vname : "Unknown");
	pdml_lit(b, " (");
	number(b, v, size, r);
	pdml_putc(b, ')');
}

/* The rest of a number field after its showname: show V, value V in hex
 * with 2 * size digits; closed. */
static inline void number_end(struct pdml_buf *b, size_t pos, size_t size, uint64_t v,
	enum radix r)
{
	pdml_field_at(b, size, pos);
	number(b, v, size, r);
	pdml_field_value(b);
	pdml_hex(b, v, (unsigned)size * 2);
	pdml_field_close(b);
}

/* "LABEL: V", or when named "LABEL: VNAME (V)"; show V, value V in hex. */
static inline void number_field(struct pdml_buf *b, int depth, const char *name,
	const char *label, size_t pos, size_t size, uint64_t v, enum radix r, bool named,
	const char *vname)
{
	labelled(b, depth, name, label);
	if (named)
		named_number(b, v, size, r, vname);
	else
		number(b, v, size, r);
	number_end(b, pos, size, v, r);
}

/* The rest of an address field after its showname: show the address as
 * write() puts it, value its n bytes in hex; closed. */
static inline void address_end(struct pdml_buf *b, size_t pos, const uint8_t *addr, size_t n,
	void (*write)(struct pdml_buf *, const uint8_t *))
{
	pdml_field_at(b, n, pos);
	write(b, addr);
	pdml_field_value(b);
	pdml_hexbytes(b, addr, n, 0);
	pdml_field_close(b);
}

/* "LABEL: ADDR", show ADDR, value the bytes in hex. */
static inline void address_field(struct pdml_buf *b, int depth, const char *name,
	const char *label, size_t pos, const uint8_t *addr, size_t n,
	void (*write)(struct pdml_buf *, const uint8_t *))
{
	labelled(b, depth, name, label);
	write(b, addr);
	address_end(b, pos, addr, n, write);
}

void field_bytes_end(struct pdml_buf *b, size_t pos, const uint8_t *p, size_t n)
{
	pdml_field_at(b, n, pos);
	pdml_hexbytes(b, p, n, ':');
	pdml_field_value(b);
	pdml_hexbytes(b, p, n, 0);
}

void field_uint(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, size_t size, uint64_t v)
{
	number_field(b, depth, name, label, pos, size, v, DECIMAL, false, NULL);
}

void field_uint_named(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, size_t size, uint64_t v, const char *vname)
{
	number_field(b, depth, name, label, pos, size, v, DECIMAL, true, vname);
}

void field_hex_named(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, size_t size, uint64_t v, const char *vname)
{
	number_field(b, depth, name, label, pos, size, v, HEX, true, vname);
}

void field_hex(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, size_t size, uint64_t v, const char *suffix)
{
	labelled(b, depth, name, label);
	number(b, v, size, HEX);
	pdml_str(b, suffix);
	number_end(b, pos, size, v, HEX);
}

void field_gen_uint(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, uint64_t v)
{
	labelled(b, depth, name, label);
	pdml_u64(b, v);
	pdml_field_at(b, 0, pos);
	pdml_u64(b, v);
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
	if (text == NULL)
		pdml_u64(b, v);
	else if (flags & BITS_NAMED)
		named_number(b, v, size, DECIMAL, text);
	else
		pdml_str(b, text);
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
	field_bytes_end(b, pos, p, n);
	pdml_field_close(b);
}

void field_hexdump(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, const uint8_t *p, size_t n)
{
	labelled(b, depth, name, label);
	pdml_hexbytes(b, p, n, 0);
	field_bytes_end(b, pos, p, n);
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

void field_ipv4_end(struct pdml_buf *b, size_t pos, const uint8_t *addr)
{
	address_end(b, pos, addr, 4, pdml_ipv4);
}

void field_ipv4(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, const uint8_t *addr)
{
	address_field(b, depth, name, label, pos, addr, 4, pdml_ipv4);
}

void field_ipv6(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, const uint8_t *addr)
{
	address_field(b, depth, name, label, pos, addr, 16, pdml_ipv6);
}

void field_mac(struct pdml_buf *b, int depth, const char *name, const char *label,
	size_t pos, const uint8_t *addr)
{
	labelled(b, depth, name, label);
	pdml_mac(b, addr);
	pdml_lit(b, " (");
	pdml_mac(b, addr);
	pdml_putc(b, ')');
	address_end(b, pos, addr, 6, pdml_mac);
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
