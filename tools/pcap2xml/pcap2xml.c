/* pcap2xml: converts a capture to PDML, Wireshark's XML packet format,
 * streaming, in constant memory, without libpcap. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdnoreturn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "capfile.h"
#include "err.h"
#include "outfile.h"
#include "packet.h"
#include "parse.h"
#include "pdml.h"

/* Output is written in pieces of this size. */
#define OUTPUT_BUFFER_SIZE (256u * 1024)

static void usage(FILE *fp)
{
	fprintf(fp,
		"usage: %s [-r FILE] [-w FILE] [-c COUNT]\n"
		"Converts a pcap capture to PDML (Wireshark's XML packet format).\n"
		"  -r FILE   read the capture from FILE (default: standard input)\n"
		"  -w FILE   write the PDML to FILE, atomically (default: standard output)\n"
		"  -c COUNT  stop after COUNT packets\n"
		"  -h        show this help\n",
		progname);
}

static struct outfile out;

/* Leaves nothing under the -w name, then exits 1. */
static noreturn void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static noreturn void fail(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	outfile_abort(&out);
	errx_(EXIT_FAIL, "%s", msg);
}

static void write_header(struct pdml_buf *b, const char *capture_file)
{
	pdml_lit(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		"<pdml version=\"0\" creator=\"sonde/pcap2xml\"");
	if (capture_file != NULL) {
		pdml_lit(b, " capture_file=\"");
		pdml_escaped(b, capture_file, strlen(capture_file));
		pdml_putc(b, '"');
	}
	pdml_lit(b, ">\n");
}

int main(int argc, char **argv)
{
	const char *rpath = NULL, *wpath = "-";
	uint64_t count = UINT64_MAX;
	int opt;

	err_init(argv[0]);
	opterr = 0;
	while ((opt = getopt(argc, argv, ":r:w:c:h")) != -1) {
		switch (opt) {
		case 'r': rpath = optarg; break;
		case 'w': wpath = optarg; break;
		case 'c': count = opt_u64('c', optarg, 1, UINT64_MAX); break;
		case 'h': usage(stdout); close_stdout(); return EXIT_OK;
		case ':': usage_error("option -%c needs an argument", optopt);
		default: usage_error("unknown option -%c", optopt);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (rpath != NULL && strcmp(rpath, "-") == 0)
		rpath = NULL;

	const char *name = rpath ? rpath : "standard input";
	int fd = STDIN_FILENO;
	if (rpath != NULL && (fd = open(rpath, O_RDONLY | O_CLOEXEC)) < 0)
		err_(EXIT_FAIL, "%s", rpath);

	struct capfile cf;
	if (capfile_open(&cf, fd) != 0)
		errx_(EXIT_FAIL, "%s: %s", name, cf.err);
	if (!packet_linktype_supported(cf.linktype))
		errx_(EXIT_FAIL, "%s: link-layer type %u is not supported", name, cf.linktype);

	if (outfile_open(&out, wpath) != 0)
		err_(EXIT_FAIL, "%s", wpath);
	struct pdml_buf b;
	pdml_buf_init(&b, OUTPUT_BUFFER_SIZE, out.fd);
	struct packet_writer pw;
	packet_writer_init(&pw, &b);

	write_header(&b, rpath);
	struct capfile_record rec;
	int rc = 0;
	for (uint64_t n = 0; n < count && (rc = capfile_next(&cf, &rec)) == 1; n++) {
		packet_write(&pw, &rec);
		if (b.error)
			break;
	}
	if (rc < 0)
		fail("%s: %s", name, cf.err);
	pdml_lit(&b, "</pdml>\n");
	if (pdml_flush(&b) != 0)
		fail("%s: %s", outfile_name(&out), strerror(b.error));

	packet_writer_free(&pw);
	pdml_buf_free(&b);
	capfile_close(&cf);
	if (rpath != NULL)
		close(fd);
	int to_stdout = out.path == NULL;
	if (outfile_commit(&out) != 0)
		err_(EXIT_FAIL, "%s", wpath);
	if (to_stdout)
		close_stdout();
	return EXIT_OK;
}
