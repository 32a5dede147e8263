/* Memoised element text.  Most header fields of consecutive packets of a
 * flow carry the same bytes at the same offsets (addresses, ports, TTL,
 * flags, lengths), so their PDML is the same text as last time.  A
 * dissector marks a stretch of its writing as a memo site: the key is
 * every input the stretch's text depends on (the header bytes, their
 * position, what decides its shape); the element depth inside the packet
 * (pdml_buf.nest) is added by memo_begin.
 *
 *   struct memo_key k = MEMO_KEY_INIT;
 *   memo_key_num(&k, start);
 *   memo_key_bytes(&k, header, 14);
 *   memo_begin(d->memo, b, MEMO_ETH, &k);
 *   ...the usual code: reads, state, writes...
 *   memo_end(d->memo, b, MEMO_ETH);
 *
 * A site notes each new key; the second time in a row it has the same
 * key, memo_end keeps the text written; from the third on, memo_begin
 * copies that text and the code between runs with the buffer in skip mode
 * (reads and state changes happen as always, the pdml_* writers and field
 * shapes return at once, and memo_end takes skip mode off again), and
 * returns true so that code that only writes can be left out.  (Keeping
 * the text of every packet would cost more than it saves when packets of
 * different flows alternate.)  So a site changes no state, only
 * how its text is made: it must hold no text that depends on anything but
 * its key (frame numbers, times, stream indexes, relative sequence
 * numbers stay outside).  Sites do not nest within themselves.
 *
 * One memo per thread (packet_writer), one slot per site: memory is
 * bounded (MEMO_SITES * MEMO_TEXT_MAX).  A NULL memo, a buffer in skip
 * mode or one written to a file makes every call do nothing. */
#ifndef PCAP2XML_MEMO_H
#define PCAP2XML_MEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pdml.h"

enum memo_site {
	MEMO_ETH,         /* eth: the header, to the type */
	MEMO_IP_HEAD,     /* ip: the proto start to ip.len */
	MEMO_IP_FLAGS,    /* ip.flags to ip.proto */
	MEMO_IP_TAIL,     /* ip.checksum.status to ip.dst */
	MEMO_UDP,         /* udp: the proto start to the checksum */
	MEMO_PAYLOAD,     /* udp.payload, tcp.payload */
	MEMO_DATA,        /* a data field */
	MEMO_SITES
};

enum {
	MEMO_KEY_MAX = 80,
	/* Longer texts are written each time. */
	MEMO_TEXT_MAX = 4096,
};

struct memo_key {
	size_t n;         /* > MEMO_KEY_MAX: too long, the site is not used */
	uint8_t k[MEMO_KEY_MAX];
};

#define MEMO_KEY_INIT { 0 }

static inline void memo_key_bytes(struct memo_key *k, const void *p, size_t n)
{
	if (n > MEMO_KEY_MAX || k->n > MEMO_KEY_MAX - n) {
		k->n = MEMO_KEY_MAX + 1;
		return;
	}
	memcpy(k->k + k->n, p, n);
	k->n += n;
}

static inline void memo_key_num(struct memo_key *k, uint64_t v)
{
	memo_key_bytes(k, &v, sizeof(v));
}

/* The usual key: n header bytes at p, shown at position pos. */
static inline void memo_key_at(struct memo_key *k, uint64_t pos, const void *p, size_t n)
{
	memo_key_num(k, pos);
	memo_key_bytes(k, p, n);
}

struct memo_slot {
	bool valid;       /* key and text are those of the last use */
	bool active;      /* between memo_begin and memo_end */
	bool hit;
	int nest;
	size_t keylen;
	uint8_t key[MEMO_KEY_MAX];
	size_t start;     /* where the site's writing began in the buffer */
	struct pdml_buf text;   /* in memory */
};

struct memo {
	struct memo_slot slot[MEMO_SITES];
	uint64_t hits, misses;
};

void memo_init(struct memo *m);
void memo_free(struct memo *m);

/* Returns true when the text was copied: code that only writes may then
 * be left out (it would write nothing). */
bool memo_begin(struct memo *m, struct pdml_buf *b, enum memo_site s, const struct memo_key *k);
void memo_end(struct memo *m, struct pdml_buf *b, enum memo_site s);

#endif
