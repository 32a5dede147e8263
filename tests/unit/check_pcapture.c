/* Unit tests of pcapture's parts: options, filters, counters, the record
 * writer, small files, privilege dropping. */
#include <check.h>
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "counters.h"
#include "dumpbuf.h"
#include "filter.h"
#include "options.h"
#include "privdrop.h"
#include "textfile.h"
#include "unit.h"

/* --- options -------------------------------------------------------------- */

/* getopt wants writable strings: the parsed options point into these
 * copies, freed after each test. */
static char *args[32];

static void free_args(void)
{
	for (size_t i = 0; i < sizeof(args) / sizeof(args[0]); i++) {
		free(args[i]);
		args[i] = NULL;
	}
}

static void parse(struct pcapture_opts *o, int argc, const char *const *argv)
{
	ck_assert_int_lt(argc, (int)(sizeof(args) / sizeof(args[0])));
	free_args();
	for (int i = 0; i < argc; i++)
		ck_assert_ptr_nonnull(args[i] = strdup(argv[i]));
	optind = 0; /* glibc: start over */
	options_parse(argc, args, o);
}

START_TEST(options_defaults)
{
	const char *argv[] = { "pcapture", "-i", "lo", "-w", "out.pcap", NULL };
	struct pcapture_opts o;

	parse(&o, 5, argv);
	ck_assert_str_eq(o.iface, "lo");
	ck_assert_str_eq(o.out_path, "out.pcap");
	ck_assert_int_eq(o.snaplen, PCAPTURE_SNAPLEN_MAX);
	ck_assert_int_eq(o.buffer_size, 0);
	ck_assert_uint_eq(o.count, 0);
	ck_assert_uint_eq(o.duration_ns, 0);
	ck_assert(!o.packet_buffered && !o.quiet && !o.dump_filter);
	ck_assert_ptr_null(o.filter);
	ck_assert_ptr_null(o.user);
}
END_TEST

START_TEST(options_values)
{
	const char *argv[] = { "pcapture", "-i", "eth0", "-n", "sonde-master", "-f", "udp",
		"-s", "0", "-B", "4M", "-w", "-", "-c", "10", "-G", "500ms", "-U", "-q",
		"-R", "ready", "-S", "stats", NULL };
	struct pcapture_opts o;

	parse(&o, 23, argv);
	ck_assert_str_eq(o.netns, "sonde-master");
	ck_assert_str_eq(o.filter, "udp");
	ck_assert_int_eq(o.snaplen, PCAPTURE_SNAPLEN_MAX); /* -s 0 = the maximum */
	ck_assert_int_eq(o.buffer_size, 4 * 1024 * 1024);
	ck_assert_uint_eq(o.count, 10);
	ck_assert_uint_eq(o.duration_ns, 500000000);
	ck_assert(o.packet_buffered && o.quiet);
	ck_assert_str_eq(o.ready_path, "ready");
	ck_assert_str_eq(o.stats_path, "stats");
}
END_TEST

START_TEST(options_dump)
{
	const char *argv[] = { "pcapture", "-d", "-s", "96", "-y", "RAW", "-f", "ip", NULL };
	struct pcapture_opts o;

	parse(&o, 8, argv);
	ck_assert(o.dump_filter);
	ck_assert_int_eq(o.snaplen, 96);
	ck_assert_int_eq(o.linktype, DLT_RAW);
}
END_TEST

START_TEST(options_root_user)
{
	const char *argv[] = { "pcapture", "-i", "lo", "-w", "x", "-Z", "root", NULL };
	struct pcapture_opts o;

	parse(&o, 7, argv);
	ck_assert_str_eq(o.user, "root");
	ck_assert_uint_eq(o.uid, 0);
	ck_assert_uint_eq(o.gid, 0);
}
END_TEST

/* Each of these must exit 2 (checked by Check in a child process). */
static const char *const bad_usage[][8] = {
	{ "pcapture", NULL },                                   /* no -i */
	{ "pcapture", "-i", "lo", NULL },                       /* no -w */
	{ "pcapture", "-i", "lo", "-w", "x", "-s", "262145", NULL },
	{ "pcapture", "-i", "lo", "-w", "x", "-c", "0", NULL },
	{ "pcapture", "-i", "lo", "-w", "x", "-G", "0", NULL },
	{ "pcapture", "-i", "lo", "-w", "x", "-B", "100", NULL },
	{ "pcapture", "-i", "lo", "-w", "x", "-y", "RAW", NULL },
	{ "pcapture", "-i", "lo", "-w", "x", "extra", NULL },
	{ "pcapture", "-d", "-f", "ip", "-i", "lo", NULL },
	{ "pcapture", "-d", NULL },
	{ "pcapture", "-d", "-y", "NO_SUCH_LINK", "-f", "ip", NULL },
	{ "pcapture", "-i", "lo", "-w", "x", "-S", "x", NULL },
	{ "pcapture", "-i", "lo", "-w", "x", "-Z", "sonde-no-such-user", NULL },
};

START_TEST(options_bad_usage)
{
	const char *const *argv = bad_usage[_i];
	struct pcapture_opts o;
	int argc = 0;

	while (argv[argc] != NULL)
		argc++;
	/* stderr is the message; keep the test output readable */
	ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr));
	parse(&o, argc, argv);
}
END_TEST

/* --- filters -------------------------------------------------------------- */

START_TEST(filter_good_and_bad)
{
	pcap_t *p = pcap_open_dead(DLT_EN10MB, 262144);
	struct bpf_program prog;
	char msg[512];

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(filter_compile(p, "udp port 9", PCAP_NETMASK_UNKNOWN, &prog, msg, sizeof(msg)), 0);
	ck_assert_uint_gt(prog.bf_len, 0);
	/* The program accepts a UDP/IPv4 packet to port 9 and not port 10. */
	{
		unsigned char pkt[42] = { 0 };
		struct pcap_pkthdr h = { .caplen = sizeof(pkt), .len = sizeof(pkt) };
		pkt[12] = 0x08; pkt[14] = 0x45; pkt[23] = 17; /* IPv4, UDP */
		pkt[36] = 0; pkt[37] = 9;                      /* destination port */
		ck_assert_int_ne(pcap_offline_filter(&prog, &h, pkt), 0);
		pkt[37] = 10;
		ck_assert_int_eq(pcap_offline_filter(&prog, &h, pkt), 0);
	}
	pcap_freecode(&prog);

	ck_assert_int_eq(filter_compile(p, "udp port nine", PCAP_NETMASK_UNKNOWN, &prog, msg, sizeof(msg)), -1);
	ck_assert_msg(strncmp(msg, "filter 'udp port nine': ", 24) == 0, "message: %s", msg);
	ck_assert_ptr_nonnull(strstr(msg, "nine"));
	pcap_close(p);
}
END_TEST

START_TEST(filter_print_bad)
{
	char msg[512];

	ck_assert_int_eq(filter_print("ip and and", DLT_EN10MB, 262144, msg, sizeof(msg)), -1);
	ck_assert_msg(strncmp(msg, "filter 'ip and and': ", 21) == 0, "message: %s", msg);
	/* a link type where "ether" means nothing */
	ck_assert_int_eq(filter_print("ether host 1:2:3:4:5:6", DLT_RAW, 262144, msg, sizeof(msg)), -1);
}
END_TEST

/* --- counters ------------------------------------------------------------- */

static char *render(void (*fn)(FILE *, const struct capture_counters *), const struct capture_counters *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	fn(fp, c);
	fclose(fp);
	return buf;
}

static void tsv_lo(FILE *fp, const struct capture_counters *c)
{
	counters_write_tsv(fp, "lo", c);
}

START_TEST(counters_text)
{
	struct capture_counters c = { .captured = 1, .received = 12, .dropped = 0,
	                              .ifdropped = 3, .have_stats = true,
	                              .have_ifdropped = true };
	char *s = render(counters_print, &c);

	ck_assert_str_eq(s, "1 packet captured\n12 packets received by filter\n"
	                    "0 packets dropped by kernel\n3 packets dropped by interface\n");
	free(s);
	c.have_ifdropped = false;
	s = render(counters_print, &c);
	ck_assert_str_eq(s, "1 packet captured\n12 packets received by filter\n"
	                    "0 packets dropped by kernel\n");
	free(s);
	c.have_stats = false;
	c.captured = 0;
	s = render(counters_print, &c);
	ck_assert_str_eq(s, "0 packets captured\n");
	free(s);
}
END_TEST

START_TEST(counters_tsv)
{
	struct capture_counters c = { .captured = 7, .received = 14, .dropped = 2,
	                              .ifdropped = 0, .have_stats = true,
	                              .have_ifdropped = true };
	char *s = render(tsv_lo, &c);

	ck_assert_str_eq(s, "iface\tcaptured\treceived\tdropped\tifdropped\nlo\t7\t14\t2\t0\n");
	free(s);
	c.have_ifdropped = false;
	s = render(tsv_lo, &c);
	ck_assert_str_eq(s, COUNTERS_TSV_HEADER "lo\t7\t14\t2\t-\n");
	free(s);
	c.have_stats = false;
	s = render(tsv_lo, &c);
	ck_assert_str_eq(s, COUNTERS_TSV_HEADER "lo\t7\t-\t-\t-\n");
	free(s);
}
END_TEST

/* --- small files ---------------------------------------------------------- */

START_TEST(textfile_atomic)
{
	char dir[] = "/tmp/check_pcapture.XXXXXX";
	char path[64], cmd[128], buf[64] = "";
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ready", dir);
	ck_assert_int_eq(textfile_write(path, "123\tlo\n"), 0);
	fp = fopen(path, "r");
	ck_assert_ptr_nonnull(fp);
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), fp));
	fclose(fp);
	ck_assert_str_eq(buf, "123\tlo\n");
	/* the only file in the folder: no temporary left */
	snprintf(cmd, sizeof(cmd), "test \"$(ls -A %s)\" = ready", dir);
	ck_assert_int_eq(system(cmd), 0);

	snprintf(path, sizeof(path), "%s/no/such/dir/ready", dir);
	ck_assert_int_eq(textfile_write(path, "x"), -1);
	ck_assert_int_eq(errno, ENOENT);

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* --- the record writer ---------------------------------------------------- */

/* Records of every path through the buffer of 64 bytes used below: empty,
 * small ones that share it, one that fills it exactly, one bigger than
 * it, and one after that. */
static const struct pcap_pkthdr records[] = {
	{ { 1700000000, 0 }, 0, 0 },
	{ { 1700000000, 999999999 }, 1, 60 },
	{ { 1700000001, 123456789 }, 30, 1514 },
	{ { 1700000001, 123456790 }, 48, 48 },
	{ { 1700000002, 5 }, 100, 100 },
	{ { 0x7fffffff, 1 }, 20, 20 },
};

/* The file pcap_dump() makes of the records above, and the one made by
 * the dumper's header followed by dumpbuf (with a buffer of SIZE): they
 * must be the same bytes. */
static void write_records(bool ours, size_t size, char **text, size_t *len)
{
	static u_char bytes[128];
	pcap_t *p = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 262144,
	                                                  PCAP_TSTAMP_PRECISION_NANO);
	FILE *mem = open_memstream(text, len);
	pcap_dumper_t *d;
	struct dumpbuf db;

	for (size_t i = 0; i < sizeof(bytes); i++)
		bytes[i] = (u_char)(i * 7 + 1);
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(mem);
	ck_assert_ptr_nonnull(d = pcap_dump_fopen(p, mem));
	ck_assert_int_eq(dumpbuf_init(&db, mem, size), 0);
	for (size_t i = 0; i < sizeof(records) / sizeof(records[0]); i++) {
		if (ours)
			dumpbuf_add(&db, &records[i], bytes);
		else
			pcap_dump((u_char *)d, &records[i], bytes);
	}
	ck_assert_int_eq(dumpbuf_flush(&db), 0);
	dumpbuf_free(&db);
	pcap_dump_close(d); /* closes mem */
	pcap_close(p);
}

START_TEST(dumpbuf_same_as_pcap_dump)
{
	char *want = NULL, *got = NULL;
	size_t want_len = 0, got_len = 0, records_len = 0;

	for (size_t i = 0; i < sizeof(records) / sizeof(records[0]); i++)
		records_len += 16 + records[i].caplen;
	write_records(false, 64, &want, &want_len);
	ck_assert_uint_eq(want_len, 24 + records_len);
	/* a buffer smaller than some records, one that holds them all */
	for (size_t size = 64; size <= DUMPBUF_SIZE; size *= DUMPBUF_SIZE / 64) {
		write_records(true, size, &got, &got_len);
		ck_assert_uint_eq(got_len, want_len);
		ck_assert_mem_eq(got, want, want_len);
		free(got);
	}
	free(want);
}
END_TEST

START_TEST(dumpbuf_write_error)
{
	static const u_char bytes[200];
	const struct pcap_pkthdr h = { { 1, 2 }, sizeof(bytes), sizeof(bytes) };
	FILE *full = fopen("/dev/full", "w");
	struct dumpbuf db;

	ck_assert_int_eq(dumpbuf_init(&db, stdout, 15), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_nonnull(full);
	ck_assert_int_eq(dumpbuf_init(&db, full, 1024), 0);
	/* buffered: nothing written yet, so nothing failed yet */
	dumpbuf_add(&db, &h, bytes);
	ck_assert_int_eq(db.error, 0);
	for (int i = 0; i < 100; i++)
		dumpbuf_add(&db, &h, bytes);
	ck_assert_int_eq(db.error, ENOSPC);
	errno = 0;
	ck_assert_int_eq(dumpbuf_flush(&db), -1);
	ck_assert_int_eq(errno, ENOSPC);
	/* and it stays failed */
	errno = 0;
	ck_assert_int_eq(dumpbuf_flush(&db), -1);
	ck_assert_int_eq(errno, ENOSPC);
	dumpbuf_free(&db);
	fclose(full);
}
END_TEST

/* --- privileges ----------------------------------------------------------- */

/* Runs in Check's child process, so the drop does not outlive the test. */
START_TEST(privdrop_to_nobody)
{
	const char *what = NULL;
	uid_t nobody = 65534;

	if (getuid() != 0)
		return; /* only root can drop */
	/* nobody may not write in a 0755 root folder, root may */
	ck_assert_int_eq(privdrop_user_access("nobody", nobody, nobody, "/", W_OK), -1);
	ck_assert_int_eq(errno, EACCES);
	ck_assert_uint_eq(geteuid(), 0); /* and we are root again */
	ck_assert_int_eq(privdrop_user_access("nobody", nobody, nobody, "/tmp", W_OK | X_OK), 0);
	ck_assert_uint_eq(geteuid(), 0);

	ck_assert_int_eq(privdrop("nobody", nobody, nobody, &what), 0);
	ck_assert_uint_eq(getuid(), nobody);
	ck_assert_uint_eq(geteuid(), nobody);
	ck_assert_uint_eq(getgid(), nobody);
	ck_assert_int_eq(setuid(0), -1);
	ck_assert_int_eq(privdrop("root", 0, 0, &what), -1);
}
END_TEST

int main(void)
{
	Suite *suite = unit_suite("pcapture", NULL, free_args, UNIT_TESTS(
		options_defaults,
		options_values,
		options_dump,
		options_root_user,
		filter_good_and_bad,
		filter_print_bad,
		counters_text,
		counters_tsv,
		dumpbuf_same_as_pcap_dump,
		dumpbuf_write_error,
		textfile_atomic,
		privdrop_to_nobody));
	TCase *usage = tcase_create("bad usage");

	/* each bad command line, in its own child, must exit 2 */
	tcase_add_checked_fixture(usage, NULL, free_args);
	tcase_add_loop_exit_test(usage, options_bad_usage, 2, 0,
	                         (int)(sizeof(bad_usage) / sizeof(bad_usage[0])));
	suite_add_tcase(suite, usage);
	return unit_run(suite);
}
