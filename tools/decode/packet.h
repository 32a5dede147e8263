/* One simplified packet (reports/xsl/simplify.xsl's schema) through the
 * decoders: TCP payloads through reassembly, UDP payloads as datagrams;
 * what completes here is added to the packet's element. */
#ifndef DECODE_PACKET_H
#define DECODE_PACKET_H

#include <libxml/tree.h>

#include "proto.h"
#include "reasm.h"

struct packets {
	const struct decoder *ds;
	size_t nds;
	struct reasm reasm;
	struct sink sink;
	unsigned long packets, without_seq, bad;
};

/* 0, or -1 when out of memory. */
int packets_init(struct packets *p, const struct decoder *ds, size_t nds);
/* Decodes what the packet element carries, adding messages to it.
 * A packet that is not what simplify writes is counted in bad and left
 * as it is. */
void packets_add(struct packets *p, xmlNodePtr packet);
/* The end of the capture: streams end, what completes goes to
 * p->sink.orphans. */
void packets_end(struct packets *p);
void packets_free(struct packets *p);

#endif
