/* The counters of a capture, as tcpdump reports them at exit. */
#ifndef PCAPTURE_COUNTERS_H
#define PCAPTURE_COUNTERS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct capture_counters {
	uint64_t captured;   /* packets written to the output */
	/* From pcap_stats(); on Linux "received" counts every packet that
	 * passed the filter, including those then dropped for lack of room. */
	uint64_t received;
	uint64_t dropped;    /* by the kernel: the capture buffer was full */
	/* By the interface: libpcap reads its rx_missed_errors and
	 * rx_fifo_errors from /sys/class/net, which shows the interfaces of
	 * the namespace /sys was mounted in; after -n that is not the
	 * capture's, so the count is unknown there. */
	uint64_t ifdropped;
	bool have_stats;     /* pcap_stats() answered */
	bool have_ifdropped; /* and ifdropped is the interface's */
};

/* tcpdump's lines: "N packets captured", "N packets received by filter",
 * "N packets dropped by kernel", "N packets dropped by interface" (the
 * last only when known). */
void counters_print(FILE *fp, const struct capture_counters *c);

/* The stats file: the header line TSV_HEADER, then one line of values
 * (iface, then the numbers; "-" for those that are not known). */
#define COUNTERS_TSV_HEADER "iface\tcaptured\treceived\tdropped\tifdropped\n"
void counters_write_tsv(FILE *fp, const char *iface, const struct capture_counters *c);

#endif
