/* BSD loopback encapsulations: a 4-byte address family before the
 * packet.  LINKTYPE_NULL (0) writes it in the capturing host's byte
 * order, so, as Wireshark does, a value with its upper half set is taken
 * as the other order; LINKTYPE_LOOP (108, OpenBSD) always in network
 * order.  The IPv6 family differs between the BSDs (24, 28, 30). */
#include "bytes.h"
#include "dissect.h"

enum { NULL_HEADER_LEN = 4 };

static const struct value_name family_names[] = {
	{ 2, "IP" }, { 7, "OSI" }, { 16, "Appletalk" }, { 23, "Netware IPX/SPX" },
	{ 24, "IPv6" }, { 28, "IPv6" }, { 30, "IPv6" },
	{ 0, NULL },
};

static int family_dissect(struct dissect *d, bool network_order)
{
	struct cursor *c = &d->c;
	size_t start = c->pos;

	dissect_enter(d, "null", "Null");
	const uint8_t *h = cursor_bytes(c, NULL_HEADER_LEN);
	if (h == NULL)
		return -1;
	uint32_t be = load_be32(h);
	uint32_t le = load_le32(h);
	uint32_t family = network_order ? be : (le & 0xffff0000u ? be : le);
	const char *name = value_name(family_names, family);

	pdml_proto_open(d->b, 1, "null");
	pdml_lit(d->b, "Null/Loopback");
	pdml_proto_at(d->b, NULL_HEADER_LEN, start);
	pdml_field_open(d->b, 2, "null.family");
	pdml_lit(d->b, "Family: ");
	pdml_str(d->b, name ? name : "Unknown");
	pdml_lit(d->b, " (");
	pdml_u64(d->b, family);
	pdml_putc(d->b, ')');
	pdml_field_at(d->b, NULL_HEADER_LEN, start);
	pdml_u64(d->b, family);
	pdml_field_value(d->b);
	pdml_hexbytes(d->b, h, NULL_HEADER_LEN, 0);
	pdml_field_close(d->b);
	pdml_proto_end(d->b, 1);

	if (family == 2)
		return dissect_next(d, BY_ETHERTYPE, 0x0800);
	if (family == 24 || family == 28 || family == 30)
		return dissect_next(d, BY_ETHERTYPE, 0x86dd);
	return data_dissect(d);
}

int null_dissect(struct dissect *d)
{
	return family_dissect(d, false);
}

int loop_dissect(struct dissect *d)
{
	return family_dissect(d, true);
}
