/* pcapture: captures packets with libpcap into a pcap file with nanosecond
 * timestamps, in the manner of tcpdump -w.  See pcapture.1. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "counters.h"
#include "dumpbuf.h"
#include "err.h"
#include "filter.h"
#include "netns.h"
#include "options.h"
#include "outfile.h"
#include "privdrop.h"
#include "textfile.h"

/* The capture file being written; removed by the exit handler unless it
 * was committed, so no failure leaves a temporary behind. */
static struct outfile output = { .fd = -1 };

static void remove_unfinished_output(void)
{
	outfile_abort(&output);
}

static int dump_filter(const struct pcapture_opts *o)
{
	char msg[PCAP_ERRBUF_SIZE + 256];

	if (filter_print(o->filter, o->linktype, o->snaplen, msg, sizeof(msg)) != 0)
		errx_(EXIT_FAIL, "%s", msg);
	close_stdout();
	return EXIT_OK;
}

/* A stale ready file from an earlier run must not look like this one. */
static void remove_stale_ready_file(const char *path)
{
	if (unlink(path) != 0 && errno != ENOENT)
		err_(EXIT_FAIL, "%s: removing the old ready file", path);
}

/* After -Z, files are renamed into place as the new user: check while
 * still root that it may (so the temporary can still be removed), rather
 * than lose the capture at the end. */
static void check_dir_writable(const struct pcapture_opts *o, const char *path)
{
	char *copy;

	if (path == NULL || strcmp(path, "-") == 0)
		return;
	copy = strdup(path);
	if (copy == NULL)
		err_(EXIT_FAIL, "strdup");
	if (privdrop_user_access(o->user, o->uid, o->gid, dirname(copy), W_OK | X_OK) != 0)
		err_(EXIT_FAIL, "%s: user %s cannot write in its folder", path, o->user);
	free(copy);
}

static void drop_privileges(const struct pcapture_opts *o)
{
	const char *what;

	check_dir_writable(o, o->out_path);
	check_dir_writable(o, o->ready_path);
	check_dir_writable(o, o->stats_path);
	/* The capture file becomes the user's, as if they had created it. */
	if (output.fd >= 0 && output.tmp && fchown(output.fd, o->uid, o->gid) != 0)
		err_(EXIT_FAIL, "%s: giving it to user %s", outfile_name(&output), o->user);
	if (privdrop(o->user, o->uid, o->gid, &what) != 0)
		err_(EXIT_FAIL, "-Z %s: %s", o->user, what);
}

static void write_ready_file(const char *path, const char *iface)
{
	char text[256];

	snprintf(text, sizeof(text), "%ld\t%s\n", (long)getpid(), iface);
	if (textfile_write(path, text) != 0)
		err_(EXIT_FAIL, "%s", path);
}

static void write_stats_file(const char *path, const char *iface, const struct capture_counters *c)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	if (mem == NULL)
		err_(EXIT_FAIL, "open_memstream");
	counters_write_tsv(mem, iface, c);
	if (fclose(mem) != 0)
		err_(EXIT_FAIL, "open_memstream");
	if (textfile_write(path, text) != 0)
		err_(EXIT_FAIL, "%s", path);
	free(text);
}

int main(int argc, char **argv)
{
	struct pcapture_opts o;
	struct capture_run run;
	pcap_dumper_t *dumper;
	enum capture_end end;

	err_init(argv[0]);
	options_parse(argc, argv, &o);
	if (o.dump_filter)
		return dump_filter(&o);

	capture_signals_init();
	if (o.ready_path)
		remove_stale_ready_file(o.ready_path);
	if (o.netns && netns_enter(o.netns) != 0)
		err_(EXIT_FAIL, "network namespace '%s'", o.netns);

	memset(&run, 0, sizeof(run));
	run.p = capture_open(&o);
	capture_stats_baseline(&run);
	if (outfile_open(&output, o.out_path) != 0)
		err_(EXIT_FAIL, "%s", o.out_path);
	atexit(remove_unfinished_output);
	/* run.out buffers the records; a second buffer in stdio would only
	 * cut its writes in two. */
	if (setvbuf(output.fp, NULL, _IONBF, 0) != 0)
		errx_(EXIT_FAIL, "%s: cannot unbuffer the output", outfile_name(&output));
	/* libpcap's dumper writes the file header to output.fp, and the
	 * records follow through run.out; outfile_commit() closes output.fp,
	 * so pcap_dump_close() (which would fclose it too) is never called. */
	dumper = pcap_dump_fopen(run.p, output.fp);
	if (dumper == NULL)
		errx_(EXIT_FAIL, "%s: %s", outfile_name(&output), pcap_geterr(run.p));
	if (dumpbuf_init(&run.out, output.fp, DUMPBUF_SIZE) != 0)
		err_(EXIT_FAIL, "output buffer");
	if (o.user)
		drop_privileges(&o);
	/* The output being unbuffered, the header is out already and a
	 * reader of -w - can start at once; this checks that it went. */
	if (pcap_dump_flush(dumper) != 0)
		err_(EXIT_FAIL, "%s", outfile_name(&output));

	if (!o.quiet)
		capture_announce(run.p, o.iface);
	if (o.ready_path)
		write_ready_file(o.ready_path, o.iface);

	run.flush_each = o.packet_buffered;
	run.count = o.count;
	run.duration_ns = o.duration_ns;
	run.in_other_netns = o.netns != NULL;
	end = capture_loop(&run);
	if (end == CAPTURE_ERROR)
		errx_(EXIT_FAIL, "%s: %s", o.iface, run.error);

	if (dumpbuf_flush(&run.out) != 0 || outfile_commit(&output) != 0)
		err_(EXIT_FAIL, "%s", outfile_name(&output));
	dumpbuf_free(&run.out);
	if (o.stats_path)
		write_stats_file(o.stats_path, o.iface, &run.counters);
	if (!o.quiet)
		counters_print(stderr, &run.counters);
	pcap_close(run.p);
	if (strcmp(o.out_path, "-") == 0 || (o.stats_path && strcmp(o.stats_path, "-") == 0))
		close_stdout();
	return EXIT_OK;
}
