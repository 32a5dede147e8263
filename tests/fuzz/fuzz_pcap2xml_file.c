/* Fuzz target: any bytes as a capture file, through the same readers,
 * dissectors and writers as pcap2xml -r FILE (and -l -s).  Every input must end
 * in a clean conversion or a reported error; ASan and UBSan catch the
 * rest.  The conversation table is kept small so that its reset is
 * reached too. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

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
	return 0;
}
