/* Writing one capture record as a PDML <packet>: geninfo, frame, then the
 * dissectors' protocols, then Wireshark's marker when the packet was cut
 * short or is malformed. */
#ifndef PCAP2XML_PACKET_H
#define PCAP2XML_PACKET_H

#include <stdint.h>

#include "capfile.h"
#include "conv.h"
#include "pdml.h"

struct packet_writer {
	struct pdml_buf *out;
	struct pdml_buf body;       /* one packet's protocols */
	struct conv_table *conv;
	uint64_t count;
	int64_t first_ns, prev_ns;
	/* The formatted local time of cached_sec, up to the seconds. */
	int64_t cached_sec;
	char time_prefix[128];
	char time_zone[16];
	int cached;
};

void packet_writer_init(struct packet_writer *pw, struct pdml_buf *out);
void packet_writer_free(struct packet_writer *pw);

/* True when records of this link type can be dissected. */
int packet_linktype_supported(unsigned linktype);

void packet_write(struct packet_writer *pw, const struct capfile_record *rec);

#endif
