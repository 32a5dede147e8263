/* IEEE 802.1Q VLAN tags (ethertype 0x8100) and 802.1ad service tags
 * (0x88a8, the outer tag of QinQ): a 16-bit TCI (priority, drop
 * eligibility, VLAN ID) and the inner ethertype.  Tags nest through the
 * dispatch table.  As in Wireshark, an 802.1Q tag shows the frame's
 * padding (eth.padding) and trailer (vlan.trailer), and an 802.1Q tag
 * cut after its TCI still shows the TCI. */
#include "dissect.h"

enum { VLAN_TAG_LEN = 4 };

static const struct value_name priority_names[] = {
	{ 0, "Best Effort (default)" }, { 1, "Background" }, { 2, "Excellent Effort" },
	{ 3, "Critical Applications" }, { 4, "Video, &lt; 100ms latency and jitter" },
	{ 5, "Voice, &lt; 10ms latency and jitter" }, { 6, "Internetwork Control" },
	{ 7, "Network Control" },
	{ 0, NULL },
};

/* What differs between the two kinds of tag, as Wireshark names it. */
static const struct tag_kind {
	const char *proto, *label;
	const char *priority, *dei, *id, *etype;
	size_t bits_size;      /* (sic: 802.1ad gives priority and DEI one byte) */
	bool named;            /* priority and DEI shown with names */
	size_t needs;          /* bytes read before any field is written */
} dot1q = {
	"vlan", "VLAN", "vlan.priority", "vlan.dei", "vlan.id", "vlan.etype", 2, true, 2,
}, dot1ad = {
	"ieee8021ad", "IEEE 802.1ad", "ieee8021ad.priority", "ieee8021ad.dei", "ieee8021ad.id",
	"ieee8021ah.etype", 1, false, VLAN_TAG_LEN,
};

static int tag_dissect(struct dissect *d, const struct tag_kind *k)
{
	struct pdml_buf *b = d->b;
	size_t start = d->c.pos;
	uint16_t tci, type;

	dissect_enter(d, k->proto, k->label);
	if (!cursor_have(&d->c, 0, k->needs) || !cursor_be16(&d->c, &tci))
		return -1;
	unsigned pri = tci >> 13, dei = tci >> 12 & 1, id = tci & 0x0fff;
	size_t size = cursor_left(&d->c) >= 2 ? VLAN_TAG_LEN : 2;

	pdml_proto_open(b, 1, k->proto);
	if (k->named) {
		pdml_lit(b, "802.1Q Virtual LAN, PRI: ");
		pdml_u64(b, pri);
		pdml_lit(b, ", DEI: ");
		pdml_u64(b, dei);
		pdml_lit(b, ", ID: ");
	} else {
		pdml_lit(b, "IEEE 802.1ad, ID: ");
	}
	pdml_u64(b, id);
	pdml_proto_at(b, size, start);
	field_bits(b, 2, k->priority, "Priority", start, k->bits_size, tci, 0xe000, 16, pri, 0,
		k->named ? value_name(priority_names, pri) : NULL, k->named ? BITS_NAMED : 0);
	field_bits(b, 2, k->dei, "DEI", start, k->bits_size, tci, 0x1000, 16, dei, 0,
		k->named ? (dei ? "Eligible" : "Ineligible") : NULL, 0);
	field_bits(b, 2, k->id, "ID", start, 2, tci, 0x0fff, 16, id, 0, NULL, 0);
	if (!cursor_be16(&d->c, &type)) {
		pdml_proto_end(b, 1);
		return -1;
	}
	field_ethertype(b, 2, k->etype, "Type", start + 2, type);
	if (k == &dot1q)
		return ethertype_payload(d, type, "vlan.trailer");
	pdml_proto_end(b, 1);
	dissect_enter(d, "ethertype", d->label);
	return dissect_next(d, BY_ETHERTYPE, type);
}

int vlan_dissect(struct dissect *d)
{
	return tag_dissect(d, &dot1q);
}

int ieee8021ad_dissect(struct dissect *d)
{
	return tag_dissect(d, &dot1ad);
}
