/* pcap records written through a large buffer of pcapture's own.
 *
 * pcap_dump() costs two fwrite() calls per packet, and a FILE's default
 * buffer one write(2) per 4 KiB: measured, that was a third of pcapture's
 * CPU on a flood of small packets.  Here a record (the 16-byte header of
 * pcap-savefile(5) and the captured bytes) is copied into one large buffer
 * with memcpy(), and the buffer goes to the FILE in one fwrite() when it
 * is full or when the caller flushes it, after each batch of packets. */
#ifndef PCAPTURE_DUMPBUF_H
#define PCAPTURE_DUMPBUF_H

#include <pcap/pcap.h>
#include <stddef.h>
#include <stdio.h>

/* The buffer's size: 256 KiB, 64 times fewer write(2) calls than stdio's
 * 4 KiB, and still small beside the kernel's ring. */
#define DUMPBUF_SIZE (256 * 1024)

struct dumpbuf {
	FILE *fp;              /* where the records go, after the file header */
	unsigned char *buf;
	size_t len, size;
	int error;             /* errno of the first write failure, 0 if none */
};

/* Makes DB write to FP (whose pcap file header has been written, e.g. by
 * pcap_dump_fopen()) through a buffer of SIZE bytes.  Returns 0, or -1
 * with errno set when the buffer cannot be allocated. */
int dumpbuf_init(struct dumpbuf *db, FILE *fp, size_t size);

/* Appends one record, byte for byte what pcap_dump() writes for a handle
 * of the same timestamp precision.  A write failure is remembered in
 * DB->error (later records are dropped) for dumpbuf_flush() to report. */
void dumpbuf_add(struct dumpbuf *db, const struct pcap_pkthdr *h, const u_char *bytes);

/* Writes what is buffered to the FILE and flushes it.  Returns 0, or -1
 * with errno set to the first failure's (also on later calls). */
int dumpbuf_flush(struct dumpbuf *db);

void dumpbuf_free(struct dumpbuf *db);

#endif
