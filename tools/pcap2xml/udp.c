/* UDP (RFC 768): ports, length, checksum, stream index, payload. */
#include "dissect.h"

int udp_dissect(struct dissect *d)
{
	struct pdml_buf *b = d->b;
	struct cursor *c = &d->c;
	size_t start = c->pos;
	uint16_t sport, dport, len, sum;
	int rc = -1;

	dissect_enter(d, "udp", "UDP");
	if (!cursor_peek_be16(c, 0, &sport) || !cursor_peek_be16(c, 2, &dport))
		return -1;
	size_t size = cursor_left(c) < UDP_HEADER_LEN ? cursor_left(c) : UDP_HEADER_LEN;
	/* A whole header's text, to the checksum, depends on its bytes only. */
	struct memo *m = size == UDP_HEADER_LEN ? dissect_memo(d) : NULL;
	struct memo_key k = MEMO_KEY_INIT;

	if (m != NULL) {
		memo_key_at(&k, start, c->frame + start, UDP_HEADER_LEN);
	}
	memo_begin(m, b, MEMO_UDP, &k);
	pdml_proto_open(b, 1, "udp");
	pdml_lit(b, "User Datagram Protocol, Src Port: ");
	pdml_u64(b, sport);
	pdml_lit(b, ", Dst Port: ");
	pdml_u64(b, dport);
	pdml_proto_at(b, size, start);
	field_uint(b, 2, "udp.srcport", "Source Port", start, 2, sport);
	field_uint(b, 2, "udp.dstport", "Destination Port", start + 2, 2, dport);
	(void)cursor_skip(c, 4);
	if (!cursor_be16(c, &len))
		goto out;
	field_uint(b, 2, "udp.length", "Length", start + 4, 2, len);
	if (!d->sum.has_ports) {
		d->sum.has_ports = true;
		d->sum.sport = sport;
		d->sum.dport = dport;
		d->sum.len = len >= UDP_HEADER_LEN ? len - UDP_HEADER_LEN : 0;
	}
	if (!cursor_be16(c, &sum))
		goto out;
	if (sum == 0) {
		/* No checksum: Wireshark nests the status in the checksum. */
		pdml_field_open(b, 2, "udp.checksum");
		pdml_lit(b, "Checksum: 0x0000 [zero-value ignored]");
		pdml_field_at(b, 2, start + 6);
		pdml_lit(b, "0x0000\" value=\"0000");
		pdml_field_close_open(b);
		pdml_field_open(b, 3, "udp.checksum.status");
		pdml_lit(b, "Checksum Status: Not present");
		pdml_field_at(b, 2, start + 6);
		pdml_lit(b, "3\" value=\"0000");
		pdml_field_close(b);
		pdml_field_end(b, 2);
	} else {
		field_hex(b, 2, "udp.checksum", "Checksum", start + 6, 2, sum, " [unverified]");
		field_text(b, 2, "udp.checksum.status", "Checksum Status: Unverified", start + 6, "2");
	}
	memo_end(m, b, MEMO_UDP);
	if (d->ip_src != NULL) {
		int from;
		struct conv *cv = conv_find(d->conv, IPP_UDP, d->ip_src, d->ip_dst, d->ip_alen, sport, dport,
			&from);
		field_gen_uint(b, 2, "udp.stream", "Stream index", start + UDP_HEADER_LEN, cv->index);
	}
	/* The UDP length bounds the payload when it is plausible. */
	if (len >= UDP_HEADER_LEN)
		cursor_limit(c, len - UDP_HEADER_LEN);
	field_payload(d, "udp.payload", "UDP payload (");
	rc = 0;
out:
	memo_end(m, b, MEMO_UDP);
	pdml_proto_end(b, 1);
	return rc == 0 ? data_dissect(d) : rc;
}
