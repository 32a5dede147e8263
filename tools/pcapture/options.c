#include "options.h"

#include <limits.h>
#include <pcap/pcap.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "parse.h"

/* -B: libpcap takes an int; below a page or two the ring cannot hold a
 * single full-size packet, so such a value is surely a mistake. */
#define BUFFER_MIN (64 * 1024)
#define BUFFER_MAX ((uint64_t)INT_MAX)
/* -G: a bound that keeps the deadline arithmetic far from overflow. */
#define DURATION_MAX (366ULL * 24 * 3600 * 1000000000ULL)

static void usage(void)
{
	printf("usage: %s -i IFACE [-n NETNS] [-f FILTER] [-s SNAPLEN] [-B BUFFER_SIZE]\n"
	       "                -w FILE|- [-c COUNT] [-G DURATION] [-U] [-R READY_FILE]\n"
	       "                [-S STATS_FILE] [-Z USER] [-q]\n"
	       "       %s -d [-s SNAPLEN] [-y LINKTYPE] -f FILTER\n"
	       "\n"
	       "Captures packets with libpcap into a pcap file with nanosecond timestamps.\n"
	       "\n"
	       "  -i IFACE        capture on this interface\n"
	       "  -n NETNS        enter this network namespace (ip netns) first\n"
	       "  -f FILTER       capture filter (pcap-filter(7) syntax)\n"
	       "  -s SNAPLEN      bytes kept of each packet (default and 0: %d)\n"
	       "  -B BUFFER_SIZE  kernel capture buffer in bytes (64k, 4M, ...)\n"
	       "  -w FILE|-       write here (required; - is standard output)\n"
	       "  -c COUNT        stop after COUNT packets\n"
	       "  -G DURATION     stop after DURATION (5, 500ms, 2m, ...)\n"
	       "  -U              flush the output after every packet\n"
	       "  -R READY_FILE   create this file once the capture is active\n"
	       "  -S STATS_FILE   write the counters here (TSV) at the end\n"
	       "  -Z USER         drop root to USER once the capture is open\n"
	       "  -q              print neither the listening line nor the counters\n"
	       "  -d              print the compiled filter and exit (no capture)\n"
	       "  -y LINKTYPE     with -d: link type to compile for (default EN10MB)\n"
	       "  -h              print this help and exit\n",
	       progname, progname, PCAPTURE_SNAPLEN_MAX);
}

static void lookup_user(struct pcapture_opts *opts)
{
	const struct passwd *pw = getpwnam(opts->user);

	if (pw == NULL)
		usage_error("-Z: '%s': no such user", opts->user);
	opts->uid = pw->pw_uid;
	opts->gid = pw->pw_gid;
}

static int parse_linktype(const char *name)
{
	int dlt = pcap_datalink_name_to_val(name);

	if (dlt < 0)
		usage_error("-y: '%s': not a link type libpcap knows (like EN10MB, RAW, LINUX_SLL)", name);
	return dlt;
}

/* The options that only make sense for a live capture, for the message
 * when one is given with -d. */
static void reject_with_dump(const struct pcapture_opts *o)
{
	static const char msg[] = "-d compiles a filter only; it cannot be used with -%c";

	if (o->iface) usage_error(msg, 'i');
	if (o->netns) usage_error(msg, 'n');
	if (o->buffer_size) usage_error(msg, 'B');
	if (o->out_path) usage_error(msg, 'w');
	if (o->count) usage_error(msg, 'c');
	if (o->duration_ns) usage_error(msg, 'G');
	if (o->packet_buffered) usage_error(msg, 'U');
	if (o->ready_path) usage_error(msg, 'R');
	if (o->stats_path) usage_error(msg, 'S');
	if (o->user) usage_error(msg, 'Z');
	if (o->quiet) usage_error(msg, 'q');
}

static bool same_file(const char *a, const char *b)
{
	return a && b && strcmp(a, "-") != 0 && strcmp(a, b) == 0;
}

static void check_consistency(struct pcapture_opts *o, const char *linktype)
{
	if (o->dump_filter) {
		reject_with_dump(o);
		if (o->filter == NULL)
			usage_error("-d needs a filter (-f)");
		o->linktype = linktype ? parse_linktype(linktype) : DLT_EN10MB;
		return;
	}
	if (linktype)
		usage_error("-y is only for -d");
	if (o->iface == NULL)
		usage_error("no interface: -i IFACE is required");
	if (o->out_path == NULL)
		usage_error("no output: -w FILE is required (-w - for standard output)");
	if (o->ready_path && strcmp(o->ready_path, "-") == 0)
		usage_error("-R needs a file name, not standard output");
	if (o->stats_path && strcmp(o->stats_path, "-") == 0 && strcmp(o->out_path, "-") == 0)
		usage_error("-S - and -w - cannot both write to standard output");
	if (same_file(o->out_path, o->ready_path) || same_file(o->out_path, o->stats_path) ||
	    same_file(o->ready_path, o->stats_path))
		usage_error("-w, -R and -S must name different files");
	if (o->user)
		lookup_user(o);
}

void options_parse(int argc, char **argv, struct pcapture_opts *o)
{
	const char *linktype = NULL;
	int c;

	memset(o, 0, sizeof(*o));
	o->snaplen = PCAPTURE_SNAPLEN_MAX;
	opterr = 0;
	while ((c = getopt(argc, argv, ":B:c:dG:f:hi:n:qR:S:s:Uw:y:Z:")) != -1) {
		switch (c) {
		case 'B': o->buffer_size = (int)opt_size('B', optarg, BUFFER_MIN, BUFFER_MAX); break;
		case 'c': o->count = opt_u64('c', optarg, 1, UINT64_MAX); break;
		case 'd': o->dump_filter = true; break;
		case 'G': o->duration_ns = opt_duration_ns('G', optarg, 1, DURATION_MAX); break;
		case 'f': o->filter = optarg; break;
		case 'h': usage(); close_stdout(); exit(EXIT_OK);
		case 'i': o->iface = optarg; break;
		case 'n': o->netns = optarg; break;
		case 'q': o->quiet = true; break;
		case 'R': o->ready_path = optarg; break;
		case 'S': o->stats_path = optarg; break;
		case 's':
			o->snaplen = (int)opt_u64('s', optarg, 0, PCAPTURE_SNAPLEN_MAX);
			if (o->snaplen == 0)
				o->snaplen = PCAPTURE_SNAPLEN_MAX;
			break;
		case 'U': o->packet_buffered = true; break;
		case 'w': o->out_path = optarg; break;
		case 'y': linktype = optarg; break;
		case 'Z': o->user = optarg; break;
		case ':': usage_error("-%c needs an argument", optopt);
		default: usage_error("unknown option -%c", optopt);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s' (a filter goes after -f)", argv[optind]);
	check_consistency(o, linktype);
}
