/* Reading a capture file record by record, whatever its format.  The
 * format is told by the first four bytes: classic pcap (pcap.c) now;
 * pcapng slots in beside it with its own start function. */
#ifndef PCAP2XML_CAPFILE_H
#define PCAP2XML_CAPFILE_H

#include <stdbool.h>
#include <stdint.h>

#include "input.h"

/* The largest record accepted, as libpcap and Wireshark bound it
 * (MAXIMUM_SNAPLEN): anything larger is a corrupt file, not a packet. */
#define CAPFILE_MAX_CAPLEN 262144u

struct capfile_record {
	uint64_t ts_sec;
	uint32_t ts_nsec;     /* always nanoseconds, whatever the file holds */
	uint32_t caplen;      /* bytes in data */
	uint32_t len;         /* bytes the packet had on the wire */
	unsigned linktype;    /* LINKTYPE_* of this record */
	const uint8_t *data;  /* valid until the next capfile_next() */
	uint64_t offset;      /* file offset of the record, for messages */
};

struct capfile {
	struct input in;
	unsigned linktype;
	bool big_endian;      /* the file was written big-endian */
	bool nsec;            /* nanosecond timestamps */
	uint32_t snaplen;
	char err[160];        /* why the last call failed */
	/* The format's reader: 1 record, 0 end of file, -1 error. */
	int (*next)(struct capfile *cf, struct capfile_record *rec);
};

/* Reads the file header from fd.  Returns 0, or -1 with cf->err set (the
 * caller names the file). */
int capfile_open(struct capfile *cf, int fd);
/* 1 record, 0 end of file, -1 error with cf->err set. */
int capfile_next(struct capfile *cf, struct capfile_record *rec);
void capfile_close(struct capfile *cf);

/* The formats.  Each is called with the magic number's four bytes still
 * unconsumed in cf->in. */
int pcap_start(struct capfile *cf);

/* Formats cf->err; returns -1 for "return capfile_fail(...)". */
int capfile_fail(struct capfile *cf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
