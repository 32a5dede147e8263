/* The one dispatch table: which dissector handles a link type, an
 * ethertype or an IP protocol.  A new protocol is one line here (and its
 * file). */
#include "dissect.h"

static const struct dissector eth = { eth_dissect, NULL };
static const struct dissector sll = { sll_dissect, NULL };
static const struct dissector sll2 = { sll2_dissect, NULL };
static const struct dissector null = { null_dissect, NULL };
static const struct dissector loop = { loop_dissect, NULL };
static const struct dissector raw = { raw_dissect, NULL };
static const struct dissector vlan = { vlan_dissect, NULL };
static const struct dissector ieee8021ad = { ieee8021ad_dissect, NULL };
static const struct dissector arp = { arp_dissect, arp_claimed_len };
static const struct dissector ip = { ip_dissect, ip_claimed_len };
static const struct dissector ipv6 = { ipv6_dissect, NULL };
static const struct dissector icmp = { icmp_dissect, NULL };
static const struct dissector icmpv6 = { icmpv6_dissect, NULL };
static const struct dissector tcp = { tcp_dissect, NULL };
static const struct dissector udp = { udp_dissect, NULL };

static const struct {
	enum dispatch_kind kind;
	unsigned value;
	const struct dissector *dissector;
} dispatch_table[] = {
	{ BY_LINKTYPE, 0, &null },       /* LINKTYPE_NULL */
	{ BY_LINKTYPE, 1, &eth },        /* LINKTYPE_ETHERNET */
	{ BY_LINKTYPE, 12, &raw },       /* DLT_RAW (most systems) */
	{ BY_LINKTYPE, 14, &raw },       /* DLT_RAW (OpenBSD) */
	{ BY_LINKTYPE, 101, &raw },      /* LINKTYPE_RAW */
	{ BY_LINKTYPE, 108, &loop },     /* LINKTYPE_LOOP */
	{ BY_LINKTYPE, 113, &sll },      /* LINKTYPE_LINUX_SLL */
	{ BY_LINKTYPE, 276, &sll2 },     /* LINKTYPE_LINUX_SLL2 */
	{ BY_ETHERTYPE, ET_IPV4, &ip },
	{ BY_ETHERTYPE, 0x0806, &arp },
	{ BY_ETHERTYPE, ET_IPV6, &ipv6 },
	{ BY_ETHERTYPE, 0x8100, &vlan },
	{ BY_ETHERTYPE, 0x88a8, &ieee8021ad },
	{ BY_IPPROTO, 1, &icmp },
	{ BY_IPPROTO, IPP_TCP, &tcp },
	{ BY_IPPROTO, 58, &icmpv6 },
	{ BY_IPPROTO, IPP_UDP, &udp },
};

const struct dissector *dispatch_find(enum dispatch_kind kind, unsigned value)
{
	for (size_t i = 0; i < sizeof(dispatch_table) / sizeof(dispatch_table[0]); i++)
		if (dispatch_table[i].kind == kind && dispatch_table[i].value == value)
			return dispatch_table[i].dissector;
	return NULL;
}

void dissect_enter(struct dissect *d, const char *name, const char *label)
{
	if (d->nprotos < DISSECT_MAX_PROTOS)
		d->protos[d->nprotos++] = name;
	d->label = label;
}

int dissect_next(struct dissect *d, enum dispatch_kind kind, unsigned value)
{
	const struct dissector *next = dispatch_find(kind, value);

	if (next != NULL)
		return next->dissect(d);
	return data_dissect(d);
}
