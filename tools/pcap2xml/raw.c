/* Raw IP (LINKTYPE_RAW 101, and DLT_RAW 12 and 14 as libpcap writes
 * them on some systems): the packet starts with its IP header, whose
 * version says which. */
#include "dissect.h"

int raw_dissect(struct dissect *d)
{
	struct cursor *c = &d->c;
	uint8_t first = 0;

	dissect_enter(d, "raw", "Raw");
	pdml_indent(d->b, 1);
	pdml_lit(d->b, "<proto name=\"raw\" showname=\"Raw packet data\" size=\"");
	pdml_u64(d->b, cursor_left(c));
	pdml_lit(d->b, "\" pos=\"");
	pdml_u64(d->b, c->pos);
	pdml_lit(d->b, "\"/>\n");
	if (cursor_peek_u8(c, 0, &first)) {
		if (first >> 4 == 4)
			return dissect_next(d, BY_ETHERTYPE, 0x0800);
		if (first >> 4 == 6)
			return dissect_next(d, BY_ETHERTYPE, 0x86dd);
	}
	/* Neither: Wireshark finds no protocol in it and calls it malformed. */
	c->fault = CURSOR_MALFORMED;
	return -1;
}
