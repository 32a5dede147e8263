/* Linux cooked captures (the "any" device): SLL (LINKTYPE_LINUX_SLL,
 * 113, 16 bytes) and SLL2 (LINKTYPE_LINUX_SLL2, 276, 20 bytes).  Both
 * carry a packet type, an ARPHRD address type, up to 8 bytes of link
 * address and a protocol: an ethertype, or below 0x0600 one of Linux's
 * own packet types (shown, then the payload as data). */
#include "bytes.h"
#include "dissect.h"

enum { SLL_LEN = 16, SLL2_LEN = 20, SLL_ADDR_MAX = 8, ETHERTYPE_MIN = 0x0600 };

static const struct value_name pkttype_names[] = {
	{ 0, "Unicast to us" }, { 1, "Broadcast" }, { 2, "Multicast" },
	{ 3, "Unicast to another host" }, { 4, "Sent by us" },
	{ 0, NULL },
};

static const struct value_name hatype_names[] = {
	{ 1, "Ethernet" }, { 772, "Loopback" }, { 65534, "zero header length" },
	{ 0, NULL },
};

static const struct value_name ltype_names[] = {
	{ 1, "Raw 802.3" }, { 2, "Ethernet" }, { 4, "802.2 LLC" },
	{ 0, NULL },
};

/* The link address (Wireshark chooses its shape by length) and the
 * unused rest of the 8-byte field. */
static void sll_address(struct pdml_buf *b, size_t pos, const uint8_t *addr, unsigned halen)
{
	unsigned shown = halen < SLL_ADDR_MAX ? halen : SLL_ADDR_MAX;

	if (halen == 4)
		field_ipv4(b, 2, "sll.src.ipv4", "Source", pos, addr);
	else if (halen == 6)
		field_mac(b, 2, "sll.src.eth", "Source", pos, addr);
	else if (halen != 0)
		field_hexdump(b, 2, "sll.src.other", "Source", pos, addr, shown);
	if (shown < SLL_ADDR_MAX)
		field_hexdump(b, 2, "sll.unused", "Unused", pos + shown, addr + shown,
			SLL_ADDR_MAX - shown);
}

/* The protocol field, then the payload. */
static int sll_payload(struct dissect *d, size_t pos, uint16_t proto)
{
	if (proto >= ETHERTYPE_MIN) {
		field_ethertype(d->b, 2, "sll.etype", "Protocol", pos, proto);
		return -2;   /* the caller hands over to ethertype_payload() */
	}
	const char *name = value_name(ltype_names, proto);
	pdml_field_open(d->b, 2, "sll.ltype");
	pdml_lit(d->b, "Protocol: ");
	pdml_str(d->b, name ? name : "Unknown");
	pdml_lit(d->b, " (0x");
	pdml_hex(d->b, proto, 4);
	pdml_putc(d->b, ')');
	pdml_field_at(d->b, 2, pos);
	pdml_lit(d->b, "0x");
	pdml_hex(d->b, proto, 4);
	pdml_field_value(d->b);
	pdml_hex(d->b, proto, 4);
	pdml_field_close(d->b);
	return 0;
}

static int finish(struct dissect *d, uint16_t proto)
{
	if (proto >= ETHERTYPE_MIN)
		return ethertype_payload(d, proto, "sll.trailer");
	pdml_proto_end(d->b, 1);
	return data_dissect(d);
}

static void open_proto(struct dissect *d, const char *showname, size_t size)
{
	pdml_proto_open(d->b, 1, "sll");
	pdml_str(d->b, showname);
	pdml_proto_at(d->b, size, d->c.pos);
}

int sll_dissect(struct dissect *d)
{
	struct cursor *c = &d->c;
	size_t start = c->pos;

	dissect_enter(d, "sll", "Linux cooked capture v1");
	if (!cursor_have(c, 0, SLL_LEN))
		return -1;
	const uint8_t *h = cursor_bytes(c, SLL_LEN);
	uint16_t pkttype = load_be16(h), hatype = load_be16(h + 2);
	uint16_t halen = load_be16(h + 4), proto = load_be16(h + 14);

	c->pos = start;
	open_proto(d, "Linux cooked capture v1", SLL_LEN);
	c->pos = start + SLL_LEN;
	field_uint_named(d->b, 2, "sll.pkttype", "Packet type", start, 2, pkttype,
		value_name(pkttype_names, pkttype));
	field_uint_named(d->b, 2, "sll.hatype", "Link-layer address type", start + 2, 2, hatype,
		value_name(hatype_names, hatype));
	field_uint(d->b, 2, "sll.halen", "Link-layer address length", start + 4, 2, halen);
	sll_address(d->b, start + 6, h + 6, halen);
	(void)sll_payload(d, start + 14, proto);
	return finish(d, proto);
}

int sll2_dissect(struct dissect *d)
{
	struct cursor *c = &d->c;
	size_t start = c->pos;

	dissect_enter(d, "sll", "Linux cooked capture v2");
	if (!cursor_have(c, 0, SLL2_LEN))
		return -1;
	const uint8_t *h = cursor_bytes(c, SLL2_LEN);
	uint16_t proto = load_be16(h), hatype = load_be16(h + 8);
	uint32_t ifindex = load_be32(h + 4);

	c->pos = start;
	open_proto(d, "Linux cooked capture v2", SLL2_LEN);
	c->pos = start + SLL2_LEN;
	(void)sll_payload(d, start, proto);
	field_uint(d->b, 2, "sll.ifindex", "Interface index", start + 4, 4, ifindex);
	field_uint_named(d->b, 2, "sll.hatype", "Link-layer address type", start + 8, 2, hatype,
		value_name(hatype_names, hatype));
	field_uint_named(d->b, 2, "sll.pkttype", "Packet type", start + 10, 1, h[10],
		value_name(pkttype_names, h[10]));
	field_uint(d->b, 2, "sll.halen", "Link-layer address length", start + 11, 1, h[11]);
	sll_address(d->b, start + 12, h + 12, h[11]);
	return finish(d, proto);
}
