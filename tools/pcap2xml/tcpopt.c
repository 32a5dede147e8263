/* TCP options (RFC 9293, 7323, 2018) as Wireshark shows them: the
 * tcp.options block naming each option, then per option a
 * tcp.options.KIND field holding tcp.option_kind, tcp.option_len and the
 * option's values.  Options of other kinds are named in the block but
 * not broken down; a length that does not fit ends the walk. */
#include "bytes.h"
#include "dissect.h"

enum { EOL = 0, NOP = 1, MSS = 2, WSCALE = 3, SACK_PERM = 4, SACK = 5, TIMESTAMP = 8 };

/* The name in the block's summary and the kind's name. */
static const struct value_name summary_names[] = {
	{ EOL, "End of Option List (EOL)" }, { NOP, "No-Operation (NOP)" },
	{ MSS, "Maximum segment size" }, { WSCALE, "Window scale" }, { SACK_PERM, "SACK permitted" },
	{ SACK, "SACK" }, { TIMESTAMP, "Timestamps" }, { 19, "TCP MD5 signature" },
	{ 28, "User Timeout" }, { 29, "TCP Authentication Option" },
	{ 30, "Multipath TCP" }, { 34, "TCP Fast Open Cookie" },
	{ 0, NULL },
};

static const struct value_name kind_names[] = {
	{ EOL, "End of Option List" }, { NOP, "No-Operation" }, { MSS, "Maximum Segment Size" },
	{ WSCALE, "Window Scale" }, { SACK_PERM, "SACK Permitted" }, { SACK, "SACK" },
	{ TIMESTAMP, "Time Stamp Option" },
	{ 0, NULL },
};


/* <field name="tcp.options.NAME" showname="TCP Option - ... then the
 * caller's text, then size, pos and the bytes (see option_end). */
static void option_open(struct pdml_buf *b, const char *name, const char *text)
{
	tlv_option_open(b, name, "TCP Option - ", text);
}

static void option_end(struct pdml_buf *b, size_t pos, const uint8_t *p, size_t len)
{
	tlv_option_bytes(b, pos, p, len);
	field_uint_named(b, 4, "tcp.option_kind", "Kind", pos, 1, p[0], value_name(kind_names, p[0]));
	if (len > 1)
		field_uint(b, 4, "tcp.option_len", "Length", pos + 1, 1, p[1]);
}

static void edge(struct pdml_buf *b, const char *name, const char *label, size_t pos,
	uint32_t v, bool relative)
{
	pdml_field_open(b, 4, name);
	pdml_str(b, label);
	pdml_lit(b, " = ");
	pdml_u64(b, v);
	if (relative)
		pdml_lit(b, " (relative)");
	pdml_field_at(b, 4, pos);
	pdml_u64(b, v);
	pdml_field_value(b);
	pdml_hex(b, v, 8);
	pdml_field_close(b);
}

static void write_sack(struct pdml_buf *b, size_t pos, const uint8_t *p, size_t len,
	const struct tcpopt_ctx *ctx)
{
	size_t blocks = (len - 2) / 8;
	uint32_t base = ctx->relative ? ctx->sack_base : 0;

	option_open(b, "tcp.options.sack", "SACK");
	for (size_t i = 0; i < blocks; i++) {
		pdml_putc(b, ' ');
		pdml_u64(b, load_be32(p + 2 + 8 * i) - base);
		pdml_putc(b, '-');
		pdml_u64(b, load_be32(p + 6 + 8 * i) - base);
	}
	option_end(b, pos, p, len);
	for (size_t i = 0; i < blocks; i++) {
		edge(b, "tcp.options.sack_le", "left edge", pos + 2 + 8 * i,
			load_be32(p + 2 + 8 * i) - base, ctx->relative);
		edge(b, "tcp.options.sack_re", "right edge", pos + 6 + 8 * i,
			load_be32(p + 6 + 8 * i) - base, ctx->relative);
	}
	field_gen_uint(b, 4, "tcp.options.sack.count", "TCP SACK Count", pos, blocks);
	if (blocks > 0) {
		/* RFC 2883: a first block below the ack, or inside the second,
		 * reports a duplicate. */
		uint32_t le = load_be32(p + 2) - base, re = load_be32(p + 6) - base;
		bool dsack = le < ctx->ack;
		if (!dsack && blocks > 1)
			dsack = le >= load_be32(p + 10) - base && re <= load_be32(p + 14) - base;
		if (dsack) {
			edge(b, "tcp.options.sack.dsack_le", "D-SACK Left Edge", pos + 2, le, ctx->relative);
			edge(b, "tcp.options.sack.dsack_re", "D-SACK Right Edge", pos + 6, re, ctx->relative);
		}
	}
}

/* One option (len bytes, already checked to fit). */
static void write_option(struct pdml_buf *b, size_t pos, const uint8_t *p, size_t len,
	const struct tcpopt_ctx *ctx)
{
	switch (p[0]) {
	case EOL:
		option_open(b, "tcp.options.eol", "End of Option List (EOL)");
		break;
	case NOP:
		option_open(b, "tcp.options.nop", "No-Operation (NOP)");
		break;
	case MSS:
		if (len != 4)
			return;
		option_open(b, "tcp.options.mss", "Maximum segment size: ");
		pdml_u64(b, load_be16(p + 2));
		pdml_lit(b, " bytes");
		option_end(b, pos, p, len);
		field_uint(b, 4, "tcp.options.mss_val", "MSS Value", pos + 2, 2, load_be16(p + 2));
		pdml_field_end(b, 3);
		return;
	case WSCALE:
		if (len != 3)
			return;
		option_open(b, "tcp.options.wscale", "Window scale: ");
		pdml_u64(b, p[2]);
		pdml_lit(b, " (multiply by ");
		pdml_u64(b, p[2] < 15 ? 1u << p[2] : 1u << 14);
		pdml_putc(b, ')');
		option_end(b, pos, p, len);
		field_uint(b, 4, "tcp.options.wscale.shift", "Shift count", pos + 2, 1, p[2]);
		field_uint(b, 4, "tcp.options.wscale.multiplier", "Multiplier", pos + 2, 1,
			p[2] < 15 ? 1u << p[2] : 1u << 14);
		pdml_field_end(b, 3);
		return;
	case SACK_PERM:
		if (len != 2)
			return;
		option_open(b, "tcp.options.sack_perm", "SACK permitted");
		break;
	case SACK:
		if ((len - 2) % 8 != 0)
			return;
		write_sack(b, pos, p, len, ctx);
		pdml_field_end(b, 3);
		return;
	case TIMESTAMP:
		if (len != 10)
			return;
		option_open(b, "tcp.options.timestamp", "Timestamps: TSval ");
		pdml_u64(b, load_be32(p + 2));
		pdml_lit(b, ", TSecr ");
		pdml_u64(b, load_be32(p + 6));
		option_end(b, pos, p, len);
		field_uint(b, 4, "tcp.options.timestamp.tsval", "Timestamp value", pos + 2, 4, load_be32(p + 2));
		field_uint(b, 4, "tcp.options.timestamp.tsecr", "Timestamp echo reply", pos + 6, 4,
			load_be32(p + 6));
		pdml_field_end(b, 3);
		return;
	default:
		return;
	}
	option_end(b, pos, p, len);
	pdml_field_end(b, 3);
}

void tcpopt_write(struct pdml_buf *b, size_t pos, const uint8_t *opt, size_t n,
	const struct tcpopt_ctx *ctx)
{
	size_t i, len;

	pdml_field_open(b, 2, "tcp.options");
	pdml_lit(b, "Options: (");
	pdml_u64(b, n);
	pdml_lit(b, " bytes)");
	for (i = 0; i < n && (len = tlv_option_len(opt + i, n - i)) > 0; i += len) {
		const char *name = value_name(summary_names, opt[i]);
		pdml_lit(b, ", ");
		pdml_str(b, name ? name : "Unknown");
		if (opt[i] == EOL)
			break;
	}
	tlv_option_bytes(b, pos, opt, n);
	for (i = 0; i < n && (len = tlv_option_len(opt + i, n - i)) > 0; i += len) {
		write_option(b, pos + i, opt + i, len, ctx);
		if (opt[i] == EOL)
			break;
	}
	pdml_field_end(b, 2);
}
