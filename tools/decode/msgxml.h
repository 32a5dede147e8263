/* A decoded message as XML: the <message> element decode(1) adds to a
 * packet, with the value tree as nested elements and a one-line summary
 * for the report's sequence view. */
#ifndef DECODE_MSGXML_H
#define DECODE_MSGXML_H

#include <libxml/tree.h>
#include <stddef.h>
#include <stdint.h>

#include "xdrdecode.h"

/* Opaque values show at most this many bytes (in hex). */
#define MSGXML_MAX_OPAQUE 64
/* A summary is at most this long (in bytes, cut at a character). */
#define MSGXML_MAX_SUMMARY 120

/* <message proto=P type=T first=N len=L summary=S [malformed=...]> with
 * t's values; NULL when out of memory. */
xmlNodePtr msgxml_message(const char *proto, const struct xtree *t, size_t len, uint64_t first_n);
/* A bare <message> with its attributes (malformed may be NULL), for
 * decoders that add their own children. */
xmlNodePtr msgxml_new(const char *proto, const char *type, uint64_t first_n, size_t len,
		      const char *summary, const char *malformed);
/* <problem proto=P why=W/>: the stream, not a message, went wrong. */
xmlNodePtr msgxml_problem(const char *proto, const char *why);
/* The summary of t into buf: "TYPE k=v ...". */
void msgxml_summary(const struct xtree *t, char *buf, size_t size);
/* bytes as text that XML can hold: printable ASCII as it is, "\\" for a
 * backslash, "\xNN" for any other byte.  Returns a malloc'd string. */
char *msgxml_escape(const uint8_t *p, size_t len);
/* bytes in lower-case hex; a malloc'd string. */
char *msgxml_hex(const uint8_t *p, size_t len);

/* <NAME len="LEN" [shown="N"]>the first N bytes, p, in hex</NAME> under
 * parent (shown only when N < LEN): an opaque value, a body; NULL when out
 * of memory. */
xmlNodePtr msgxml_bytes(xmlNodePtr parent, const char *name, const uint8_t *p, size_t n,
			uint64_t len);

/* A byte string that arrives in pieces (a body): its first
 * MSGXML_MAX_OPAQUE bytes and its length. */
struct msgxml_sample {
	uint8_t first[MSGXML_MAX_OPAQUE];
	uint64_t len;
};
/* n more bytes at p, or n bytes missing from the capture (p NULL). */
void msgxml_sample_add(struct msgxml_sample *s, const uint8_t *p, uint64_t n);
/* msgxml_bytes() of a sample. */
xmlNodePtr msgxml_sample_node(xmlNodePtr parent, const char *name, const struct msgxml_sample *s);

#endif
