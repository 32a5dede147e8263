/* The shapes of Wireshark's PDML fields, written through pdml.h.
 *
 * Most shapes are "LABEL: TEXT" in showname, then size, pos, show and
 * value.  Each shape reserves room for its whole element once (the fixed
 * text, the names' lengths, the numbers' longest forms) and then chains
 * the fmt_* kernels, so a field costs one buffer check; names and labels
 * come with their lengths (dissect.h's wrappers take them where they are
 * called, at compile time for a literal).  The pieces the shapes share are
 * the static inline helpers below, which the compiler folds into each
 * shape (constant radix, direct calls), so sharing them costs nothing. */
#include "dissect.h"

/* Room for a number in either radix ("0x" and 16 digits, or 20 digits). */
enum { NUMBER_MAX = PDML_U64_MAX + 2 };
/* Room for everything of a field but its texts and variable numbers:
 * the start, " size="S" pos="P" show=", " value=", the end. */
enum { FIELD_FIXED = PDML_OPEN_MAX + PDML_AT_MAX + 64 };

static inline char *fmt_text(char *o, struct text t)
{
	return fmt_mem(o, t.s, t.n);
}

/* <field name="NAME" showname="LABEL: */
static inline char *labelled(const struct pdml_buf *b, char *o, int depth, struct text name,
	struct text label)
{
	o = fmt_field_open(b, o, depth, name.s, name.n);
	o = fmt_text(o, label);
	return fmt_lit(o, ": ");
}

/* How a number field writes its value in showname and show. */
enum radix { DECIMAL, HEX };

/* v in hex, 2 * size digits at least */
static inline char *hex_value(char *o, uint64_t v, size_t size)
{
	return fmt_hex(o, v, (unsigned)size * 2);
}

static inline char *number(char *o, uint64_t v, size_t size, enum radix r)
{
	if (r == HEX)
		return hex_value(fmt_lit(o, "0x"), v, size);
	return fmt_u64(o, v);
}

static inline const char *or_unknown(const char *vname)
{
	return vname ? vname : "Unknown";
}

/* "VNAME (V)": vn bytes of vname */
static inline char *named_number(char *o, uint64_t v, size_t size, enum radix r,
	const char *vname, size_t vn)
{
	o = fmt_mem(o, vname, vn);
	o = fmt_lit(o, " (");
	o = number(o, v, size, r);
	*o++ = ')';
	return o;
}

/* The rest of a number field after its showname: show V, value V in hex
 * with 2 * size digits; closed.  At most PDML_AT_MAX + 2 * NUMBER_MAX + 16. */
static inline char *number_end(char *o, size_t pos, size_t size, uint64_t v, enum radix r)
{
	o = fmt_field_at(o, size, pos);
	o = number(o, v, size, r);
	o = fmt_lit(o, "\" value=\"");
	o = hex_value(o, v, size);
	return fmt_lit(o, "\"/>\n");
}

/* "LABEL: V", or when vname is not NULL "LABEL: VNAME (V)"; show V, value
 * V in hex. */
static inline void number_field(struct pdml_buf *b, int depth, struct text name,
	struct text label, size_t pos, size_t size, uint64_t v, enum radix r,
	const char *vname)
{
	size_t vn = vname ? strlen(vname) : 0;
	char *o = pdml_room(b, FIELD_FIXED + name.n + label.n + vn + 3 * NUMBER_MAX);

	o = labelled(b, o, depth, name, label);
	if (vname)
		o = named_number(o, v, size, r, vname, vn);
	else
		o = number(o, v, size, r);
	pdml_done(b, number_end(o, pos, size, v, r));
}

void field_bytes_end(struct pdml_buf *b, size_t pos, const uint8_t *p, size_t n)
{
	if (b->skip)
		return;
	char *o = pdml_room(b, PDML_AT_MAX + 16 + n * 5);

	o = fmt_field_at(o, n, pos);
	o = fmt_hexbytes(o, p, n, ':');
	o = fmt_lit(o, "\" value=\"");
	pdml_done(b, fmt_hexbytes(o, p, n, 0));
}

void field_uint_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, size_t size, uint64_t v)
{
	if (b->skip)
		return;
	number_field(b, depth, name, label, pos, size, v, DECIMAL, NULL);
}

void field_uint_named_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, size_t size, uint64_t v, const char *vname)
{
	if (b->skip)
		return;
	number_field(b, depth, name, label, pos, size, v, DECIMAL, or_unknown(vname));
}

void field_hex_named_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, size_t size, uint64_t v, const char *vname)
{
	if (b->skip)
		return;
	number_field(b, depth, name, label, pos, size, v, HEX, or_unknown(vname));
}

void field_hex_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, size_t size, uint64_t v, struct text suffix)
{
	if (b->skip)
		return;
	char *o = pdml_room(b, FIELD_FIXED + name.n + label.n + suffix.n + 3 * NUMBER_MAX);

	o = labelled(b, o, depth, name, label);
	o = number(o, v, size, HEX);
	o = fmt_text(o, suffix);
	pdml_done(b, number_end(o, pos, size, v, HEX));
}

void field_gen_uint_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, uint64_t v)
{
	if (b->skip)
		return;
	char *o = pdml_room(b, FIELD_FIXED + name.n + label.n + 2 * NUMBER_MAX);

	o = labelled(b, o, depth, name, label);
	o = fmt_u64(o, v);
	o = fmt_field_at(o, 0, pos);
	o = fmt_u64(o, v);
	pdml_done(b, fmt_lit(o, "\"/>\n"));
}

void field_bits_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, size_t size, uint32_t raw, uint32_t mask, unsigned width,
	uint32_t v, unsigned hexdigits, const char *text, int flags)
{
	if (b->skip)
		return;
	size_t tn = text ? strlen(text) : 0;
	char *o = pdml_room(b, FIELD_FIXED + name.n + label.n + tn + PDML_BITS_MAX
		+ 4 * NUMBER_MAX + 24);

	o = fmt_field_open(b, o, depth, name.s, name.n);
	o = fmt_bits(o, raw, mask, width);
	o = fmt_lit(o, " = ");
	o = fmt_text(o, label);
	o = fmt_lit(o, ": ");
	if (text == NULL)
		o = fmt_u64(o, v);
	else if (flags & BITS_NAMED)
		o = named_number(o, v, size, DECIMAL, text, tn);
	else
		o = fmt_mem(o, text, tn);
	o = fmt_field_at(o, size, pos);
	if (hexdigits) {
		o = fmt_lit(o, "0x");
		o = fmt_hex(o, v, hexdigits);
	} else {
		o = fmt_u64(o, v);
	}
	o = fmt_lit(o, "\" value=\"");
	o = fmt_hex(o, v, 0);
	o = fmt_lit(o, "\" unmaskedvalue=\"");
	o = hex_value(o, raw, size);
	if (flags & BITS_OPEN)
		o = fmt_lit(o, "\">\n");
	else
		o = fmt_lit(o, "\"/>\n");
	pdml_done(b, o);
}

void field_bytes_t(struct pdml_buf *b, int depth, struct text name, struct text showname,
	size_t pos, const uint8_t *p, size_t n)
{
	if (b->skip)
		return;
	char *o = pdml_room(b, PDML_OPEN_MAX + name.n + showname.n);

	o = fmt_field_open(b, o, depth, name.s, name.n);
	pdml_done(b, fmt_text(o, showname));
	field_bytes_end(b, pos, p, n);
	pdml_field_close(b);
}

void field_hexdump_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, const uint8_t *p, size_t n)
{
	if (b->skip)
		return;
	char *o = pdml_room(b, PDML_OPEN_MAX + name.n + label.n + 2 + 2 * n);

	o = labelled(b, o, depth, name, label);
	pdml_done(b, fmt_hexbytes(o, p, n, 0));
	field_bytes_end(b, pos, p, n);
	pdml_field_close(b);
}

void field_text_t(struct pdml_buf *b, int depth, struct text name, struct text showname,
	size_t pos, struct text show)
{
	if (b->skip)
		return;
	char *o = pdml_room(b, FIELD_FIXED + name.n + showname.n + show.n);

	o = fmt_field_open(b, o, depth, name.s, name.n);
	o = fmt_text(o, showname);
	o = fmt_field_at(o, 0, pos);
	o = fmt_text(o, show);
	pdml_done(b, fmt_lit(o, "\"/>\n"));
}

/* The rest of an IPv4 address field after its showname. */
static inline char *ipv4_end(char *o, size_t pos, const uint8_t *addr)
{
	o = fmt_field_at(o, 4, pos);
	o = fmt_ipv4(o, addr);
	o = fmt_lit(o, "\" value=\"");
	o = fmt_hexbytes(o, addr, 4, 0);
	return fmt_lit(o, "\"/>\n");
}

void field_ipv4_end(struct pdml_buf *b, size_t pos, const uint8_t *addr)
{
	if (b->skip)
		return;
	pdml_done(b, ipv4_end(pdml_room(b, FIELD_FIXED + 2 * PDML_IPV4_MAX), pos, addr));
}

void field_ipv4_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, const uint8_t *addr)
{
	if (b->skip)
		return;
	char *o = pdml_room(b, FIELD_FIXED + name.n + label.n + 3 * PDML_IPV4_MAX);

	o = labelled(b, o, depth, name, label);
	o = fmt_ipv4(o, addr);
	pdml_done(b, ipv4_end(o, pos, addr));
}

void field_ipv6_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, const uint8_t *addr)
{
	if (b->skip)
		return;
	pdml_done(b, labelled(b, pdml_room(b, PDML_OPEN_MAX + name.n + label.n + 2), depth,
		name, label));
	pdml_ipv6(b, addr);
	pdml_field_at(b, 16, pos);
	pdml_ipv6(b, addr);
	pdml_field_value(b);
	pdml_hexbytes(b, addr, 16, 0);
	pdml_field_close(b);
}

void field_mac_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, const uint8_t *addr)
{
	if (b->skip)
		return;
	char *o = pdml_room(b, FIELD_FIXED + name.n + label.n + 5 * PDML_MAC_MAX);

	o = labelled(b, o, depth, name, label);
	o = fmt_hexbytes(o, addr, 6, ':');
	o = fmt_lit(o, " (");
	o = fmt_hexbytes(o, addr, 6, ':');
	*o++ = ')';
	o = fmt_field_at(o, 6, pos);
	o = fmt_hexbytes(o, addr, 6, ':');
	o = fmt_lit(o, "\" value=\"");
	o = fmt_hexbytes(o, addr, 6, 0);
	pdml_done(b, fmt_lit(o, "\"/>\n"));
}

void field_hdr_len_t(struct pdml_buf *b, int depth, struct text name, size_t pos,
	uint8_t raw, uint8_t mask)
{
	if (b->skip)
		return;
	unsigned words = mask == 0xf0 ? raw >> 4 : raw & 0x0f;
	char *o = pdml_room(b, FIELD_FIXED + name.n + PDML_BITS_MAX + 64);

	o = fmt_field_open(b, o, depth, name.s, name.n);
	o = fmt_bits(o, raw, mask, 8);
	o = fmt_lit(o, " = Header Length: ");
	o = fmt_u64(o, words * 4);
	o = fmt_lit(o, " bytes (");
	o = fmt_u64(o, words);
	*o++ = ')';
	o = fmt_field_at(o, 1, pos);
	o = fmt_u64(o, words * 4);
	o = fmt_lit(o, "\" value=\"");
	o = fmt_hex(o, raw, 2);
	pdml_done(b, fmt_lit(o, "\"/>\n"));
}

void field_ethertype_t(struct pdml_buf *b, int depth, struct text name, struct text label,
	size_t pos, uint16_t v)
{
	if (b->skip)
		return;
	field_hex_named_t(b, depth, name, label, pos, 2, v, value_name(ethertype_names, v));
}

void tos_summary(struct pdml_buf *b, uint8_t tos)
{
	if (b->skip)
		return;
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
	if (b->skip)
		return;
	unsigned tos = raw >> shift & 0xff, dscp = tos >> 2, ecn = tos & 3;
	const char *dlong = value_name(dscp_names, dscp);

	field_bits(b, 3, dscp_name, "Differentiated Services Codepoint", pos, size, raw,
		0xfcu << shift, width, dscp, 0, dlong ? dlong : "Unknown", BITS_NAMED);
	field_bits(b, 3, ecn_name, "Explicit Congestion Notification", pos, size, raw,
		0x03u << shift, width, ecn, 0, ecn_long[ecn], BITS_NAMED);
}
