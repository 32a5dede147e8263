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

struct conv {
	uint8_t addr[2][4];   /* endpoint 0 is the first packet's source */
	uint16_t port[2];
	uint8_t proto;
	bool used;
	bool base_set[2];     /* TCP: base sequence number seen, per endpoint */
	uint32_t base_seq[2];
	uint32_t index;
};

struct conv_table;

struct conv_table *conv_table_new(void);
void conv_table_free(struct conv_table *t);

/* The conversation of a packet from src:sport to dst:dport, created if
 * new; *from is the index (0 or 1) of the sending endpoint. */
struct conv *conv_find(struct conv_table *t, uint8_t proto,
	const uint8_t src[4], const uint8_t dst[4], uint16_t sport, uint16_t dport,
	int *from);

#endif
