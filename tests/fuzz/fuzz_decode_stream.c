/* libFuzzer target over decode's stream path: the input's first two bytes
 * choose a segment size and whether neighbouring segments are swapped; the
 * rest is a TCP stream cut into segments, reassembled, cut into ONC RPC
 * records and each decoded by tools/jobmgr/jobmgr.x and written as XML,
 * as decode(1) does with a capture. */
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgxml.h"
#include "reasm.h"
#include "recmark.h"
#include "xdrdecode.h"
#include "xdrspec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct xspec spec;
static struct xentry entry;
static struct recmark rm;
static struct xtree tree;

static void load(void)
{
	char path[4096], err[512];

	/* __FILE__ is TOP/tests/fuzz/fuzz_decode_stream.c */
	snprintf(path, sizeof(path), "%.*s/../../tools/jobmgr/jobmgr.x",
		 (int)(strrchr(__FILE__, '/') - __FILE__), __FILE__);
	if (xspec_load(&spec, path, err, sizeof(err)) < 0 || xdecode_entry(&spec, &entry) < 0) {
		fprintf(stderr, "%s\n", err);
		abort();
	}
	xtree_init(&tree);
}

static void on_record(void *arg, const uint8_t *rec, size_t len, uint64_t first_n)
{
	(void)arg;
	xdecode_message(&entry, rec, len, &tree);
	xmlNodePtr m = msgxml_message("jobmgr", &tree, len, first_n);
	if (m == NULL)
		abort();
	xmlFreeNode(m);
}

static void on_problem(void *arg, const char *why)
{
	(void)arg;
	xmlFreeNode(msgxml_problem("jobmgr", why));
}

static const struct recmark_ops rm_ops = { on_record, on_problem };

static void on_data(void *user, const uint8_t *p, size_t len, uint64_t n, int seg_start)
{
	(void)user;
	recmark_feed(&rm, p, len, n, seg_start);
}

static void on_gap(void *user, uint64_t missing)
{
	(void)user;
	(void)missing;
	recmark_gap(&rm);
}

static void on_end(void *user)
{
	(void)user;
	recmark_end(&rm);
}

static const struct reasm_ops ops = { on_data, on_gap, on_end };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reasm r;
	int created;

	if (entry.def == NULL)
		load();
	if (size < 2)
		return 0;
	size_t seg = 1 + data[0] % 64;
	int swap = data[1] & 1;
	data += 2;
	size -= 2;
	recmark_init(&rm, 4096, &rm_ops, NULL);
	if (reasm_init(&r, &ops) < 0)
		abort();
	struct reasm_dir *d = reasm_dir(&r, "fuzz", &created);
	d->user = NULL;
	reasm_segment(&r, d, 0, REASM_SYN, NULL, 0, 0, 1);
	uint64_t n = 2;
	for (size_t at = 0; at < size; at += seg) {
		size_t len = size - at < seg ? size - at : seg;
		if (swap && at + len < size) {
			/* the next segment first, then this one */
			size_t len2 = size - (at + len) < seg ? size - (at + len) : seg;
			reasm_segment(&r, d, (uint32_t)(1 + at + len), 0, data + at + len, len2, len2, n++);
			reasm_segment(&r, d, (uint32_t)(1 + at), 0, data + at, len, len, n++);
			at += len2;
			continue;
		}
		reasm_segment(&r, d, (uint32_t)(1 + at), 0, data + at, len, len, n++);
	}
	reasm_free(&r);
	recmark_free(&rm);
	return 0;
}
