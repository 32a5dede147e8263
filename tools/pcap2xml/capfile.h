/* Reading a capture file record by record, whatever its format.  The
 * format is told by the first four bytes: classic pcap (pcap.c) or pcapng
 * (pcapng.c), each with its own start function. */
#ifndef PCAP2XML_CAPFILE_H
#define PCAP2XML_CAPFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input.h"

/* The largest record accepted, as libpcap and Wireshark bound it
 * (MAXIMUM_SNAPLEN): anything larger is a corrupt file, not a packet. */
#define CAPFILE_MAX_CAPLEN 262144u

/* pcapng: the interfaces of one section a file may describe.  More is
 * reported as damage rather than held in ever more memory. */
#define CAPFILE_MAX_IFACES 1024u

struct capfile_record {
	uint64_t ts_sec;
	uint32_t ts_nsec;     /* always nanoseconds, whatever the file holds */
	uint32_t caplen;      /* bytes in data */
	uint32_t len;         /* bytes the packet had on the wire */
	unsigned linktype;    /* LINKTYPE_* of this record */
	uint32_t iface;       /* pcapng: the interface (frame.interface_id) */
	bool has_iface;       /* pcapng records name an interface; pcap's don't */
	bool has_ts;          /* false for pcapng simple packet blocks */
	uint32_t section;     /* pcapng: 1 for the first section */
	const char *iface_name; /* pcapng: if_name, or NULL */
	const uint8_t *data;  /* valid until the next capfile_next() */
	uint64_t offset;      /* file offset of the record, for messages */
};

/* A pcapng interface: its link type, snapshot length and timestamp unit
 * (if_tsresol: 10^-n seconds, or 2^-n with the top bit set). */
#define CAPFILE_IFACE_NAME_MAX 128
/* A message saying why a call failed, with the offset. */
#define CAPFILE_ERR_MAX 160
struct capfile_iface {
	unsigned linktype;
	uint32_t snaplen;
	uint8_t tsresol;
	bool named;
	char name[CAPFILE_IFACE_NAME_MAX]; /* if_name, cut to fit, NUL-ended */
};

struct capfile {
	struct input in;
	unsigned linktype;    /* pcap: the file's; pcapng: the first interface's */
	bool big_endian;      /* the file (pcapng: the section) is big-endian */
	bool nsec;            /* pcap: nanosecond timestamps */
	uint32_t snaplen;
	/* Called for every link type the file declares; a false return
	 * fails the read there (unknown link types are damage with an
	 * offset).  NULL accepts all. */
	bool (*accept_linktype)(unsigned linktype);
	/* pcapng: the current section's interfaces. */
	struct capfile_iface ifaces[CAPFILE_MAX_IFACES];
	unsigned nifaces;
	uint32_t section;     /* pcapng: sections read so far */
	char err[CAPFILE_ERR_MAX];   /* why the last call failed */
	/* The format's reader: 1 record, 0 end of file, -1 error. */
	int (*next)(struct capfile *cf, struct capfile_record *rec);
};

/* Reads the file header from fd.  Returns 0, or -1 with cf->err set (the
 * caller names the file). */
int capfile_open(struct capfile *cf, int fd, bool (*accept_linktype)(unsigned));
/* The same over bytes in memory (for the fuzz targets). */
int capfile_open_mem(struct capfile *cf, const uint8_t *data, size_t n,
	bool (*accept_linktype)(unsigned));
/* 1 record, 0 end of file, -1 error with cf->err set. */
int capfile_next(struct capfile *cf, struct capfile_record *rec);
void capfile_close(struct capfile *cf);

/* The formats.  Each is called with the magic number's four bytes still
 * unconsumed in cf->in. */
int pcap_start(struct capfile *cf);
int pcapng_start(struct capfile *cf);

/* Formats cf->err; returns -1 for "return capfile_fail(...)". */
int capfile_fail(struct capfile *cf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The message for a failed read (cf->in.error) or, without one, for
 * input that ends inside the structure `what` that starts at offset. */
int capfile_cut(struct capfile *cf, const char *what, uint64_t offset);
/* Checks a declared link type; fails with the offset when refused. */
int capfile_check_linktype(struct capfile *cf, unsigned linktype, uint64_t offset);

#endif
