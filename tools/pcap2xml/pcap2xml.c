/* pcap2xml: converts a capture to PDML, Wireshark's XML packet format,
 * streaming, in constant memory, without libpcap. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capfile.h"
#include "convert.h"
#include "err.h"
#include "outfile.h"
#include "packet.h"
#include "parallel.h"
#include "parse.h"
#include "pdml.h"

/* Output is written in pieces of this size. */
#define OUTPUT_BUFFER_SIZE (256u * 1024)

static void usage(FILE *fp)
{
	fprintf(fp,
		"usage: %s [-ls] [-r FILE] [-w FILE] [-c COUNT] [-R FIRST[-[LAST]]] [-j JOBS]\n"
		"Converts a pcap or pcapng capture to PDML (Wireshark's XML packet format).\n"
		"  -r FILE   read the capture from FILE (default: standard input)\n"
		"  -w FILE   write the PDML to FILE, atomically (default: standard output)\n"
		"  -c COUNT  stop after writing COUNT packets\n"
		"  -R RANGE  write only packets FIRST to LAST (numbered from 1; FIRST- to the end)\n"
		"  -s        leave payload bytes out (tcp.payload, udp.payload, data.data)\n"
		"  -l        one line per packet instead of PDML, like tshark's default output\n"
		"  -j JOBS   threads converting a file given with -r, 1 to %u (default: one per CPU, up to %u)\n"
		"  -h        show this help\n",
		progname, PARALLEL_MAX_JOBS, PARALLEL_DEFAULT_JOBS);
}

/* True for an existing -w target that is not a regular file (-w
 * /dev/null, a FIFO): it is written in place, since the atomic rename of
 * outfile.h would replace it with a regular file. */
static bool special_file(const char *path)
{
	struct stat st;

	return strcmp(path, "-") != 0 && stat(path, &st) == 0 && !S_ISREG(st.st_mode);
}

/* -R: "N", "FIRST-LAST" or "FIRST-". */
static void parse_range(const char *arg, struct convert_opts *o)
{
	char first[32];
	const char *dash = strchr(arg, '-');
	size_t n = dash ? (size_t)(dash - arg) : strlen(arg);

	if (n == 0 || n >= sizeof(first))
		usage_error("-R: '%s': not a packet range (FIRST-LAST, FIRST- or N)", arg);
	memcpy(first, arg, n);
	first[n] = '\0';
	o->first = opt_u64('R', first, 1, UINT64_MAX);
	if (dash == NULL)
		o->last = o->first;
	else if (dash[1] == '\0')
		o->last = UINT64_MAX;
	else
		o->last = opt_u64('R', dash + 1, o->first, UINT64_MAX);
}

int main(int argc, char **argv)
{
	const char *rpath = NULL, *wpath = "-";
	struct convert_opts o = { .first = 1, .last = UINT64_MAX, .count = UINT64_MAX };
	bool summary = false, no_payload = false;
	unsigned jobs = 0;   /* parallel_default_jobs() */
	int opt;

	err_init(argv[0]);
	opterr = 0;
	while ((opt = getopt(argc, argv, ":r:w:c:R:j:slh")) != -1) {
		switch (opt) {
		case 'r': rpath = optarg; break;
		case 'w': wpath = optarg; break;
		case 'c': o.count = opt_u64('c', optarg, 1, UINT64_MAX); break;
		case 'R': parse_range(optarg, &o); break;
		case 'j': jobs = (unsigned)opt_u64('j', optarg, 1, PARALLEL_MAX_JOBS); break;
		case 's': no_payload = true; break;
		case 'l': summary = true; break;
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

	/* Holds the interface table of a pcapng section: not for the stack. */
	static struct capfile cf;
	if (capfile_open(&cf, fd, packet_linktype_supported) != 0)
		errx_(EXIT_FAIL, "%s: %s", name, cf.err);

	struct outfile out = { .fd = -1 };
	bool direct = special_file(wpath);
	int ofd = direct ? open(wpath, O_WRONLY | O_CLOEXEC) : -1;
	if (direct ? ofd < 0 : outfile_open(&out, wpath) != 0)
		err_(EXIT_FAIL, "%s", wpath);
	struct pdml_buf b;
	pdml_buf_init(&b, OUTPUT_BUFFER_SIZE, direct ? ofd : out.fd);
	struct packet_writer pw;
	packet_writer_init(&pw, &b, CONV_MAX);
	pw.no_payload = no_payload;
	pw.summary = summary;

	/* Threads need a file each can open and read itself. */
	struct stat st;
	if (rpath == NULL || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		jobs = 1;
	else if (jobs == 0)
		jobs = parallel_default_jobs();

	if (!summary)
		convert_header(&b, rpath);
	/* Damage ends the conversion, not the document: the packets before
	 * it are written and the PDML closed, to -w as to standard output,
	 * and the exit status says the input was bad. */
	int damaged = 0;
	if (jobs > 1) {
		struct parallel_result pr;
		if (pdml_flush(&b) == 0 &&
				parallel_convert(rpath, b.fd, jobs, &o, no_payload, summary, &pr) != 0) {
			if (pr.write_error != 0)
				b.error = pr.write_error;
			else
				snprintf(cf.err, sizeof(cf.err), "%s", pr.err);
			damaged = pr.write_error == 0;
		}
	} else {
		damaged = convert_run(&cf, &pw, &o) != 0 && b.error == 0;
	}
	if (!summary)
		convert_footer(&b);
	if (pdml_flush(&b) != 0) {
		if (!direct)
			outfile_abort(&out);
		errx_(EXIT_FAIL, "%s: %s", direct ? wpath : outfile_name(&out), strerror(b.error));
	}
	packet_writer_free(&pw);
	pdml_buf_free(&b);
	capfile_close(&cf);
	if (rpath != NULL)
		close(fd);
	int to_stdout = !direct && out.path == NULL;
	if (direct ? close(ofd) != 0 : outfile_commit(&out) != 0)
		err_(EXIT_FAIL, "%s", wpath);
	if (to_stdout)
		close_stdout();
	if (damaged)
		errx_(EXIT_FAIL, "%s: %s", name, cf.err);
	return EXIT_OK;
}
