/* IPv4 (RFC 791).  Fields are written as far as the captured bytes go;
 * options (ipopt.c); fragments are not reassembled (the
 * payload of a fragment is data). */
#include "dissect.h"

size_t ip_claimed_len(struct cursor *c)
{
	uint8_t vhl;
	uint16_t total;

	if (!cursor_peek_u8(c, 0, &vhl) || !cursor_peek_be16(c, 2, &total))
		return 0;
	if (vhl >> 4 != 4 || total < (vhl & 0x0f) * 4u || total < IP_MIN_HEADER)
		return 0;
	return total;
}

static void write_dsfield(struct pdml_buf *b, size_t pos, uint8_t tos)
{
	pdml_field_open(b, 2, "ip.dsfield");
	pdml_lit(b, "Differentiated Services Field: ");
	tos_summary(b, tos);
	pdml_field_at(b, 1, pos);
	pdml_lit(b, "0x");
	pdml_hex(b, tos, 2);
	pdml_field_value(b);
	pdml_hex(b, tos, 2);
	pdml_field_close_open(b);

	tos_fields(b, "ip.dsfield.dscp", "ip.dsfield.ecn", pos, 1, tos, 0, 8);
	pdml_field_end(b, 2);
}

static void write_flags(struct pdml_buf *b, size_t pos, uint16_t fragword)
{
	uint8_t byte = (uint8_t)(fragword >> 8);
	unsigned flags = byte >> 5;
	static const char *const texts[8] = {
		"0x0", "0x1, More fragments", "0x2, Don&#x27;t fragment",
		"0x3, Don&#x27;t fragment, More fragments",
		"0x4, Reserved bit", "0x5, Reserved bit, More fragments",
		"0x6, Reserved bit, Don&#x27;t fragment",
		"0x7, Reserved bit, Don&#x27;t fragment, More fragments",
	};

	field_bits(b, 2, "ip.flags", "Flags", pos, 1, byte, 0xe0, 8, flags, 2, texts[flags], BITS_OPEN);
	field_bits(b, 3, "ip.flags.rb", "Reserved bit", pos, 1, byte, 0x80, 8,
		flags >> 2 & 1, 0, flags & 4 ? "Set" : "Not set", 0);
	field_bits(b, 3, "ip.flags.df", "Don&#x27;t fragment", pos, 1, byte, 0x40, 8,
		flags >> 1 & 1, 0, flags & 2 ? "Set" : "Not set", 0);
	field_bits(b, 3, "ip.flags.mf", "More fragments", pos, 1, byte, 0x20, 8,
		flags & 1, 0, flags & 1 ? "Set" : "Not set", 0);
	pdml_field_end(b, 2);

	/* The picture and show are in 8-byte units, the showname in bytes. */
	unsigned off = fragword & IP_OFFMASK;
	pdml_field_open(b, 2, "ip.frag_offset");
	pdml_bits(b, fragword, IP_OFFMASK, 16);
	pdml_lit(b, " = Fragment Offset: ");
	pdml_u64(b, off * 8u);
	pdml_field_at(b, 2, pos);
	pdml_u64(b, off);
	pdml_masked_value(b, off, fragword, 4);
	pdml_field_close(b);
}

/* The header's fields; returns 0, or -1 at the first that is not
 * captured.  m (NULL: none) memoises the fields that do not change from
 * packet to packet of a flow: all but ip.id and ip.checksum; MEMO_IP_HEAD
 * was begun by the caller. */
static int ip_fields(struct dissect *d, size_t start, uint8_t vhl, unsigned hl,
	struct memo *m)
{
	const uint8_t *h = d->c.frame + start;
	struct memo_key k = MEMO_KEY_INIT;
	struct pdml_buf *b = d->b;
	struct cursor *c = &d->c;
	uint8_t tos, ttl, proto;
	uint16_t total, id, fragword, sum;

	field_bits(b, 2, "ip.version", "Version", start, 1, vhl, 0xf0, 8, vhl >> 4, 0,
		NULL, 0);
	/* Wireshark stops at a version that is not 4. */
	if (vhl >> 4 != 4)
		return 0;
	field_hdr_len(b, 2, "ip.hdr_len", start, vhl, 0x0f);
	(void)cursor_skip(c, 1);
	if (hl < IP_MIN_HEADER)
		return 0;

	if (!cursor_u8(c, &tos))
		return -1;
	write_dsfield(b, start + 1, tos);
	if (!cursor_be16(c, &total))
		return -1;
	field_uint(b, 2, "ip.len", "Total Length", start + 2, 2, total);
	memo_end(m, b, MEMO_IP_HEAD);
	if (!cursor_be16(c, &id))
		return -1;
	pdml_field_open(b, 2, "ip.id");
	pdml_lit(b, "Identification: 0x");
	pdml_hex(b, id, 4);
	pdml_lit(b, " (");
	pdml_u64(b, id);
	pdml_putc(b, ')');
	pdml_field_at(b, 2, start + 4);
	pdml_lit(b, "0x");
	pdml_hex(b, id, 4);
	pdml_field_value(b);
	pdml_hex(b, id, 4);
	pdml_field_close(b);
	if (!cursor_be16(c, &fragword))
		return -1;
	if (m != NULL)
		memo_key_at(&k, start, h + 6, 4);
	if (!memo_begin(m, b, MEMO_IP_FLAGS, &k))
		write_flags(b, start + 6, fragword);
	if (!cursor_u8(c, &ttl))
		return -1;
	field_uint(b, 2, "ip.ttl", "Time to Live", start + 8, 1, ttl);
	if (!cursor_u8(c, &proto))
		return -1;
	field_uint_named(b, 2, "ip.proto", "Protocol", start + 9, 1, proto,
		b->skip ? NULL : value_name(ipproto_names, proto));
	memo_end(m, b, MEMO_IP_FLAGS);
	if (!cursor_be16(c, &sum))
		return -1;
	field_hex(b, 2, "ip.checksum", "Header Checksum", start + 10, 2, sum, " [validation disabled]");
	if (m != NULL) {
		k.n = 0;
		memo_key_at(&k, start, h + 12, 8);
	}
	memo_begin(m, b, MEMO_IP_TAIL, &k);
	field_text(b, 2, "ip.checksum.status", "Header checksum status: Unverified", start + 10, "2");
	const uint8_t *src = cursor_bytes(c, 4);
	if (src == NULL)
		return -1;
	field_ipv4(b, 2, "ip.src", "Source Address", start + 12, src);
	const uint8_t *dst = cursor_bytes(c, 4);
	if (dst == NULL)
		return -1;
	if (!ipopt_walkable(c->frame, start + IP_MIN_HEADER, hl - IP_MIN_HEADER, c->cap_end)) {
		(void)cursor_have(c, 0, hl - IP_MIN_HEADER);
		return -1;
	}
	field_ipv4(b, 2, "ip.dst", "Destination Address", start + 16, dst);
	if (hl > IP_MIN_HEADER) {
		size_t n = hl - IP_MIN_HEADER;
		const uint8_t *opt = cursor_bytes(c, n);
		if (opt == NULL)
			return -1;
		ipopt_write(b, start + IP_MIN_HEADER, opt, n);
	}
	memo_end(m, b, MEMO_IP_TAIL);
	d->ip_src = src;
	d->ip_dst = dst;
	d->ip_alen = 4;
	if (d->sum.net_src == NULL) {
		d->sum.net_src = src;
		d->sum.net_dst = dst;
		d->sum.net_alen = 4;
	}
	return 0;
}

int ip_dissect(struct dissect *d)
{
	struct pdml_buf *b = d->b;
	struct cursor *c = &d->c;
	size_t start = c->pos;
	uint8_t vhl;
	uint16_t total = 0, fragword = 0;
	uint8_t proto = 0;

	dissect_enter(d, "ip", "IPv4");
	if (!cursor_peek_u8(c, 0, &vhl))
		return -1;
	unsigned hl = vhl >> 4 == 4 ? (vhl & 0x0f) * 4u : 0;
	size_t size = hl < cursor_left(c) ? hl : cursor_left(c);
	bool whole = hl >= IP_MIN_HEADER && cursor_left(c) >= IP_MIN_HEADER;
	/* Only a header without options, all captured, is memoised: then
	 * no read fails and its shape is always the same. */
	struct memo *m = hl == IP_MIN_HEADER && whole ? dissect_memo(d) : NULL;
	struct memo_key k = MEMO_KEY_INIT;

	if (m != NULL) {
		memo_key_at(&k, start, c->frame + start, 4);
		memo_key_bytes(&k, c->frame + start + 12, 8);
	}
	if (whole) {
		(void)cursor_peek_be16(c, 2, &total);
		(void)cursor_peek_be16(c, 6, &fragword);
		(void)cursor_peek_u8(c, 9, &proto);
	}
	if (!memo_begin(m, b, MEMO_IP_HEAD, &k)) {
		pdml_proto_open(b, 1, "ip");
		pdml_lit(b, "Internet Protocol Version 4");
		if (whole) {
			pdml_lit(b, ", Src: ");
			pdml_ipv4(b, c->frame + start + 12);
			pdml_lit(b, ", Dst: ");
			pdml_ipv4(b, c->frame + start + 16);
		}
		pdml_proto_at(b, size, start);
	}
	int rc = ip_fields(d, start, vhl, hl, m);
	/* (no-ops unless a read failed inside a site) */
	memo_end(m, b, MEMO_IP_HEAD);
	memo_end(m, b, MEMO_IP_FLAGS);
	memo_end(m, b, MEMO_IP_TAIL);
	pdml_proto_end(b, 1);
	if (rc != 0 || hl < IP_MIN_HEADER)
		return rc;
	/* A total length shorter than the header is bogus: stop here. */
	if (total < hl)
		return 0;
	cursor_limit(c, total - hl);
	if (fragment_shown_as_data(d, fragword & IP_MF, fragword & IP_OFFMASK))
		return data_dissect(d);
	return dissect_next(d, BY_IPPROTO, proto);
}
