/* Streaming PDML input: the document is read with libxml2's xmlTextReader
 * and each <packet> is handed over as a small document of its own, then
 * freed, so memory stays flat however long the capture is. */
#ifndef SIMPLIFY_PDML_READER_H
#define SIMPLIFY_PDML_READER_H

#include <libxml/tree.h>

/* Why reading stopped: a libxml2 message with its line, or ours. */
struct pdml_error {
	int line;               /* 0 when unknown */
	char message[512];      /* no trailing newline */
};

/* Called with each packet as the root of its own document, which the
 * reader frees afterwards.  Returns 0 to go on, -1 to stop (the callback
 * reports its own error). */
typedef int (*pdml_packet_fn)(xmlDocPtr packet, void *arg);

enum pdml_status {
	PDML_OK = 0,
	PDML_BAD_INPUT = -1,    /* not well-formed, truncated, or not PDML: see err */
	PDML_STOPPED = -2,      /* the callback returned -1 */
};

/* Reads the PDML document on fd (name is its name in messages and its base
 * URI) to the end and calls fn for each top-level <packet>.  *npackets (if
 * not NULL) counts the packets handed over. */
enum pdml_status pdml_read(int fd, const char *name, pdml_packet_fn fn, void *arg,
			   unsigned long *npackets, struct pdml_error *err);

#endif
