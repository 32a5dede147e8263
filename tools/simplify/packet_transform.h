/* The compiled stylesheet and the per-packet transformation. */
#ifndef SIMPLIFY_PACKET_TRANSFORM_H
#define SIMPLIFY_PACKET_TRANSFORM_H

#include <libxml/tree.h>
#include <libxslt/xsltInternals.h>

/* Parses and compiles the stylesheet at path; NULL on failure (libxslt
 * has printed why).  EXSLT functions are available to it. */
xsltStylesheetPtr packet_transform_load(const char *path);

/* Applies style to one packet document with string parameters params
 * ({name, value, ..., NULL}, values taken literally, NULL for none).
 * Returns the result document, or NULL when the transformation failed
 * (libxslt has printed why). */
xmlDocPtr packet_transform(xsltStylesheetPtr style, xmlDocPtr packet, const char **params);

#endif
