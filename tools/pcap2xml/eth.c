/* Ethernet II.  The payload's own length (an IP total length, an ARP
 * size) decides where padding starts, as in Wireshark: bytes after the
 * payload up to the 60-byte minimum frame are eth.padding, any beyond it
 * eth.trailer. */
#include "dissect.h"

enum { ETH_MIN_FRAME = 60 };

static void eth_extra(struct dissect *d, const char *name, const char *label,
	size_t from, size_t to)
{
	size_t captured = d->c.cap_end;

	if (to > captured)
		to = captured;
	if (from >= to)
		return;
	field_hexdump(d->b, 2, name, label, from, d->c.frame + from, to - from);
}

int ethertype_payload(struct dissect *d, uint16_t type, const char *trailer_name)
{
	const struct dissector *next = dispatch_find(BY_ETHERTYPE, type);
	size_t claimed = next && next->claimed_len ? next->claimed_len(&d->c) : 0;
	size_t left = cursor_reported_left(&d->c);
	bool cut_trailer = false;

	if (claimed > 0 && claimed < left) {
		size_t payload_end = d->c.pos + claimed;
		size_t frame_end = d->c.pos + left;
		size_t pad_end = frame_end < ETH_MIN_FRAME ? frame_end : ETH_MIN_FRAME;
		if (pad_end < payload_end)
			pad_end = payload_end;
		/* Wireshark shows no padding it does not have whole, and calls
		 * the packet cut short once the payload is dissected. */
		cut_trailer = frame_end > d->c.cap_end;
		if (!cut_trailer) {
			eth_extra(d, "eth.padding", "Padding", payload_end, pad_end);
			eth_extra(d, trailer_name, "Trailer", pad_end, frame_end);
		}
		cursor_limit(&d->c, claimed);
	}
	pdml_proto_end(d->b, 1);

	dissect_enter(d, "ethertype", d->label);
	int rc = dissect_next(d, BY_ETHERTYPE, type);
	if (rc == 0 && cut_trailer) {
		d->c.fault = CURSOR_SHORT;
		rc = -1;
	}
	return rc;
}

int eth_dissect(struct dissect *d)
{
	struct pdml_buf *b = d->b;
	size_t start = d->c.pos;

	dissect_enter(d, "eth", "Ethernet");
	/* Wireshark shows nothing of a header it cannot read whole. */
	if (!cursor_have(&d->c, 0, ETH_HEADER_LEN))
		return -1;
	const uint8_t *dst = cursor_bytes(&d->c, 6);
	const uint8_t *src = cursor_bytes(&d->c, 6);
	uint16_t type = 0;
	(void)cursor_be16(&d->c, &type);

	struct memo *m = dissect_memo(d);
	struct memo_key k = MEMO_KEY_INIT;
	if (m != NULL) {
		memo_key_at(&k, start, dst, ETH_HEADER_LEN);
	}
	d->sum.mac_src = src;
	d->sum.mac_dst = dst;
	if (!memo_begin(m, b, MEMO_ETH, &k)) {
		pdml_proto_open(b, 1, "eth");
		pdml_lit(b, "Ethernet II, Src: ");
		pdml_mac(b, src);
		pdml_lit(b, " (");
		pdml_mac(b, src);
		pdml_lit(b, "), Dst: ");
		pdml_mac(b, dst);
		pdml_lit(b, " (");
		pdml_mac(b, dst);
		pdml_putc(b, ')');
		pdml_proto_at(b, ETH_HEADER_LEN, start);
		field_mac(b, 2, "eth.dst", "Destination", start, dst);
		field_mac(b, 2, "eth.src", "Source", start + 6, src);
		field_ethertype(b, 2, "eth.type", "Type", start + 12, type);
	}
	memo_end(m, b, MEMO_ETH);

	return ethertype_payload(d, type, "eth.trailer");
}
