/* The conversion loop shared by main() and the fuzz targets: records
 * from a capture file through the dissectors to PDML. */
#ifndef PCAP2XML_CONVERT_H
#define PCAP2XML_CONVERT_H

#include <stdbool.h>
#include <stdint.h>

#include "capfile.h"
#include "packet.h"

struct convert_opts {
	uint64_t first, last;   /* the packets written, by number, inclusive */
	uint64_t count;         /* stop after writing this many */
};

/* Several threads converting one file (parallel.c): the packets are cut
 * into batches, the same way by every thread, since the cut depends only
 * on the records; thread `id` of `jobs` writes batches id, id + jobs, ...
 * and only follows the others, for the state they leave (conversations,
 * times: packet_write with pw->silent).  end() is called when a batch of
 * this thread's is complete (and at the end for the last one, which may
 * be empty), spill() when its text (with `held`) grew past CONVERT_SPILL
 * in the middle of one, poll() after each packet while `pending` is set (a complete
 * batch waits for its turn to be written); each returns false when the
 * conversion must stop. */
struct convert_batches {
	unsigned jobs, id;
	bool (*end)(struct convert_batches *cb, uint64_t batch);
	bool (*spill)(struct convert_batches *cb, uint64_t batch);
	bool (*poll)(struct convert_batches *cb);
	bool pending;
	size_t held;        /* bytes of the batch pending, 0 when none */
	uint64_t batch;     /* the batch being read (the last, once done) */
};
enum {
	CONVERT_BATCH_PACKETS = 128,
	CONVERT_BATCH_BYTES = 128 * 1024,   /* of captured data */
	CONVERT_SPILL = 4 * 1024 * 1024,    /* of PDML held by one thread */
};

/* Writes the records of cf in the range.  Returns 0 when done, -1 when the
 * input is damaged (cf->err says why; what came before is written) or the
 * output failed (pw->out->error). */
int convert_run(struct capfile *cf, struct packet_writer *pw, const struct convert_opts *o);
/* The same for one of several threads (cb), writing only its batches;
 * also -1 when a batch callback said stop. */
int convert_run_batches(struct capfile *cf, struct packet_writer *pw,
	const struct convert_opts *o, struct convert_batches *cb);

/* The PDML document around the packets. */
void convert_header(struct pdml_buf *b, const char *capture_file);
void convert_footer(struct pdml_buf *b);

#endif
