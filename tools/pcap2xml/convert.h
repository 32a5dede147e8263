/* The conversion loop shared by main() and the fuzz targets: records
 * from a capture file through the dissectors to PDML. */
#ifndef PCAP2XML_CONVERT_H
#define PCAP2XML_CONVERT_H

#include <stdint.h>

#include "capfile.h"
#include "packet.h"

struct convert_opts {
	uint64_t first, last;   /* the packets written, by number, inclusive */
	uint64_t count;         /* stop after writing this many */
};

/* Writes the records of cf in the range.  Returns 0 when done, -1 when the
 * input is damaged (cf->err says why; what came before is written) or the
 * output failed (pw->out->error). */
int convert_run(struct capfile *cf, struct packet_writer *pw, const struct convert_opts *o);

/* The PDML document around the packets. */
void convert_header(struct pdml_buf *b, const char *capture_file);
void convert_footer(struct pdml_buf *b);

#endif
