/* The conversation table behind tcp.stream and udp.stream: conversations
 * keyed by protocol, addresses and ports (either direction), numbered per
 * protocol in order of first appearance as tshark numbers them, with the
 * per-direction state TCP's relative sequence numbers need.
 *
 * Memory is bounded: the table holds at most CONV_MAX conversations.  When
 * a new one would exceed that, the table is emptied and starts over (the
 * numbering continues), so a conversation idle across the reset gets a
 * new index.  Documented in pcap2xml(1). */
#ifndef PCAP2XML_CONV_H
#define PCAP2XML_CONV_H

#include <stdbool.h>
#include <stdint.h>

#define CONV_MAX 65536u

/* Addresses are IPv4 (4 bytes) or IPv6 (16); one numbering covers both,
 * as in tshark. */
#define CONV_ADDR_MAX 16

struct conv {
	uint8_t addr[2][CONV_ADDR_MAX]; /* endpoint 0 is the first packet's source */
	uint8_t alen;         /* 4 or 16 */
	uint16_t port[2];
	uint8_t proto;
	bool used;
	bool base_set[2];     /* TCP: base sequence number seen, per endpoint */
	uint32_t base_seq[2];
	uint32_t index;
	/* TCP, for telling retransmissions (tcpseq.c), per endpoint: the
	 * highest sequence number sent so far plus one, and when it
	 * advanced; and the handshake's SYN time and initial RTT. */
	bool next_set[2];
	uint32_t next_seq[2];
	uint64_t next_ns[2];
	bool syn_seen, irtt_set;
	uint64_t syn_ns, irtt_ns;
};

struct conv_table;

/* A table of at most max conversations (CONV_MAX in pcap2xml; the fuzz
 * targets use a small one). */
struct conv_table *conv_table_new(uint32_t max);
void conv_table_free(struct conv_table *t);

/* The conversation of a packet from src:sport to dst:dport (addresses of
 * alen bytes), created if new; *from is the index (0 or 1) of the sending
 * endpoint. */
struct conv *conv_find(struct conv_table *t, uint8_t proto, const uint8_t *src,
	const uint8_t *dst, uint8_t alen, uint16_t sport, uint16_t dport, int *from);

#endif
