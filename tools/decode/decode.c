/* decode: reassembles the TCP streams of a simplified capture, cuts them
 * into messages and decodes them by type descriptions given at run time;
 * writes the same document with a <message> in each packet that completes
 * one.  See decode(1). */
#include <errno.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "outfile.h"
#include "packet.h"
#include "parse.h"
#include "proto.h"

#define MAX_DECODERS 32

static void usage(FILE *fp)
{
	fprintf(fp,
		"usage: %s [-v] [-t FILE.x|http|dns|loadgen[:PORT[,PORT...]]]... [-r FILE] [-w FILE]\n"
		"Reassembles the TCP streams of a simplified capture (simplify's output),\n"
		"cuts them into messages and decodes them: ONC RPC records as XDR by a type\n"
		"description FILE.x, HTTP/1.x, DNS, loadgen's control lines; adds a\n"
		"<message> to the packet that completes each.\n"
		"  -t FILE.x[:PORTS]  decode traffic to or from PORTS (comma-separated)\n"
		"                     by FILE.x; without PORTS, the port of its const\n"
		"                     *_PORT; repeatable, the first that matches wins\n"
		"  -t http[:PORTS]    HTTP/1.x (default ports 80 and 8080)\n"
		"  -t dns[:PORTS]     DNS over UDP (default port 53)\n"
		"  -t loadgen[:PORTS] loadgen's (ipbench's) control protocol (default 8036)\n"
		"  -r FILE            input (default: standard input)\n"
		"  -w FILE            output, written atomically (default: standard output)\n"
		"  -v                 counts of packets, messages and problems on stderr\n"
		"  -h                 this help\n",
		progname);
}

/* "FILE.x[:PORT,...]" into d; exits on a usage error or a bad file. */
static void add_decoder(struct decoder *d, char *arg)
{
	char *colon = strrchr(arg, ':');
	char err[512];

	memset(d, 0, sizeof(*d));
	if (colon && colon[1] != '\0' && strspn(colon + 1, "0123456789,") == strlen(colon + 1)) {
		*colon = '\0';
		for (char *save = NULL, *p = strtok_r(colon + 1, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
			if (d->nports == DECODER_MAX_PORTS)
				usage_error("-t %s: more than %d ports", arg, DECODER_MAX_PORTS);
			d->ports[d->nports++] = (unsigned)opt_u64('t', p, 1, 65535);
		}
		if (d->nports == 0)
			usage_error("-t %s: no port after ':'", arg);
	}
	d->mod = proto_module_for(arg);
	if (d->mod == NULL)
		usage_error("-t %s: neither a type description (FILE.x) nor http, dns or loadgen", arg);
	if (d->mod->load != NULL) {
		const char *base = strrchr(arg, '/') ? strrchr(arg, '/') + 1 : arg;
		d->name = strndup(base, strlen(base) - strlen(d->mod->suffix));
	} else {
		d->name = strdup(d->mod->name);
	}
	if (d->name == NULL)
		err_(EXIT_FAIL, "-t");
	if (d->mod->load != NULL && d->mod->load(d, arg, err, sizeof(err)) < 0)
		errx_(EXIT_FAIL, "%s", err);
	if (d->nports == 0) {
		const unsigned *known = d->mod->well_known_ports;
		size_t nknown = sizeof(d->mod->well_known_ports) / sizeof(known[0]);
		while (d->nports < nknown && known[d->nports] != 0) {
			d->ports[d->nports] = known[d->nports];
			d->nports++;
		}
		if (d->nports == 0)
			usage_error("-t %s: no port given and the file has no const *_PORT", arg);
	}
}

/* Text for an attribute value. */
static void put_escaped(FILE *fp, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\n': fputs("&#10;", fp); break;
		case '\t': fputs("&#9;", fp); break;
		case '\r': fputs("&#13;", fp); break;
		default: fputc(*s, fp); break;
		}
	}
}

static void dump(FILE *fp, xmlDocPtr doc, xmlNodePtr node)
{
	xmlBufferPtr buf = xmlBufferCreate();

	if (buf == NULL)
		errx_(EXIT_FAIL, "out of memory");
	if (xmlNodeDump(buf, doc, node, 0, 0) < 0)
		errx_(EXIT_FAIL, "cannot write a packet");
	fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf), fp);
	fputc('\n', fp);
	xmlBufferFree(buf);
}

/* What completed at the end of the capture, then nothing more. */
static void finish(struct packets *ps, FILE *fp, xmlDocPtr scratch, int *done)
{
	if (*done)
		return;
	*done = 1;
	packets_end(ps);
	for (xmlNodePtr c = ps->sink.orphans->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			dump(fp, scratch, c);
}

static void xml_error(void *arg, xmlErrorPtr e)
{
	char *first = arg;

	if (e == NULL || e->level < XML_ERR_ERROR || first[0] != '\0')
		return;
	snprintf(first, 256, "line %d: %s", e->line, e->message ? e->message : "XML error");
	size_t n = strlen(first);
	while (n > 0 && (first[n - 1] == '\n' || first[n - 1] == ' '))
		first[--n] = '\0';
}

/* A top-level element of the capture: packets are decoded, the rest
 * (actors) copied after what the end of the capture completes. */
static void element(xmlNodePtr node, FILE *fp, struct packets *ps, xmlDocPtr scratch, int *done)
{
	int packet = strcmp((const char *)node->name, "packet") == 0;
	xmlNodePtr copy;

	if (!packet)
		finish(ps, fp, scratch, done);
	copy = xmlDocCopyNode(node, scratch, 1);
	if (copy == NULL)
		errx_(EXIT_FAIL, "out of memory");
	if (packet)
		packets_add(ps, copy);
	dump(fp, scratch, copy);
	xmlFreeNode(copy);
}

/* Copies the document from r to fp with the packets decoded.  0, or -1
 * with the reason in why. */
static int run(xmlTextReaderPtr r, const char *name, FILE *fp, struct packets *ps, char *why, size_t size)
{
	xmlDocPtr scratch = xmlNewDoc((const xmlChar *)"1.0");
	char first[256] = "";
	int root = 0, done = 0, rc;

	if (scratch == NULL)
		errx_(EXIT_FAIL, "out of memory");
	xmlTextReaderSetStructuredErrorHandler(r, xml_error, first);
	rc = xmlTextReaderRead(r);
	while (rc == 1) {
		int type = xmlTextReaderNodeType(r), depth = xmlTextReaderDepth(r);
		if (root == 0 && type == XML_READER_TYPE_ELEMENT) {
			if (strcmp((const char *)xmlTextReaderConstLocalName(r), "capture") != 0) {
				snprintf(why, size, "%s: not a simplified capture: the root is <%s>, not <capture>",
					 name, (const char *)xmlTextReaderConstName(r));
				xmlFreeDoc(scratch);
				return -1;
			}
			root = 1;
			fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<capture", fp);
			while (xmlTextReaderMoveToNextAttribute(r) == 1) {
				fprintf(fp, " %s=\"", (const char *)xmlTextReaderConstName(r));
				put_escaped(fp, (const char *)xmlTextReaderConstValue(r));
				fputc('"', fp);
			}
			xmlTextReaderMoveToElement(r);
			fputs(">\n", fp);
			if (xmlTextReaderIsEmptyElement(r)) {
				finish(ps, fp, scratch, &done);
				fputs("</capture>\n", fp);
				root = 2;
			}
		} else if (root == 1 && type == XML_READER_TYPE_ELEMENT && depth == 1) {
			xmlNodePtr node = xmlTextReaderExpand(r);
			if (node == NULL) {
				rc = -1;
				break;
			}
			element(node, fp, ps, scratch, &done);
			/* past the subtree (the reader frees it), onto the next
			 * node, which the loop looks at before reading on */
			rc = xmlTextReaderNext(r);
			continue;
		} else if (root == 1 && type == XML_READER_TYPE_END_ELEMENT && depth == 0) {
			finish(ps, fp, scratch, &done);
			fputs("</capture>\n", fp);
			root = 2;
		}
		rc = xmlTextReaderRead(r);
	}
	xmlFreeDoc(scratch);
	if (rc < 0 || first[0] != '\0')
		snprintf(why, size, "%s: %s", name, first[0] ? first : "malformed XML");
	else if (root == 0)
		snprintf(why, size, "%s: not a simplified capture: no <capture> element", name);
	else if (root == 1)
		snprintf(why, size, "%s: the document ends inside <capture>", name);
	else
		return 0;
	return -1;
}

int main(int argc, char **argv)
{
	static struct decoder ds[MAX_DECODERS];
	size_t nds = 0;
	const char *in = NULL, *out = "-";
	int verbose = 0, c;

	err_init(argv[0]);
	while ((c = getopt(argc, argv, "hr:t:vw:")) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			close_stdout();
			return EXIT_OK;
		case 'r':
			in = optarg;
			break;
		case 't':
			if (nds == MAX_DECODERS)
				usage_error("-t: more than %d descriptions", MAX_DECODERS);
			add_decoder(&ds[nds++], optarg);
			break;
		case 'v':
			verbose = 1;
			break;
		case 'w':
			out = optarg;
			break;
		default:
			usage_error("unknown option");
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (in && strcmp(in, "-") == 0)
		in = NULL;

	LIBXML_TEST_VERSION
	struct packets ps;
	if (packets_init(&ps, ds, nds) < 0)
		errx_(EXIT_FAIL, "out of memory");
	const char *name = in ? in : "standard input";
	xmlTextReaderPtr r = in ? xmlReaderForFile(in, NULL, XML_PARSE_NONET | XML_PARSE_COMPACT)
				: xmlReaderForFd(STDIN_FILENO, "stdin", NULL, XML_PARSE_NONET | XML_PARSE_COMPACT);
	if (r == NULL) {
		if (in && access(in, R_OK) < 0)
			err_(EXIT_FAIL, "%s", in);
		errx_(EXIT_FAIL, "%s: cannot read", name);
	}
	struct outfile of;
	if (outfile_open(&of, out) < 0)
		err_(EXIT_FAIL, "%s", out);
	char why[512];
	if (run(r, name, of.fp, &ps, why, sizeof(why)) < 0) {
		outfile_abort(&of);
		errx_(EXIT_FAIL, "%s", why);
	}
	xmlFreeTextReader(r);
	if (ps.without_seq > 0)
		warnx_("%lu TCP packets have no seq attribute (simplify.xsl without it?): not decoded",
		       ps.without_seq);
	if (outfile_commit(&of) < 0)
		err_(EXIT_FAIL, "%s", outfile_name(&of));
	if (verbose)
		fprintf(stderr, "%s: %lu packets, %lu messages (%lu malformed), %lu stream problems\n",
			progname, ps.packets, ps.sink.messages, ps.sink.malformed, ps.sink.problems);
	packets_free(&ps);
	for (size_t i = 0; i < nds; i++) {
		if (ds[i].mod->unload != NULL)
			ds[i].mod->unload(&ds[i]);
		free(ds[i].name);
	}
	xmlCleanupParser();
	if (strcmp(out, "-") == 0)
		close_stdout();
	return EXIT_OK;
}
