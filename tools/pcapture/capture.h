/* The live capture: opening the interface and the packet loop. */
#ifndef PCAPTURE_CAPTURE_H
#define PCAPTURE_CAPTURE_H

#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdint.h>

#include "counters.h"
#include "dumpbuf.h"
#include "options.h"

/* Blocks SIGINT and SIGTERM and installs their handler.  Called first
 * thing, so a stop signal that arrives while the capture is being set up
 * is kept pending and ends the capture cleanly (with a valid, empty file)
 * as soon as the loop starts, instead of killing the process. */
void capture_signals_init(void);

/* Creates and activates the handle for OPTS (snaplen, buffer, nanosecond
 * timestamps, immediate delivery, non-blocking) and installs the filter.
 * Prints libpcap's warnings; exits 1 with "IFACE: why" or "filter 'F':
 * why" on failure. */
pcap_t *capture_open(const struct pcapture_opts *opts);

/* The link type, snapshot length and interface, as tcpdump says them. */
void capture_announce(pcap_t *p, const char *iface);

enum capture_end { CAPTURE_COUNT, CAPTURE_DURATION, CAPTURE_SIGNAL, CAPTURE_ERROR };

struct capture_run {
	pcap_t *p;
	struct dumpbuf out;     /* the records, after the dumper's file header */
	bool flush_each;        /* -U */
	uint64_t count;         /* stop after this many, 0 = no limit */
	uint64_t duration_ns;   /* stop after this long, 0 = no limit */
	bool in_other_netns;    /* -n: libpcap's interface drops are not ours */
	struct capture_counters counters;
	struct pcap_stat baseline; /* the kernel's counters when the filter was in */
	char error[PCAP_ERRBUF_SIZE + 64]; /* why, on CAPTURE_ERROR */
};

/* Remembers the kernel's counters as they are now, once the filter is
 * installed, so that the final ones count from here: what the socket saw
 * before the filter was in place (everything, unfiltered) is left out. */
void capture_stats_baseline(struct capture_run *run);

/* Captures until the count, the duration or a stop signal, writing every
 * packet to RUN->out; then reads what the kernel had already queued
 * (so every packet received before the stop is kept), and fills the
 * counters. */
enum capture_end capture_loop(struct capture_run *run);

#endif
