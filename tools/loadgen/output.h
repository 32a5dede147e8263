/* The controller's output, shared by every client test: the aggregate of
 * the clients' results as a human summary (stdout), one CSV line with
 * ipbench's columns, and TSV files for gnuplot (per interval, and the
 * latency distribution). */
#ifndef LOADGEN_OUTPUT_H
#define LOADGEN_OUTPUT_H

#include "loadgen.h"

/* The output function of every client test; returns 0 or -1 when a file
 * could not be written (reported). */
void output_client(struct lg_result *const res[], size_t n, const struct lg_result *target,
		   const struct lg_outputs *out, int partial);
/* Set when output_client failed to write a file. */
extern int output_failed;

#endif
