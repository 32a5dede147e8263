/* The one dispatch table: which dissector handles a link type, an
 * ethertype or an IP protocol.  A new protocol is one line here (and its
 * file). */
#include "dissect.h"

static const struct dissector eth = { eth_dissect, NULL };
static const struct dissector arp = { arp_dissect, arp_claimed_len };
static const struct dissector ip = { ip_dissect, ip_claimed_len };
static const struct dissector tcp = { tcp_dissect, NULL };
static const struct dissector udp = { udp_dissect, NULL };

static const struct {
	enum dispatch_kind kind;
	unsigned value;
	const struct dissector *dissector;
} dispatch_table[] = {
	{ BY_LINKTYPE, 1, &eth },        /* LINKTYPE_ETHERNET */
	{ BY_ETHERTYPE, 0x0800, &ip },
	{ BY_ETHERTYPE, 0x0806, &arp },
	{ BY_IPPROTO, 6, &tcp },
	{ BY_IPPROTO, 17, &udp },
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
