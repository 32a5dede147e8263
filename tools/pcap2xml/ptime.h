/* Timestamps as the capture gives them (seconds and nanoseconds, so that
 * no time a pcapng file can hold overflows) and Wireshark's ways of
 * writing them. */
#ifndef PCAP2XML_PTIME_H
#define PCAP2XML_PTIME_H

#include <stdbool.h>
#include <stdint.h>

#include "pdml.h"

struct ptime {
	uint64_t sec;
	uint32_t nsec;
};

/* "S.NNNNNNNNN" from `from` to `to` (negative when `to` is earlier). */
void ptime_write_delta(struct pdml_buf *b, struct ptime from, struct ptime to);

/* The formatted local time of one second, kept because consecutive
 * packets mostly share it: localtime_r and snprintf once a second. */
struct ptime_cache {
	bool valid;
	uint64_t sec;
	char prefix[128];  /* "Nov 14, 2023 22:13:20." */
	char zone[16];     /* " UTC" */
	size_t prefix_len, zone_len;
	bool zone_plain;   /* nothing in zone to escape */
};

/* "Nov 14, 2023 22:13:20.124456000 UTC" in local time, as Wireshark
 * shows absolute times. */
void ptime_write_local(struct pdml_buf *b, struct ptime t, struct ptime_cache *cache);

#endif
