#include "sxml_writer.h"

#include <errno.h>
#include <libxml/entities.h>
#include <libxml/xmlIO.h>
#include <string.h>

/* Writes ' NAME="VALUE"' with VALUE escaped; a NULL or empty value writes
 * nothing when skip_empty is set. */
static void write_attr(xmlOutputBufferPtr out, const char *name, const char *value, int skip_empty)
{
	if (value == NULL || (skip_empty && *value == '\0'))
		return;
	xmlChar *escaped = xmlEncodeSpecialChars(NULL, (const xmlChar *)value);

	xmlOutputBufferWriteString(out, " ");
	xmlOutputBufferWriteString(out, name);
	xmlOutputBufferWriteString(out, "=\"");
	xmlOutputBufferWriteString(out, escaped ? (const char *)escaped : "");
	xmlOutputBufferWriteString(out, "\"");
	xmlFree(escaped);
}

int sxml_begin(struct sxml_writer *w, FILE *fp, const char **attrs)
{
	memset(w, 0, sizeof(*w));
	actors_init(&w->actors);
	/* Flushes on close but leaves fp open: the caller commits it. */
	w->out = xmlOutputBufferCreateFile(fp, NULL);
	if (w->out == NULL) {
		errno = ENOMEM;
		return -1;
	}
	xmlOutputBufferWriteString(w->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<capture");
	for (size_t i = 0; attrs && attrs[i]; i += 2)
		write_attr(w->out, attrs[i], attrs[i + 1], 0);
	xmlOutputBufferWriteString(w->out, ">\n");
	return w->out->error ? -1 : 0;
}

static const char *attr_of(xmlNodePtr node, const char *name)
{
	xmlAttrPtr a = xmlHasProp(node, (const xmlChar *)name);

	if (a == NULL || a->children == NULL || a->children->type != XML_TEXT_NODE)
		return NULL;
	return (const char *)a->children->content;
}

/* The endpoints of a simplified packet: <from>/<to> children. */
static int note_actors(struct actors *actors, xmlNodePtr packet)
{
	const char *proto = attr_of(packet, "proto");

	for (xmlNodePtr c = packet->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!xmlStrEqual(c->name, (const xmlChar *)"from") && !xmlStrEqual(c->name, (const xmlChar *)"to"))
			continue;
		const char *addr = attr_of(c, "addr");
		if (addr != NULL && actors_add(actors, proto ? proto : "", addr, attr_of(c, "port")) < 0)
			return -1;
	}
	return 0;
}

int sxml_add(struct sxml_writer *w, xmlDocPtr result)
{
	for (xmlNodePtr n = result->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && note_actors(&w->actors, n) != 0)
			return -1;
	/* The nodes themselves, not xsltSaveResultTo(): an XML declaration
	 * per packet would make the document invalid. */
	for (xmlNodePtr n = result->children; n; n = n->next) {
		xmlNodeDumpOutput(w->out, result, n, 0, 1, NULL);
		xmlOutputBufferWriteString(w->out, "\n");
	}
	if (w->out->error) {
		errno = EIO;
		return -1;
	}
	return 0;
}

int sxml_end(struct sxml_writer *w)
{
	xmlOutputBufferWriteString(w->out, "<actors>\n");
	for (size_t i = 0; i < w->actors.count; i++) {
		const struct actor *a = &w->actors.list[i];
		xmlOutputBufferWriteString(w->out, "  <actor");
		write_attr(w->out, "addr", a->addr, 0);
		write_attr(w->out, "port", a->port, 1);
		write_attr(w->out, "proto", a->proto, 1);
		xmlOutputBufferWriteString(w->out, "/>\n");
	}
	xmlOutputBufferWriteString(w->out, "</actors>\n</capture>\n");
	int failed = w->out->error != 0;
	if (xmlOutputBufferClose(w->out) < 0)
		failed = 1;
	w->out = NULL;
	actors_free(&w->actors);
	if (failed)
		errno = EIO;
	return failed ? -1 : 0;
}

void sxml_abort(struct sxml_writer *w)
{
	if (w->out)
		xmlOutputBufferClose(w->out);
	w->out = NULL;
	actors_free(&w->actors);
}
