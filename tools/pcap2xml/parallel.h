/* Converting one capture file on several threads (-j).  Each thread
 * reads the whole file itself and follows every packet, so that
 * conversations and times come out as in one pass, but writes only its
 * own batches of packets (convert.h); of the others it only tracks the
 * conversations (track.c, or a silent dissection for the shapes track.c
 * does not know), which costs about a fifteenth of writing them.  The
 * batches go to the output in order, each in its turn, so the output is
 * byte for byte that of one thread.  A batch whose turn has not come
 * when it is complete waits while the thread goes on with the next; the
 * thread waits only when that one is complete too (or the two hold
 * CONVERT_SPILL), so two threads rarely wait for each other.  Memory:
 * each thread's own tables and at most CONVERT_SPILL of PDML (plus one
 * packet's) held until its turn. */
#ifndef PCAP2XML_PARALLEL_H
#define PCAP2XML_PARALLEL_H

#include <stdbool.h>

#include "convert.h"

#define PARALLEL_MAX_JOBS 64u
/* Each thread also tracks the others' packets (a fifteenth of the work
 * of writing them), so more threads gain a little less each: n threads
 * take (1 + (n - 1) / 15) / n of the time of one at best, 0.53 for two,
 * 0.3 for four, and burn 1 + (n - 1) / 15 times the CPU. */
#define PARALLEL_DEFAULT_JOBS 4u

struct parallel_result {
	bool damaged;        /* the input is damaged: err says where */
	int write_error;     /* errno of a failed write, 0 if none */
	char err[CAPFILE_ERR_MAX];
};

/* The default number of threads: the CPUs this process may run on, at
 * most PARALLEL_DEFAULT_JOBS. */
unsigned parallel_default_jobs(void);

/* Converts the packets of path (a regular file whose header capfile_open
 * accepted) with jobs threads, writing to ofd after what was written
 * there already; no_payload and summary as in struct packet_writer.
 * Returns 0, or -1 with r saying why.  Exits 1 when a thread cannot be
 * started or the file cannot be opened again. */
int parallel_convert(const char *path, int ofd, unsigned jobs, const struct convert_opts *o,
	bool no_payload, bool summary, struct parallel_result *r);

#endif
