/* libFuzzer target over decode's own protocols: with the input's first
 * byte even, the rest is a DNS datagram; 1 modulo 4, an HTTP stream, 3
 * modulo 4, a loadgen control stream, cut into segments of (first byte / 4
 * + 1) bytes, with a gap where the second byte says.  Every message goes
 * through the sink as in decode(1). */
#include <libxml/tree.h>
#include <stdlib.h>

#include "proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char name[] = "fuzz";
	struct decoder d = { .name = name };
	struct sink s = { 0 };

	if (size < 2)
		return 0;
	s.orphans = xmlNewNode(NULL, (const xmlChar *)"orphans");
	if (s.orphans == NULL)
		abort();
	if (data[0] % 2 == 0) {
		d.mod = &proto_dns;
		d.mod->datagram(&d, &s, data + 2, size - 2, 1);
	} else {
		d.mod = data[0] % 4 == 1 ? &proto_http : &proto_loadgen;
		void *st = d.mod->stream_open(&d, &s);
		size_t seg = (size_t)data[0] / 4 + 1, gap_at = data[1];
		uint64_t n = 1;
		if (st == NULL)
			abort();
		for (size_t at = 2; at < size; at += seg, n++) {
			size_t len = size - at < seg ? size - at : seg;
			if (n == gap_at)
				d.mod->stream_gap(st, len);
			else
				d.mod->stream_data(st, data + at, len, n, 1);
		}
		d.mod->stream_end(st);
	}
	xmlFreeNode(s.orphans);
	return 0;
}
