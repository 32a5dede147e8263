/* simplify: PDML -> simplified XML, through an XSLT stylesheet applied
 * packet by packet so memory stays flat however long the capture is.
 * See simplify(1) and reports/xsl/simplify.xsl for the output schema. */
#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "outfile.h"
#include "packet_transform.h"
#include "pdml_reader.h"
#include "sxml_writer.h"
#include "xml_errors.h"
#include "xsl_path.h"

#define DEFAULT_STYLESHEET "simplify.xsl"

static void usage(FILE *fp)
{
	fprintf(fp,
		"usage: %s [-r FILE] [-w FILE] [-x STYLESHEET] [-p NAME=VALUE]...\n"
		"Turns PDML (from pcap2xml or tshark) into simplified XML: one <packet>\n"
		"per frame and the <actors> at the end, applying the stylesheet packet by\n"
		"packet.\n"
		"  -r FILE        PDML input (default: standard input)\n"
		"  -w FILE        output, written atomically (default: standard output)\n"
		"  -x STYLESHEET  stylesheet (default: $SONDE_XSLDIR/%s, else\n"
		"                 ../../reports/xsl/%s from the executable's folder)\n"
		"  -p NAME=VALUE  string parameter for the stylesheet, also an attribute\n"
		"                 of <capture>; repeatable (e.g. -p guest=master -p iface=eth0)\n"
		"  -h             this help\n",
		progname, DEFAULT_STYLESHEET, DEFAULT_STYLESHEET);
}

/* NAME=VALUE parameters as libxslt wants them: {name, value, ..., NULL}. */
struct params {
	const char **kv;
	size_t n;       /* entries used in kv, excluding the final NULL */
};

static int is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* A name usable both as an XSLT parameter and as an attribute. */
static int is_xml_name(const char *s, size_t len)
{
	if (len == 0 || !is_letter(s[0]))
		return 0;
	for (size_t i = 1; i < len; i++)
		if (!is_letter(s[i]) && !(s[i] >= '0' && s[i] <= '9') && s[i] != '-' && s[i] != '.')
			return 0;
	return 1;
}

static void params_add(struct params *p, char *arg)
{
	char *eq = strchr(arg, '=');

	if (eq == NULL || !is_xml_name(arg, (size_t)(eq - arg)))
		usage_error("-p: '%s': expected NAME=VALUE with NAME a plain XML name", arg);
	*eq = '\0';
	for (size_t i = 0; i < p->n; i += 2)
		if (strcmp(p->kv[i], arg) == 0)
			usage_error("-p: parameter '%s' given twice", arg);
	const char **kv = realloc(p->kv, (p->n + 3) * sizeof(*kv));
	if (kv == NULL)
		err_(EXIT_FAIL, "-p");
	kv[p->n++] = arg;
	kv[p->n++] = eq + 1;
	kv[p->n] = NULL;
	p->kv = kv;
}

struct run {
	xsltStylesheetPtr style;
	const char *style_path;
	const char **params;
	struct sxml_writer writer;
	const char *out_name;
	unsigned long done;
};

static int one_packet(xmlDocPtr packet, void *arg)
{
	struct run *run = arg;
	xmlDocPtr result = packet_transform(run->style, packet, run->params);

	if (result == NULL) {
		xml_errors_flush();
		warnx_("%s: packet %lu: the transformation failed", run->style_path, run->done + 1);
		return -1;
	}
	int rc = sxml_add(&run->writer, result);
	xmlFreeDoc(result);
	if (rc != 0) {
		warn_("%s", run->out_name);
		return -1;
	}
	run->done++;
	return 0;
}

int main(int argc, char **argv)
{
	const char *in_path = "-", *out_path = "-", *style_path = NULL;
	struct params params = { 0 };
	int c;

	err_init(argv[0]);
	while ((c = getopt(argc, argv, "r:w:x:p:h")) != -1) {
		switch (c) {
		case 'r': in_path = optarg; break;
		case 'w': out_path = optarg; break;
		case 'x': style_path = optarg; break;
		case 'p': params_add(&params, optarg); break;
		case 'h': usage(stdout); close_stdout(); return EXIT_OK;
		default: usage_error("unknown option");
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);

	LIBXML_TEST_VERSION
	xml_errors_to_stderr();

	const char *in_name = strcmp(in_path, "-") == 0 ? "standard input" : in_path;
	int in_fd = strcmp(in_path, "-") == 0 ? STDIN_FILENO : open(in_path, O_RDONLY | O_CLOEXEC);
	if (in_fd < 0)
		err_(EXIT_FAIL, "%s", in_path);

	char *default_style = NULL;
	if (style_path == NULL) {
		default_style = xsl_path_default(DEFAULT_STYLESHEET);
		if (default_style == NULL)
			err_(EXIT_FAIL, "cannot locate %s (use -x or set SONDE_XSLDIR)", DEFAULT_STYLESHEET);
		style_path = default_style;
	}
	if (access(style_path, R_OK) != 0)
		err_(EXIT_FAIL, "%s%s", style_path,
		     default_style ? " (use -x or set SONDE_XSLDIR)" : "");

	struct run run = { .style_path = style_path, .params = params.kv };
	run.style = packet_transform_load(style_path);
	xml_errors_flush();
	if (run.style == NULL)
		errx_(EXIT_FAIL, "%s: cannot compile the stylesheet", style_path);

	struct outfile out;
	if (outfile_open(&out, out_path) != 0)
		err_(EXIT_FAIL, "%s", out_path);
	run.out_name = outfile_name(&out);

	int failed = 0;
	if (sxml_begin(&run.writer, out.fp, params.kv) != 0) {
		warn_("%s", run.out_name);
		failed = 1;
	}

	struct pdml_error perr;
	enum pdml_status st = PDML_STOPPED;
	if (!failed)
		st = pdml_read(in_fd, in_name, one_packet, &run, NULL, &perr);
	xml_errors_flush();
	if (st == PDML_BAD_INPUT) {
		if (perr.line > 0)
			warnx_("%s: line %d: %s", in_name, perr.line, perr.message);
		else
			warnx_("%s: %s", in_name, perr.message);
	}
	if (st != PDML_OK) {
		sxml_abort(&run.writer);
		failed = 1;
	} else if (sxml_end(&run.writer) != 0 || outfile_commit(&out) != 0) {
		warn_("%s", run.out_name);
		failed = 1;
	}
	if (failed)
		outfile_abort(&out);

	if (in_fd != STDIN_FILENO)
		close(in_fd);
	xsltFreeStylesheet(run.style);
	xsltCleanupGlobals();
	xmlCleanupParser();
	free(default_style);
	free(params.kv);
	if (failed)
		return EXIT_FAIL;
	close_stdout();
	return EXIT_OK;
}
