#include "pdml_reader.h"

#include <libxml/xmlreader.h>
#include <stdio.h>
#include <string.h>

/* Keeps the first error libxml2 reports (later ones are consequences). */
static void keep_first_error(void *arg, xmlErrorPtr e)
{
	struct pdml_error *err = arg;

	if (e == NULL || e->level < XML_ERR_ERROR || err->message[0] != '\0')
		return;
	err->line = e->line;
	snprintf(err->message, sizeof(err->message), "%s",
		 e->message ? e->message : "XML error");
	size_t n = strlen(err->message);
	while (n > 0 && (err->message[n - 1] == '\n' || err->message[n - 1] == ' '))
		err->message[--n] = '\0';
}

static void set_error(struct pdml_error *err, int line, const char *what, const char *name)
{
	if (err->message[0] != '\0')
		return;
	err->line = line;
	snprintf(err->message, sizeof(err->message), "%s%s%s", what,
		 name ? name : "", name ? "'" : "");
}

/* Hands one expanded <packet> over as a document of its own. */
static int deliver(xmlNodePtr packet, pdml_packet_fn fn, void *arg)
{
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr copy = doc ? xmlDocCopyNode(packet, doc, 1) : NULL;
	int rc;

	if (copy == NULL) {
		xmlFreeDoc(doc);
		return -2;
	}
	xmlDocSetRootElement(doc, copy);
	rc = fn(doc, arg);
	xmlFreeDoc(doc);
	return rc;
}

static int is_element(xmlTextReaderPtr r, int depth, const char *name)
{
	return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
	       xmlTextReaderDepth(r) == depth &&
	       strcmp((const char *)xmlTextReaderConstLocalName(r), name) == 0;
}

enum pdml_status pdml_read(int fd, const char *name, pdml_packet_fn fn, void *arg,
			   unsigned long *npackets, struct pdml_error *err)
{
	/* No network, no entity expansion, no DTD loading: the input is data. */
	xmlTextReaderPtr r = xmlReaderForFd(fd, name, NULL, XML_PARSE_NONET | XML_PARSE_COMPACT);
	enum pdml_status status = PDML_OK;
	int seen_root = 0;
	unsigned long count = 0;

	memset(err, 0, sizeof(*err));
	if (npackets)
		*npackets = 0;
	if (r == NULL) {
		set_error(err, 0, "cannot create an XML reader", NULL);
		return PDML_BAD_INPUT;
	}
	xmlTextReaderSetStructuredErrorHandler(r, keep_first_error, err);

	int rc = xmlTextReaderRead(r);
	while (rc == 1 && status == PDML_OK) {
		if (!seen_root && xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT) {
			if (!is_element(r, 0, "pdml")) {
				set_error(err, xmlGetLineNo(xmlTextReaderCurrentNode(r)),
					  "not PDML: the root element is '",
					  (const char *)xmlTextReaderConstName(r));
				status = PDML_BAD_INPUT;
				break;
			}
			seen_root = 1;
		} else if (is_element(r, 1, "packet")) {
			xmlNodePtr packet = xmlTextReaderExpand(r);
			if (packet == NULL) {
				rc = -1;
				break;
			}
			int cb = deliver(packet, fn, arg);
			if (cb == -2)
				set_error(err, xmlTextReaderGetParserLineNumber(r), "out of memory", NULL);
			if (cb != 0) {
				status = cb == -2 ? PDML_BAD_INPUT : PDML_STOPPED;
				break;
			}
			count++;
			/* Past the subtree just handled (the reader frees it), onto
			 * the next node, which the loop looks at before reading on. */
			rc = xmlTextReaderNext(r);
			continue;
		}
		rc = xmlTextReaderRead(r);
	}
	if (status == PDML_OK && rc < 0)
		status = PDML_BAD_INPUT;
	if (status == PDML_OK && !seen_root) {
		set_error(err, 0, "not PDML: no <pdml> element", NULL);
		status = PDML_BAD_INPUT;
	}
	if (status == PDML_BAD_INPUT && err->message[0] == '\0')
		set_error(err, xmlTextReaderGetParserLineNumber(r), "malformed XML", NULL);
	xmlFreeTextReader(r);
	if (npackets)
		*npackets = count;
	return status;
}
