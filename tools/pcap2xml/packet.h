/* Writing one capture record as a PDML <packet>: geninfo, frame, then the
 * dissectors' protocols, then Wireshark's marker when the packet was cut
 * short or is malformed. */
#ifndef PCAP2XML_PACKET_H
#define PCAP2XML_PACKET_H

#include <stdbool.h>
#include <stdint.h>

#include "capfile.h"
#include "conv.h"
#include "dissect.h"
#include "memo.h"
#include "pdml.h"
#include "ptime.h"

struct packet_writer {
	struct pdml_buf *out;
	struct pdml_buf body;       /* one packet's protocols */
	struct pdml_buf scratch;    /* one packet's times, as text */
	struct conv_table *conv;
	uint64_t count;
	struct ptime first, prev;
	struct ptime prev_shown;    /* of the last record written */
	bool have_first, have_shown;
	bool no_payload;            /* -s */
	bool summary;               /* -l: one line per packet, not PDML */
	/* Followed for the state it leaves only (track.c, or dissected
	 * without text): another thread writes this packet (parallel.c). */
	bool silent;
	struct ptime_cache time_cache;
	struct ptime_cache data_time_cache;   /* dissect.time_cache */
	struct memo memo;                     /* dissect.memo */
	/* frame.protocols of the packet written last: the guess the next
	 * one's frame is written with before its protocols are dissected
	 * (packet.c). */
	char protos[DISSECT_PROTOS_TEXT];
	size_t nprotos;
	/* The names it was made of (dissect.protos: literals, so the same
	 * pointers are the same text). */
	const char *proto_names[DISSECT_MAX_PROTOS];
	unsigned nproto_names;
	size_t protos_at;           /* where frame.protocols starts in out */
};

/* conv_max bounds the conversation table (CONV_MAX). */
void packet_writer_init(struct packet_writer *pw, struct pdml_buf *out, uint32_t conv_max);
void packet_writer_free(struct packet_writer *pw);

/* True when records of this link type can be dissected. */
bool packet_linktype_supported(unsigned linktype);

/* Follows a record (so conversations are numbered as in the whole
 * capture) and, when shown, writes it. */
void packet_write(struct packet_writer *pw, const struct capfile_record *rec, bool shown);

#endif
