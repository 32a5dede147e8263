/* TCP (RFC 9293): stream index and relative sequence numbers as tshark
 * computes them by default, flags, options (tcpopt.c), payload. */
#include "bytes.h"
#include "dissect.h"

enum {
	/* Wireshark reads ports to window before writing any more fields. */
	TCP_READ_FIRST = 16,
	TH_FIN = 0x001, TH_SYN = 0x002, TH_RST = 0x004, TH_PUSH = 0x008,
	TH_ACK = 0x010, TH_URG = 0x020, TH_ECE = 0x040, TH_CWR = 0x080,
	TH_AE = 0x100, TH_RES = 0xe00,
};

/* The flag summary "(PSH, ACK)", in Wireshark's order. */
static const struct value_name flag_names[] = {
	{ TH_FIN, "FIN" }, { TH_SYN, "SYN" }, { TH_RST, "RST" }, { TH_PUSH, "PSH" },
	{ TH_ACK, "ACK" }, { TH_URG, "URG" }, { TH_ECE, "ECE" }, { TH_CWR, "CWR" },
	{ TH_AE, "AE" }, { TH_RES, "Reserved" },
	{ 0, NULL },
};


/* One bit of the 12-bit flags word: the picture spans all 12 bits, the
 * field only the byte that holds the bit. */
static void flag_bit(struct pdml_buf *b, const char *name, const char *label,
	size_t start, unsigned flags, unsigned bit, const uint8_t *hdr)
{
	size_t byte = bit >= 0x100 ? 12 : 13;

	pdml_field_open(b, 3, name);
	pdml_bits(b, flags, bit, 12);
	pdml_lit(b, " = ");
	pdml_str(b, label);
	pdml_str(b, flags & bit ? ": Set" : ": Not set");
	pdml_field_at(b, 1, start + byte);
	pdml_putc(b, flags & bit ? '1' : '0');
	pdml_field_value(b);
	pdml_putc(b, flags & bit ? '1' : '0');
	pdml_lit(b, "\" unmaskedvalue=\"");
	pdml_hex(b, hdr[byte], 2);
	pdml_field_close(b);
}

static void write_flags(struct pdml_buf *b, size_t start, const uint8_t *hdr)
{
	unsigned raw = load_be16(hdr + 12);
	unsigned flags = raw & 0x0fff;
	const char *sep = "";

	pdml_field_open(b, 2, "tcp.flags");
	pdml_lit(b, "Flags: 0x");
	pdml_hex(b, flags, 3);
	pdml_lit(b, " (");
	if (flags == 0)
		pdml_lit(b, "&lt;None&gt;");
	for (const struct value_name *f = flag_names; f->name; f++) {
		if (flags & f->value) {
			pdml_str(b, sep);
			pdml_str(b, f->name);
			sep = ", ";
		}
	}
	pdml_putc(b, ')');
	pdml_field_at(b, 2, start + 12);
	pdml_lit(b, "0x");
	pdml_hex(b, flags, 4);
	pdml_masked_value(b, flags, raw, 4);
	pdml_field_close_open(b);

	/* Reserved is three bits shown as one value. */
	pdml_field_open(b, 3, "tcp.flags.res");
	pdml_bits(b, flags, TH_RES, 12);
	pdml_str(b, flags & TH_RES ? " = Reserved: Set" : " = Reserved: Not set");
	pdml_field_at(b, 1, start + 12);
	pdml_u64(b, (flags & TH_RES) >> 9);
	pdml_masked_value(b, (flags & TH_RES) >> 9, hdr[12], 2);
	pdml_field_close(b);
	flag_bit(b, "tcp.flags.ae", "Accurate ECN", start, flags, TH_AE, hdr);
	flag_bit(b, "tcp.flags.cwr", "Congestion Window Reduced", start, flags, TH_CWR, hdr);
	flag_bit(b, "tcp.flags.ece", "ECN-Echo", start, flags, TH_ECE, hdr);
	flag_bit(b, "tcp.flags.urg", "Urgent", start, flags, TH_URG, hdr);
	flag_bit(b, "tcp.flags.ack", "Acknowledgment", start, flags, TH_ACK, hdr);
	flag_bit(b, "tcp.flags.push", "Push", start, flags, TH_PUSH, hdr);
	flag_bit(b, "tcp.flags.reset", "Reset", start, flags, TH_RST, hdr);
	flag_bit(b, "tcp.flags.syn", "Syn", start, flags, TH_SYN, hdr);
	flag_bit(b, "tcp.flags.fin", "Fin", start, flags, TH_FIN, hdr);

	/* "··········S·": a letter per set bit, U+00B7 for the others. */
	static const char letters[] = "RRRACEUAPRSF";
	char str[12 * 2];
	size_t n = 0;
	for (unsigned i = 0; i < 12; i++) {
		if (flags >> (11 - i) & 1) {
			str[n++] = letters[i];
		} else {
			str[n++] = (char)0xc2;
			str[n++] = (char)0xb7;
		}
	}
	pdml_field_open(b, 3, "tcp.flags.str");
	pdml_lit(b, "TCP Flags: ");
	pdml_put(b, str, n);
	pdml_field_at(b, 2, start + 12);
	pdml_put(b, str, n);
	pdml_field_value(b);
	pdml_hex(b, raw, 4);
	pdml_field_close(b);
	pdml_field_end(b, 2);
}


int tcp_dissect(struct dissect *d)
{
	struct pdml_buf *b = d->b;
	struct cursor *c = &d->c;
	size_t start = c->pos;
	size_t seg_len = cursor_reported_left(c);
	uint16_t sport = 0, dport = 0;
	uint8_t offbyte = TCP_MIN_HEADER / 4 << 4;

	dissect_enter(d, "tcp", "TCP");
	(void)cursor_peek_u8(c, 12, &offbyte);
	unsigned hl = (offbyte >> 4) * 4u;
	size_t size = hl < TCP_MIN_HEADER ? TCP_MIN_HEADER : hl;
	if (size > cursor_left(c))
		size = cursor_left(c);
	if (!cursor_peek_be16(c, 0, &sport) || !cursor_peek_be16(c, 2, &dport))
		return -1;

	/* Everything the summary line needs comes before any field. */
	bool whole = cursor_have(c, 0, TCP_READ_FIRST);
	const uint8_t *h = c->frame + start;
	unsigned flags = whole ? load_be16(h + 12) & 0x0fff : 0;
	uint32_t seq = whole ? load_be32(h + 4) : 0, ack = whole ? load_be32(h + 8) : 0;
	uint32_t rel_seq = 0, rel_ack = ack;
	uint32_t payload = seg_len > hl ? (uint32_t)(seg_len - hl) : 0;
	struct conv *cv = NULL;
	int from = 0;
	if (whole && d->ip_src != NULL) {
		cv = tcpseq_conversation(d->conv, d->ip_src, d->ip_dst, d->ip_alen, sport, dport,
			flags, seq, ack, &from);
		rel_seq = seq - cv->base_seq[from];
		if (flags & TH_ACK)
			rel_ack = ack - cv->base_seq[1 - from];
	}

	pdml_proto_open(b, 1, "tcp");
	pdml_lit(b, "Transmission Control Protocol, Src Port: ");
	pdml_u64(b, sport);
	pdml_lit(b, ", Dst Port: ");
	pdml_u64(b, dport);
	if (whole) {
		pdml_lit(b, ", Seq: ");
		pdml_u64(b, rel_seq);
		if (hl >= TCP_MIN_HEADER) {
			if (flags & TH_ACK) {
				pdml_lit(b, ", Ack: ");
				pdml_u64(b, rel_ack);
			}
			pdml_lit(b, ", Len: ");
			pdml_u64(b, payload);
		}
	}
	pdml_proto_at(b, size, start);
	field_uint(b, 2, "tcp.srcport", "Source Port", start, 2, sport);
	field_uint(b, 2, "tcp.dstport", "Destination Port", start + 2, 2, dport);
	if (!whole) {
		pdml_proto_end(b, 1);
		return -1;
	}
	if (!d->sum.has_ports) {
		d->sum = (struct summary){
			.mac_src = d->sum.mac_src, .mac_dst = d->sum.mac_dst,
			.net_src = d->sum.net_src, .net_dst = d->sum.net_dst,
			.net_alen = d->sum.net_alen,
			.has_ports = true, .is_tcp = true, .sport = sport, .dport = dport,
			.tcp_flags = flags, .seq = rel_seq, .ack = rel_ack,
			.win = load_be16(h + 14), .len = payload,
		};
	}
	if (cv != NULL)
		field_gen_uint(b, 2, "tcp.stream", "Stream index", start, cv->index);
	field_gen_uint(b, 2, "tcp.len", "TCP Segment Len", start,
		seg_len > hl ? seg_len - hl : 0);

	pdml_field_open(b, 2, "tcp.seq");
	pdml_lit(b, "Sequence Number: ");
	pdml_u64(b, rel_seq);
	pdml_lit(b, "    (relative sequence number)");
	pdml_field_at(b, 4, start + 4);
	pdml_u64(b, rel_seq);
	pdml_field_value(b);
	pdml_hex(b, seq, 8);
	pdml_field_close(b);
	field_uint(b, 2, "tcp.seq_raw", "Sequence Number (raw)", start + 4, 4, seq);
	if (hl < TCP_MIN_HEADER) {
		/* Wireshark stops at a bogus header length. */
		field_hdr_len(b, 2, "tcp.hdr_len", start + 12, h[12], 0xf0);
		pdml_proto_end(b, 1);
		return 0;
	}
	pdml_field_open(b, 2, "tcp.ack");
	pdml_lit(b, "Acknowledgment Number: ");
	pdml_u64(b, rel_ack);
	if (flags & TH_ACK)
		pdml_lit(b, "    (relative ack number)");
	pdml_field_at(b, 4, start + 8);
	pdml_u64(b, rel_ack);
	pdml_field_value(b);
	pdml_hex(b, ack, 8);
	pdml_field_close(b);
	field_uint(b, 2, "tcp.ack_raw", "Acknowledgment number (raw)", start + 8, 4, ack);
	field_hdr_len(b, 2, "tcp.hdr_len", start + 12, h[12], 0xf0);
	write_flags(b, start, h);
	field_uint(b, 2, "tcp.window_size_value", "Window", start + 14, 2,
		load_be16(h + 14));
	/* The rest of the fixed header as far as it was captured. */
	if (!cursor_have(c, 0, 18)) {
		pdml_proto_end(b, 1);
		return -1;
	}
	field_hex(b, 2, "tcp.checksum", "Checksum", start + 16, 2,
		load_be16(h + 16), " [unverified]");
	field_text(b, 2, "tcp.checksum.status", "Checksum Status: Unverified", start + 16, "2");
	if (!cursor_have(c, 0, TCP_MIN_HEADER)) {
		pdml_proto_end(b, 1);
		return -1;
	}
	field_uint(b, 2, "tcp.urgent_pointer", "Urgent Pointer", start + 18, 2,
		load_be16(h + 18));
	(void)cursor_skip(c, TCP_MIN_HEADER);
	if (hl > TCP_MIN_HEADER) {
		const uint8_t *opt = cursor_bytes(c, hl - TCP_MIN_HEADER);
		if (opt == NULL) {
			pdml_proto_end(b, 1);
			return -1;
		}
		struct tcpopt_ctx ctx = {
			.relative = cv != NULL,
			.sack_base = cv != NULL ? cv->base_seq[1 - from] : 0,
			.ack = rel_ack,
		};
		tcpopt_write(b, start + TCP_MIN_HEADER, opt, hl - TCP_MIN_HEADER, &ctx);
	}
	enum tcpseq_kind kind = cv == NULL ? TCPSEQ_IN_ORDER
		: tcpseq_analyze(cv, from, seq, payload, flags, d->now_ns);
	field_payload(d, "tcp.payload", "TCP payload (");
	if (kind == TCPSEQ_RETRANSMISSION)
		field_payload(d, "tcp.segment_data", "Retransmitted TCP segment data (");
	/* Wireshark hands these bytes to no dissector. */
	if (kind != TCPSEQ_IN_ORDER)
		c->pos += cursor_left(c);
	pdml_proto_end(b, 1);
	return data_dissect(d);
}
