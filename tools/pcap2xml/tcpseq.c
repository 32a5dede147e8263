/* Enough of Wireshark's TCP sequence analysis to know, as it does, which
 * segments are retransmissions (their payload is shown again as
 * tcp.segment_data) or out of order: either way their payload is not
 * dissected further.  Sequence numbers compare in serial arithmetic
 * (RFC 1982). */
#include "dissect.h"

enum { TH_FIN = 0x01, TH_SYN = 0x02, TH_RST = 0x04, TH_ACK = 0x10 };

/* Wireshark's out-of-order window before an initial RTT is known. */
#define OOO_DEFAULT_NS 3000000u

struct conv *tcpseq_conversation(struct conv_table *t, const uint8_t *src, const uint8_t *dst,
	uint8_t alen, uint16_t sport, uint16_t dport, unsigned flags, uint32_t seq, uint32_t ack,
	int *from)
{
	struct conv *cv = conv_find(t, IPP_TCP, src, dst, alen, sport, dport, from);
	int to = 1 - *from;

	/* As Wireshark: a direction's base is its SYN's sequence number, or
	 * one less than its first segment's; the peer's base can be learnt
	 * from the first acknowledgment. */
	if (!cv->base_set[*from]) {
		cv->base_seq[*from] = flags & TH_SYN ? seq : seq - 1;
		cv->base_set[*from] = true;
	}
	if (!cv->base_set[to] && (flags & TH_ACK)) {
		cv->base_seq[to] = ack - 1;
		cv->base_set[to] = true;
	}
	return cv;
}

static bool seq_lt(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

enum tcpseq_kind tcpseq_analyze(struct conv *cv, int from, uint32_t seq, uint32_t payload,
	unsigned flags, uint64_t now_ns)
{
	bool synfin = flags & (TH_SYN | TH_FIN);
	uint32_t next = seq + payload + (synfin ? 1 : 0);
	enum tcpseq_kind kind = TCPSEQ_IN_ORDER;

	/* The initial RTT: from the SYN to the ACK that completes the handshake. */
	if ((flags & (TH_SYN | TH_ACK)) == TH_SYN) {
		cv->syn_seen = true;
		cv->syn_ns = now_ns;
	} else if ((flags & (TH_SYN | TH_ACK)) == TH_ACK && cv->syn_seen && !cv->irtt_set) {
		cv->irtt_set = true;
		cv->irtt_ns = now_ns - cv->syn_ns;
	}

	if ((payload > 0 || synfin) && cv->next_set[from] && seq_lt(seq, cv->next_seq[from])) {
		bool keepalive = payload <= 1 && !(flags & (TH_SYN | TH_FIN | TH_RST)) &&
			seq == cv->next_seq[from] - 1;
		uint64_t since = now_ns - cv->next_ns[from];
		uint64_t ooo = cv->irtt_set && cv->irtt_ns != 0 ? cv->irtt_ns : OOO_DEFAULT_NS;
		bool out_of_order = since < ooo && cv->next_seq[from] != seq + payload;
		if (!keepalive)
			kind = out_of_order ? TCPSEQ_OUT_OF_ORDER : TCPSEQ_RETRANSMISSION;
	}
	if (!cv->next_set[from] || seq_lt(cv->next_seq[from], next)) {
		cv->next_set[from] = true;
		cv->next_seq[from] = next;
		cv->next_ns[from] = now_ns;
	}
	return kind;
}
