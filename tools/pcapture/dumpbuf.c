#include "dumpbuf.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A record header as pcap-savefile(5) has it, in host byte order, as
 * libpcap writes it: seconds, then micro- or nanoseconds (whatever the
 * handle gives: pcap_dump() copies them unchanged), captured and original
 * lengths, each 32 bits. */
#define RECORD_HEADER 16

int dumpbuf_init(struct dumpbuf *db, FILE *fp, size_t size)
{
	memset(db, 0, sizeof(*db));
	db->fp = fp;
	if (size < RECORD_HEADER) {
		errno = EINVAL;
		return -1;
	}
	db->buf = malloc(size);
	if (db->buf == NULL)
		return -1;
	db->size = size;
	return 0;
}

static void put(struct dumpbuf *db, const void *data, size_t n)
{
	if (db->error)
		return;
	errno = 0;
	if (fwrite(data, 1, n, db->fp) != n)
		db->error = errno ? errno : EIO;
}

/* Empties the buffer into the FILE. */
static void spill(struct dumpbuf *db)
{
	if (db->len > 0)
		put(db, db->buf, db->len);
	db->len = 0;
}

void dumpbuf_add(struct dumpbuf *db, const struct pcap_pkthdr *h, const u_char *bytes)
{
	uint32_t hdr[4] = {
		(uint32_t)h->ts.tv_sec, (uint32_t)h->ts.tv_usec, h->caplen, h->len,
	};
	size_t need = RECORD_HEADER + h->caplen;

	if (db->len + need > db->size) {
		spill(db);
		/* Bigger than the whole buffer: straight through. */
		if (need > db->size) {
			put(db, hdr, RECORD_HEADER);
			put(db, bytes, h->caplen);
			return;
		}
	}
	memcpy(db->buf + db->len, hdr, RECORD_HEADER);
	memcpy(db->buf + db->len + RECORD_HEADER, bytes, h->caplen);
	db->len += need;
}

int dumpbuf_flush(struct dumpbuf *db)
{
	spill(db);
	errno = 0;
	if (!db->error && fflush(db->fp) != 0)
		db->error = errno ? errno : EIO;
	if (db->error) {
		errno = db->error;
		return -1;
	}
	return 0;
}

void dumpbuf_free(struct dumpbuf *db)
{
	free(db->buf);
	db->buf = NULL;
	db->len = db->size = 0;
}
