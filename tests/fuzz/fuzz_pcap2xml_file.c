/* Fuzz target: any bytes as a capture file, through the same readers,
 * dissectors and writers as pcap2xml -r FILE (and -l -s).  Every input must end
 * in a clean conversion or a reported error; ASan and UBSan catch the
 * rest.  The conversation table is kept small so that its reset is
 * reached too.  And packets not written (another thread's, under -j)
 * must leave the state writing them leaves (check_silent). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "capfile.h"
#include "convert.h"
#include "packet.h"
#include "pdml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The output must be XML-safe text: UTF-8, no control characters but
 * tab and newline.  (Markup balance is checked by replaying the corpus
 * through pcap2xml and xmllint, tests/cli/t0020.) */
static void check_text(const struct pdml_buf *b)
{
	const unsigned char *s = (const unsigned char *)b->data;

	for (size_t i = 0; i < b->len;) {
		size_t n = utf8_sequence_len(s + i, b->len - i);
		if (n == 0 || (s[i] < 0x20 && s[i] != '\n' && s[i] != '\t'))
			abort();
		i += n;
	}
}

/* Converts the capture in data, each packet i silent (dissected for the
 * state it leaves, written by nobody: parallel.c's packets of other
 * threads) when silent(i); packet i's text is at[i] to at[i + 1] in out
 * (at holds max + 1 offsets, the packets after max are not converted).
 * Returns the packets converted, or 0 when the file has no header. */
static size_t convert_some(const uint8_t *data, size_t size, bool (*silent)(size_t),
	struct pdml_buf *out, size_t *at, size_t max)
{
	static struct capfile cf;
	struct capfile_record rec;
	struct packet_writer pw;
	size_t n = 0;

	if (capfile_open_mem(&cf, data, size, packet_linktype_supported) != 0) {
		capfile_close(&cf);
		return 0;
	}
	packet_writer_init(&pw, out, 8);
	at[0] = out->len;
	while (n < max && capfile_next(&cf, &rec) == 1) {
		pw.silent = silent(n);
		packet_write(&pw, &rec, true);
		at[++n] = out->len;
	}
	packet_writer_free(&pw);
	capfile_close(&cf);
	return n;
}

static bool none(size_t i) { (void)i; return false; }
static bool odd(size_t i) { return i % 2 == 1; }
static bool two_of_three(size_t i) { return i % 3 != 2; }

/* A packet written after packets that were silent is written as when
 * they were written too: track.c and the silent dissection leave the
 * conversations (stream indexes, TCP's sequence numbers) as writing
 * them does. */
static void check_silent(const uint8_t *data, size_t size)
{
	enum { MAX = 4096 };
	static size_t all_at[MAX + 1], some_at[MAX + 1];
	bool (*const patterns[])(size_t) = { odd, two_of_three };
	struct pdml_buf all, some;

	pdml_buf_init(&all, 4096, -1);
	size_t n = convert_some(data, size, none, &all, all_at, MAX);
	for (size_t p = 0; n > 0 && p < sizeof(patterns) / sizeof(patterns[0]); p++) {
		pdml_buf_init(&some, 4096, -1);
		if (convert_some(data, size, patterns[p], &some, some_at, MAX) != n)
			abort();
		for (size_t i = 0; i < n; i++) {
			size_t len = all_at[i + 1] - all_at[i];
			if (patterns[p](i) ? some_at[i + 1] != some_at[i]
				: some_at[i + 1] - some_at[i] != len ||
				  memcmp(some.data + some_at[i], all.data + all_at[i], len) != 0)
				abort();
		}
		pdml_buf_free(&some);
	}
	pdml_buf_free(&all);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct capfile cf;
	struct pdml_buf b;
	struct packet_writer pw;
	const struct convert_opts o = { .first = 1, .last = UINT64_MAX, .count = UINT64_MAX };

	/* PDML, then the one-line summaries (-l) without payload (-s). */
	for (int mode = 0; mode < 2; mode++) {
		if (capfile_open_mem(&cf, data, size, packet_linktype_supported) == 0) {
			pdml_buf_init(&b, 4096, -1);
			packet_writer_init(&pw, &b, 8);
			pw.summary = pw.no_payload = mode == 1;
			convert_header(&b, "fuzz <&>");
			(void)convert_run(&cf, &pw, &o);
			convert_footer(&b);
			check_text(&b);
			packet_writer_free(&pw);
			pdml_buf_free(&b);
		}
		capfile_close(&cf);
	}
	check_silent(data, size);
	return 0;
}
