/* Unit tests of pcap2xml's capture readers (pcapng above all), its
 * conversation table and its TCP sequence analysis. */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capfile.h"
#include "conv.h"
#include "dissect.h"

/* A pcapng file being built, little- or big-endian. */
struct ng {
	uint8_t b[1 << 12];
	size_t n;
	int big;
};

static void put32(struct ng *g, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		g->b[g->n++] = (uint8_t)(g->big ? v >> (24 - 8 * i) : v >> (8 * i));
}

static void put16(struct ng *g, uint16_t v)
{
	g->b[g->n++] = (uint8_t)(g->big ? v >> 8 : v);
	g->b[g->n++] = (uint8_t)(g->big ? v : v >> 8);
}

static void putbytes(struct ng *g, const void *p, size_t n)
{
	memcpy(g->b + g->n, p, n);
	g->n += n;
	while (g->n % 4)
		g->b[g->n++] = 0;
}

/* Starts a block; end_block() fills in both lengths. */
static size_t begin_block(struct ng *g, uint32_t type)
{
	size_t at = g->n;
	put32(g, type);
	put32(g, 0);
	return at;
}

static void end_block(struct ng *g, size_t at)
{
	uint32_t len = (uint32_t)(g->n + 4 - at);
	size_t save = g->n;
	g->n = at + 4;
	put32(g, len);
	g->n = save;
	put32(g, len);
}

static void shb(struct ng *g)
{
	size_t at = begin_block(g, 0x0a0d0d0a);
	put32(g, 0x1a2b3c4d);
	put16(g, 1);
	put16(g, 0);
	put32(g, 0xffffffff);
	put32(g, 0xffffffff);
	end_block(g, at);
}

static void idb(struct ng *g, uint16_t linktype, uint32_t snaplen, int tsresol)
{
	size_t at = begin_block(g, 1);
	put16(g, linktype);
	put16(g, 0);
	put32(g, snaplen);
	if (tsresol >= 0) {
		put16(g, 9);
		put16(g, 1);
		uint8_t r = (uint8_t)tsresol;
		putbytes(g, &r, 1);
		put32(g, 0);   /* opt_endofopt */
	}
	end_block(g, at);
}

static void epb(struct ng *g, uint32_t iface, uint64_t ts, const char *data)
{
	size_t at = begin_block(g, 6);
	put32(g, iface);
	put32(g, (uint32_t)(ts >> 32));
	put32(g, (uint32_t)ts);
	put32(g, (uint32_t)strlen(data));
	put32(g, (uint32_t)strlen(data) + 100);
	putbytes(g, data, strlen(data));
	end_block(g, at);
}

static struct capfile cf;

START_TEST(pcapng_interfaces_units_and_orders)
{
	struct ng g = { .big = _i };
	struct capfile_record r;

	shb(&g);
	idb(&g, 1, 0, 9);                 /* ns */
	idb(&g, 113, 0, -1);              /* default: us */
	idb(&g, 101, 0, 0x80 | 20);       /* 2^-20 s */
	size_t at = begin_block(&g, 0x80000001);   /* local use: skipped */
	putbytes(&g, "skip me", 7);
	end_block(&g, at);
	epb(&g, 0, UINT64_C(1700000000123456789), "abc");
	epb(&g, 1, UINT64_C(1700000000123456), "defg");
	epb(&g, 2, (UINT64_C(1700000000) << 20) | (1u << 19), "h");

	ck_assert_int_eq(capfile_open_mem(&cf, g.b, g.n, NULL), 0);
	ck_assert_int_eq(capfile_next(&cf, &r), 1);
	ck_assert_uint_eq(r.ts_sec, 1700000000);
	ck_assert_uint_eq(r.ts_nsec, 123456789);
	ck_assert_uint_eq(r.caplen, 3);
	ck_assert_uint_eq(r.len, 103);
	ck_assert_uint_eq(r.linktype, 1);
	ck_assert(memcmp(r.data, "abc", 3) == 0);
	ck_assert_int_eq(capfile_next(&cf, &r), 1);
	ck_assert_uint_eq(r.ts_nsec, 123456000);
	ck_assert_uint_eq(r.linktype, 113);
	ck_assert_uint_eq(r.iface, 1);
	ck_assert_int_eq(capfile_next(&cf, &r), 1);
	ck_assert_uint_eq(r.ts_sec, 1700000000);
	ck_assert_uint_eq(r.ts_nsec, 500000000);
	ck_assert_uint_eq(r.linktype, 101);
	ck_assert_int_eq(capfile_next(&cf, &r), 0);
	capfile_close(&cf);
}
END_TEST

/* Every way a block can lie about its length, with the offset named. */
START_TEST(pcapng_damage_names_the_offset)
{
	struct ng g = { 0 };
	struct capfile_record r;

	shb(&g);
	idb(&g, 1, 0, 9);
	size_t good = g.n;
	epb(&g, 0, 1, "abc");

	/* A trailing length that differs. */
	g.b[g.n - 4] ^= 4;
	ck_assert_int_eq(capfile_open_mem(&cf, g.b, g.n, NULL), 0);
	ck_assert_int_eq(capfile_next(&cf, &r), -1);
	ck_assert_str_eq(cf.err, "block at offset 60: trailing length 32 differs from block length 36");
	capfile_close(&cf);
	g.b[g.n - 4] ^= 4;

	/* Cut anywhere inside the last block. */
	for (size_t cut = good + 1; cut < g.n; cut++) {
		ck_assert_int_eq(capfile_open_mem(&cf, g.b, cut, NULL), 0);
		ck_assert_int_eq(capfile_next(&cf, &r), -1);
		ck_assert_str_eq(cf.err, "truncated block at offset 60");
		capfile_close(&cf);
	}

	/* A length below the minimum, or not a multiple of 4. */
	for (uint32_t len = 0; len < 36; len += 3) {
		g.n = good + 4;
		put32(&g, len);
		ck_assert_int_eq(capfile_open_mem(&cf, g.b, good + 36, NULL), 0);
		ck_assert_int_eq(capfile_next(&cf, &r), -1);
		char want[64];
		snprintf(want, sizeof(want), "block at offset 60: bad block length %u", (unsigned)len);
		ck_assert_str_eq(cf.err, want);
		capfile_close(&cf);
	}
}
END_TEST

static bool only_ethernet(unsigned linktype)
{
	return linktype == 1;
}

START_TEST(refused_link_types_are_reported_where_declared)
{
	struct ng g = { 0 };
	struct capfile_record r;

	shb(&g);
	idb(&g, 1, 0, 9);
	idb(&g, 147, 0, 9);
	ck_assert_int_eq(capfile_open_mem(&cf, g.b, g.n, only_ethernet), 0);
	ck_assert_int_eq(capfile_next(&cf, &r), -1);
	ck_assert_str_eq(cf.err, "link-layer type 147 at offset 68 is not supported");
	capfile_close(&cf);
}
END_TEST

/* A block larger than the input buffer is skipped from a file without
 * being held in memory. */
START_TEST(huge_unknown_blocks_stream_past)
{
	static struct ng g;
	char path[] = "/tmp/check_pcap2xml_XXXXXX";
	int fd = mkstemp(path);
	struct capfile_record r;

	ck_assert_int_ge(fd, 0);
	unlink(path);
	g.n = 0;
	shb(&g);
	idb(&g, 1, 0, 9);
	ck_assert_int_eq(write(fd, g.b, g.n), (ssize_t)g.n);
	size_t big = (3u << 20) + 12;
	uint8_t head[8] = { 0x01, 0x00, 0x00, 0x80 };   /* type 0x80000001, LE */
	for (int i = 0; i < 4; i++)
		head[4 + i] = (uint8_t)(big >> (8 * i));
	ck_assert_int_eq(write(fd, head, 8), 8);
	ck_assert_int_eq(ftruncate(fd, (off_t)(g.n + big - 4)), 0);
	ck_assert_int_eq(lseek(fd, 0, SEEK_END), (off_t)(g.n + big - 4));
	ck_assert_int_eq(write(fd, head + 4, 4), 4);
	g.n = 0;
	epb(&g, 0, 7, "after");
	ck_assert_int_eq(write(fd, g.b, g.n), (ssize_t)g.n);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);

	ck_assert_int_eq(capfile_open(&cf, fd, NULL), 0);
	ck_assert_int_eq(capfile_next(&cf, &r), 1);
	ck_assert_uint_eq(r.caplen, 5);
	ck_assert(memcmp(r.data, "after", 5) == 0);
	ck_assert_int_eq(capfile_next(&cf, &r), 0);
	capfile_close(&cf);
	close(fd);
}
END_TEST

START_TEST(conversations_numbered_and_bounded)
{
	struct conv_table *t = conv_table_new(2);
	const uint8_t a[16] = { 198, 18, 0, 1 }, b[16] = { 198, 18, 0, 2 };
	int from;

	ck_assert_uint_eq(conv_find(t, 6, a, b, 4, 1000, 80, &from)->index, 0);
	ck_assert_int_eq(from, 0);
	ck_assert_uint_eq(conv_find(t, 6, b, a, 4, 80, 1000, &from)->index, 0);
	ck_assert_int_eq(from, 1);
	/* the same bytes as IPv6 addresses are another conversation */
	ck_assert_uint_eq(conv_find(t, 6, a, b, 16, 1000, 80, &from)->index, 1);
	/* UDP is numbered apart */
	ck_assert_uint_eq(conv_find(t, 17, a, b, 4, 1000, 80, &from)->index, 0);
	/* the table was full: emptied, numbering goes on */
	ck_assert_uint_eq(conv_find(t, 6, a, b, 4, 1001, 80, &from)->index, 2);
	ck_assert_uint_eq(conv_find(t, 6, a, b, 4, 1000, 80, &from)->index, 3);
	conv_table_free(t);
}
END_TEST

START_TEST(retransmissions_and_out_of_order)
{
	struct conv c = { 0 };
	const uint64_t ms = 1000000;

	/* handshake: iRTT 1 ms */
	ck_assert_int_eq(tcpseq_analyze(&c, 0, 100, 0, 0x02, 0), TCPSEQ_IN_ORDER);
	ck_assert_int_eq(tcpseq_analyze(&c, 1, 500, 0, 0x12, ms / 2), TCPSEQ_IN_ORDER);
	ck_assert_int_eq(tcpseq_analyze(&c, 0, 101, 0, 0x10, ms), TCPSEQ_IN_ORDER);
	ck_assert(c.irtt_set);
	ck_assert_uint_eq(c.irtt_ns, ms);
	ck_assert_int_eq(tcpseq_analyze(&c, 0, 101, 10, 0x18, 2 * ms), TCPSEQ_IN_ORDER);
	ck_assert_int_eq(tcpseq_analyze(&c, 0, 111, 10, 0x18, 3 * ms), TCPSEQ_IN_ORDER);
	/* below the high mark, soon after it: out of order */
	ck_assert_int_eq(tcpseq_analyze(&c, 0, 101, 10, 0x18, 3 * ms + ms / 2), TCPSEQ_OUT_OF_ORDER);
	/* later: a retransmission */
	ck_assert_int_eq(tcpseq_analyze(&c, 0, 101, 10, 0x18, 300 * ms), TCPSEQ_RETRANSMISSION);
	/* a keep-alive is neither */
	ck_assert_int_eq(tcpseq_analyze(&c, 0, 120, 1, 0x10, 900 * ms), TCPSEQ_IN_ORDER);
	/* sequence numbers wrap */
	struct conv w = { 0 };
	ck_assert_int_eq(tcpseq_analyze(&w, 0, 0xfffffff0u, 100, 0x18, 0), TCPSEQ_IN_ORDER);
	ck_assert_int_eq(tcpseq_analyze(&w, 0, 0x54, 10, 0x18, ms), TCPSEQ_IN_ORDER);
	ck_assert_int_eq(tcpseq_analyze(&w, 0, 0xfffffff0u, 100, 0x18, 500 * ms), TCPSEQ_RETRANSMISSION);
}
END_TEST

int main(void)
{
	TCase *tc = tcase_create("capfile");
	tcase_add_loop_test(tc, pcapng_interfaces_units_and_orders, 0, 2);
	tcase_add_test(tc, pcapng_damage_names_the_offset);
	tcase_add_test(tc, refused_link_types_are_reported_where_declared);
	tcase_add_test(tc, huge_unknown_blocks_stream_past);
	tcase_add_test(tc, conversations_numbered_and_bounded);
	tcase_add_test(tc, retransmissions_and_out_of_order);
	Suite *s = suite_create("pcap2xml_capfile");
	suite_add_tcase(s, tc);
	return unit_run(s);
}
