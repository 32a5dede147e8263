/* IPv4 options (RFC 791) as Wireshark shows them: an unnamed
 * "Options: (N bytes), ..." item naming the options, then per option an
 * ip.options.KIND field with the type's bits (ip.opt.type.copy, .class,
 * .number), ip.opt.len and the option's values.  NOP, EOL, Record Route
 * and Router Alert are broken down; the walk stops at any other kind or
 * at a length that does not fit.  The option walk and an option field's
 * start and bytes (tlv_option_*) are shared with TCP's options. */
#include "bytes.h"
#include "dissect.h"

enum { EOL = 0, NOP = 1, RR = 7, RA = 148 };

size_t tlv_option_len(const uint8_t *p, size_t n)
{
	if (p[0] == EOL || p[0] == NOP)
		return 1;
	if (n < 2 || p[1] < 2 || p[1] > n)
		return 0;
	return p[1];
}

void tlv_option_open(struct pdml_buf *b, const char *name, const char *prefix,
	const char *text)
{
	pdml_field_open(b, 3, name);
	pdml_str(b, prefix);
	pdml_str(b, text);
}

void tlv_option_bytes(struct pdml_buf *b, size_t pos, const uint8_t *p, size_t len)
{
	field_bytes_end(b, pos, p, len);
	pdml_field_close_open(b);
}

static const struct value_name number_names[] = {
	{ 0, "End of Option List (EOL)" }, { 1, "No-Operation (NOP)" }, { 2, "Security" },
	{ 3, "Loose source route" }, { 4, "Time stamp" }, { 7, "Record route" },
	{ 9, "Strict source route" }, { 20, "Router Alert" },
	{ 0, NULL },
};

static const struct value_name class_names[] = {
	{ 0, "Control" }, { 1, "Reserved for future use" }, { 2, "Debugging and measurement" },
	{ 3, "Reserved for future use" },
	{ 0, NULL },
};

/* The summary's name of an option, NULL for those it leaves out. */
static const char *summary_name(uint8_t type)
{
	switch (type) {
	case RR: return "Record Route";
	case RA: return "Router Alert";
	case 68: return "Time Stamp";
	case 131: return "Loose Source Route";
	case 137: return "Strict Source Route";
	case 130: return "Security";
	default: return NULL;
	}
}

static void type_fields(struct pdml_buf *b, size_t pos, uint8_t type)
{
	pdml_field_open(b, 4, "ip.opt.type");
	pdml_lit(b, "Type: ");
	pdml_u64(b, type);
	pdml_field_at(b, 1, pos);
	pdml_u64(b, type);
	pdml_field_value(b);
	pdml_hex(b, type, 2);
	pdml_field_close_open(b);
	field_bits(b, 5, "ip.opt.type.copy", "Copy on fragmentation", pos, 1, type, 0x80, 8,
		type >> 7, 0, type & 0x80 ? "Yes" : "No", 0);
	field_bits(b, 5, "ip.opt.type.class", "Class", pos, 1, type, 0x60, 8, type >> 5 & 3, 0,
		value_name(class_names, type >> 5 & 3), BITS_NAMED);
	const char *num = value_name(number_names, type & 0x1f);
	field_bits(b, 5, "ip.opt.type.number", "Number", pos, 1, type, 0x1f, 8, type & 0x1f, 0,
		num ? num : "Unknown", BITS_NAMED);
	pdml_field_end(b, 4);
}

static void option_start(struct pdml_buf *b, const char *name, const char *text)
{
	tlv_option_open(b, name, "IP Option - ", text);
}

static void option_bytes(struct pdml_buf *b, size_t pos, const uint8_t *p, size_t len)
{
	tlv_option_bytes(b, pos, p, len);
	type_fields(b, pos, p[0]);
	if (len > 1)
		field_uint(b, 4, "ip.opt.len", "Length", pos + 1, 1, p[1]);
}

static void record_route(struct pdml_buf *b, size_t pos, const uint8_t *p, size_t len)
{
	option_start(b, "ip.options.record_route", "Record Route (");
	pdml_u64(b, len);
	pdml_lit(b, " bytes)");
	option_bytes(b, pos, p, len);
	field_uint(b, 4, "ip.opt.ptr", "Pointer", pos + 2, 1, p[2]);
	for (size_t off = 3; off + 4 <= len; off += 4) {
		const uint8_t *a = p + off;
		bool empty = (a[0] | a[1] | a[2] | a[3]) == 0;
		pdml_field_open(b, 4, empty ? "ip.empty_rt" : "ip.rec_rt");
		pdml_str(b, empty ? "Empty Route: " : "Recorded Route: ");
		pdml_ipv4(b, a);
		if (off + 1 == p[2])
			pdml_lit(b, " &lt;- (next)");
		field_ipv4_end(b, pos + off, a);
	}
}

/* One option; false ends the walk. */
static bool write_option(struct pdml_buf *b, size_t pos, const uint8_t *p, size_t len)
{
	switch (p[0]) {
	case EOL:
		option_start(b, "ip.options.eol", "End of Options List (EOL)");
		option_bytes(b, pos, p, 1);
		break;
	case NOP:
		option_start(b, "ip.options.nop", "No-Operation (NOP)");
		option_bytes(b, pos, p, 1);
		break;
	case RR:
		if (len < 3)
			return false;
		record_route(b, pos, p, len);
		break;
	case RA: {
		if (len != 4)
			return false;
		unsigned v = load_be16(p + 2);
		const char *what = v == 0 ? "Router shall examine packet" : "Reserved";
		option_start(b, "ip.options.routeralert", "Router Alert (4 bytes): ");
		pdml_str(b, what);
		pdml_lit(b, " (");
		pdml_u64(b, v);
		pdml_putc(b, ')');
		option_bytes(b, pos, p, len);
		field_uint_named(b, 4, "ip.opt.ra", "Router Alert", pos + 2, 2, v, what);
		break;
	}
	default:
		return false;
	}
	pdml_field_end(b, 3);
	return true;
}


bool ipopt_walkable(const uint8_t *frame, size_t pos, size_t n, size_t cap_end)
{
	size_t end = pos + n;

	while (pos < end) {
		if (pos >= cap_end)
			return false;
		if (frame[pos] == EOL)
			return true;
		if (frame[pos] == NOP) {
			pos++;
			continue;
		}
		if (pos + 1 >= cap_end)
			return false;
		if (frame[pos + 1] < 2)
			return true;
		pos += frame[pos + 1];
	}
	return true;
}

void ipopt_write(struct pdml_buf *b, size_t pos, const uint8_t *opt, size_t n)
{
	size_t i, len;

	/* Wireshark's options block is a text item: no name, no showname. */
	pdml_indent(b, 2);
	pdml_lit(b, "<field name=\"\" show=\"Options: (");
	pdml_u64(b, n);
	pdml_lit(b, " bytes)");
	for (i = 0; i < n && (len = tlv_option_len(opt + i, n - i)) > 0 && opt[i] != EOL; i += len) {
		const char *name = summary_name(opt[i]);
		if (name != NULL) {
			pdml_lit(b, ", ");
			pdml_str(b, name);
		}
	}
	pdml_lit(b, "\" size=\"");
	pdml_u64(b, n);
	pdml_lit(b, "\" pos=\"");
	pdml_u64(b, pos);
	pdml_field_value(b);
	pdml_hexbytes(b, opt, n, 0);
	pdml_field_close_open(b);
	for (i = 0; i < n && (len = tlv_option_len(opt + i, n - i)) > 0; i += len) {
		if (!write_option(b, pos + i, opt + i, len) || opt[i] == EOL)
			break;
	}
	pdml_field_end(b, 2);
}
