/* The state a packet that is not written leaves behind, found without
 * dissecting it: for the shape nearly all traffic has (Ethernet, IPv4
 * without options or IPv6 without extension headers, not a fragment, TCP
 * with its whole header or UDP with its whole header captured).  The only
 * state a packet leaves is in the conversation table (tcp.stream,
 * udp.stream, TCP's base and highest sequence numbers), and these
 * packets leave it through the same calls the dissectors make, after the
 * same reads through the same cursor: so the table ends as a silent
 * dissection leaves it, at a fifth of the cost.  Any other packet, and
 * any packet whose bytes would make a dissector stop early, is declined
 * before anything changes, and dissected silently in full. */
#include "track.h"

#include "bytes.h"
#include "dissect.h"

enum { LINKTYPE_ETHERNET = 1 };

/* The network header at c's position; on success c is at its payload,
 * limited to the length the header claims (as ethertype_payload, ip.c
 * and ipv6.c limit it), and *proto, src, dst, alen say what it carries. */
static bool network(struct cursor *c, uint16_t ethertype, uint8_t *proto,
	const uint8_t **src, const uint8_t **dst, uint8_t *alen)
{
	const uint8_t *h = c->frame + c->pos;

	if (ethertype == ET_IPV4) {
		if (!cursor_have(c, 0, IP_MIN_HEADER) || h[0] != 0x45)
			return false;
		uint16_t total = load_be16(h + 2);
		if (total < IP_MIN_HEADER || (load_be16(h + 6) & (IP_MF | IP_OFFMASK)) != 0)
			return false;
		/* The payload ends where the total length says (Ethernet's
		 * padding, if any, follows: ethertype_payload limits the
		 * cursor to the same end). */
		c->pos += IP_MIN_HEADER;
		cursor_limit(c, total - IP_MIN_HEADER);
		*proto = h[9];
		*src = h + 12;
		*dst = h + 16;
		*alen = 4;
		return true;
	}
	if (ethertype == ET_IPV6) {
		if (!cursor_have(c, 0, IPV6_HEADER_LEN) || h[0] >> 4 != 6)
			return false;
		c->pos += IPV6_HEADER_LEN;
		/* A zero payload length is a jumbogram's: the link says how long. */
		if (load_be16(h + 4) != 0)
			cursor_limit(c, load_be16(h + 4));
		*proto = h[6];
		*src = h + 8;
		*dst = h + 24;
		*alen = 16;
		return true;
	}
	return false;
}

bool track_packet(struct conv_table *t, const struct capfile_record *rec, uint64_t now_ns)
{
	struct cursor c;

	if (rec->linktype != LINKTYPE_ETHERNET)
		return false;
	cursor_init(&c, rec->data, rec->caplen, rec->len);
	if (!cursor_have(&c, 0, ETH_HEADER_LEN))
		return false;
	uint16_t ethertype = load_be16(c.frame + 12);
	c.pos = ETH_HEADER_LEN;

	uint8_t proto, alen;
	const uint8_t *src, *dst;
	if (!network(&c, ethertype, &proto, &src, &dst, &alen))
		return false;

	const uint8_t *h = c.frame + c.pos;
	int from;
	if (proto == IPP_UDP) {
		/* udp.c numbers the stream once the checksum is read. */
		if (!cursor_have(&c, 0, UDP_HEADER_LEN))
			return false;
		(void)conv_find(t, IPP_UDP, src, dst, alen, load_be16(h), load_be16(h + 2), &from);
		return true;
	}
	if (proto != IPP_TCP || !cursor_have(&c, 0, TCP_MIN_HEADER))
		return false;
	/* tcp.c analyses the sequence numbers once the options are read. */
	unsigned hl = (h[12] >> 4) * 4u;
	if (hl < TCP_MIN_HEADER || !cursor_have(&c, 0, hl))
		return false;
	size_t seg_len = cursor_reported_left(&c);
	uint32_t payload = seg_len > hl ? (uint32_t)(seg_len - hl) : 0;
	unsigned flags = load_be16(h + 12) & 0x0fff;
	uint32_t seq = load_be32(h + 4);
	struct conv *cv = tcpseq_conversation(t, src, dst, alen, load_be16(h), load_be16(h + 2), flags, seq,
		load_be32(h + 8), &from);
	(void)tcpseq_analyze(cv, from, seq, payload, flags, now_ns);
	return true;
}
