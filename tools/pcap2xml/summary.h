/* pcap2xml -l: one line per packet, in the manner of tshark without -V:
 *   NUM TIME SOURCE → DESTINATION PROTOCOL LENGTH INFO */
#ifndef PCAP2XML_SUMMARY_H
#define PCAP2XML_SUMMARY_H

#include <stdint.h>

#include "capfile.h"
#include "dissect.h"
#include "packet.h"

/* TIME is the time since the first packet (from first to now). */
void summary_write(struct pdml_buf *out, uint64_t number, struct ptime now, struct ptime first,
	const struct capfile_record *rec, const struct dissect *d);

#endif
