/* Writes the simplified document: the <capture> element with its
 * attributes, each packet's transformation result as it comes, and at the
 * end the <actors> gathered from the packets' <from>/<to>. */
#ifndef SIMPLIFY_SXML_WRITER_H
#define SIMPLIFY_SXML_WRITER_H

#include <stdio.h>
#include <libxml/tree.h>

#include "actors.h"

struct sxml_writer {
	xmlOutputBufferPtr out;
	struct actors actors;
};

/* Starts the document on fp with <capture NAME="VALUE" ...> for attrs
 * ({name, value, ..., NULL}).  Returns 0 or -1 (errno set). */
int sxml_begin(struct sxml_writer *w, FILE *fp, const char **attrs);

/* Appends one packet's result and notes its endpoints.  Returns 0 or -1. */
int sxml_add(struct sxml_writer *w, xmlDocPtr result);

/* Writes <actors> and </capture> and flushes; frees everything (also after
 * a failure).  Returns 0 or -1 if anything could not be written. */
int sxml_end(struct sxml_writer *w);

/* Frees everything without finishing the document. */
void sxml_abort(struct sxml_writer *w);

#endif
