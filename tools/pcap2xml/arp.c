/* ARP (RFC 826), with Wireshark's field names for Ethernet/IPv4 and the
 * generic byte fields for other address kinds. */
#include "dissect.h"

enum { ARP_FIXED_LEN = 8 };

static const struct value_name arp_hw_types[] = {
	{ 1, "Ethernet" },
	{ 6, "IEEE 802 Networks" },
	{ 0, NULL },
};

static const struct value_name arp_opcodes[] = {
	{ 1, "request" },
	{ 2, "reply" },
	{ 3, "reverse request" },
	{ 4, "reverse reply" },
	{ 0, NULL },
};

/* The whole message: fixed part, two hardware and two protocol addresses. */
static size_t arp_len(uint8_t hln, uint8_t pln)
{
	return ARP_FIXED_LEN + 2 * (size_t)hln + 2 * (size_t)pln;
}

size_t arp_claimed_len(struct cursor *c)
{
	uint8_t hln, pln;

	if (!cursor_peek_u8(c, 4, &hln) || !cursor_peek_u8(c, 5, &pln))
		return 0;
	return arp_len(hln, pln);
}

int arp_dissect(struct dissect *d)
{
	struct pdml_buf *b = d->b;
	struct cursor *c = &d->c;
	size_t start = c->pos;
	uint16_t hrd, pro, op;
	uint8_t hln, pln;

	dissect_enter(d, "arp", "ARP/RARP");
	/* The summary needs the opcode; without it there is no summary. */
	bool have_fixed = cursor_peek_be16(c, 6, &op);
	bool whole = have_fixed && cursor_have(c, 0, arp_claimed_len(c));
	if (cursor_left(c) == 0) {
		(void)cursor_have(c, 0, 1);
		return -1;
	}
	size_t size = whole ? arp_claimed_len(c) : cursor_left(c);
	if (size > cursor_left(c))
		size = cursor_left(c);
	const char *opname = have_fixed ? value_name(arp_opcodes, op) : NULL;

	pdml_proto_open(b, 1, "arp");
	pdml_lit(b, "Address Resolution Protocol");
	if (whole) {
		pdml_lit(b, " (");
		pdml_str(b, opname ? opname : "opcode unknown");
		pdml_putc(b, ')');
	}
	pdml_proto_at(b, size, start);
	int rc = -1;
	if (!cursor_be16(c, &hrd))
		goto out;
	field_uint_named(b, 2, "arp.hw.type", "Hardware type", start, 2, hrd,
		value_name(arp_hw_types, hrd));
	if (!cursor_be16(c, &pro))
		goto out;
	field_ethertype(b, 2, "arp.proto.type", "Protocol type", start + 2, pro);
	if (!cursor_u8(c, &hln))
		goto out;
	field_uint(b, 2, "arp.hw.size", "Hardware size", start + 4, 1, hln);
	if (!cursor_u8(c, &pln))
		goto out;
	field_uint(b, 2, "arp.proto.size", "Protocol size", start + 5, 1, pln);
	if (!cursor_be16(c, &op))
		goto out;
	field_uint_named(b, 2, "arp.opcode", "Opcode", start + 6, 2, op, opname);
	d->sum.what = opname;
	/* As Wireshark: the addresses are shown only when all are there. */
	if (!cursor_have(c, 0, arp_len(hln, pln) - ARP_FIXED_LEN))
		goto out;
	bool eth_ipv4 = hln == 6 && pln == 4 && pro == 0x0800;
	size_t pos = start + ARP_FIXED_LEN;
	for (int side = 0; side < 2; side++) {
		const uint8_t *hw = c->frame + pos, *pa = hw + hln;
		if (eth_ipv4 && side == 0) {
			d->sum.arp_sha = hw;
			d->sum.arp_spa = pa;
		} else if (eth_ipv4) {
			d->sum.arp_tpa = pa;
		}
		if (eth_ipv4) {
			field_mac(b, 2, side ? "arp.dst.hw_mac" : "arp.src.hw_mac",
				side ? "Target MAC address" : "Sender MAC address", pos, hw);
			field_ipv4(b, 2, side ? "arp.dst.proto_ipv4" : "arp.src.proto_ipv4",
				side ? "Target IP address" : "Sender IP address", pos + hln, pa);
		} else {
			field_bytes(b, 2, side ? "arp.dst.hw" : "arp.src.hw",
				side ? "Target hardware address" : "Sender hardware address", pos, hw, hln);
			field_bytes(b, 2, side ? "arp.dst.proto" : "arp.src.proto",
				side ? "Target protocol address" : "Sender protocol address", pos + hln, pa, pln);
		}
		pos += (size_t)hln + pln;
	}
	(void)cursor_skip(c, arp_len(hln, pln) - ARP_FIXED_LEN);
	rc = 0;
out:
	pdml_proto_end(b, 1);
	return rc;
}
