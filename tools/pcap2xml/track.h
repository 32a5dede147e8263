/* The conversation state of a packet that is not written (another thread
 * writes it, or -R leaves it out), for the common shapes without
 * dissecting it (track.c). */
#ifndef PCAP2XML_TRACK_H
#define PCAP2XML_TRACK_H

#include <stdbool.h>
#include <stdint.h>

#include "capfile.h"
#include "conv.h"

/* Updates t as dissecting rec (at now_ns since the epoch) would, and
 * returns true; or returns false, t unchanged, when rec is not of a shape
 * it knows: then it must be dissected. */
bool track_packet(struct conv_table *t, const struct capfile_record *rec, uint64_t now_ns);

#endif
