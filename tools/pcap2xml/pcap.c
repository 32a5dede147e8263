/* Classic pcap files: a 24-byte file header, then records of a 16-byte
 * header and the captured bytes.  Both byte orders, microsecond and
 * nanosecond timestamps. */
#include <string.h>

#include "bytes.h"
#include "capfile.h"

enum { FILE_HEADER_LEN = 24, RECORD_HEADER_LEN = 16, LINKTYPE_OFFSET = 20 };

static uint32_t get32(const struct capfile *cf, const uint8_t *p)
{
	return cf->big_endian ? load_be32(p) : load_le32(p);
}

static int pcap_next(struct capfile *cf, struct capfile_record *rec)
{
	size_t avail;
	uint64_t offset = cf->in.offset;
	const uint8_t *h = input_get(&cf->in, RECORD_HEADER_LEN, &avail);

	if (h == NULL) {
		if (avail == 0 && !cf->in.error)
			return 0;
		return capfile_cut(cf, "packet record", offset);
	}
	uint32_t caplen = get32(cf, h + 8);
	if (caplen > CAPFILE_MAX_CAPLEN)
		return capfile_fail(cf, "packet record at offset %llu: captured length %u exceeds %u",
			(unsigned long long)offset, (unsigned)caplen, CAPFILE_MAX_CAPLEN);
	const uint8_t *r = input_get(&cf->in, RECORD_HEADER_LEN + (size_t)caplen, &avail);
	if (r == NULL)
		return capfile_cut(cf, "packet record", offset);
	uint32_t frac = get32(cf, r + 4);
	if (frac >= (cf->nsec ? 1000000000u : 1000000u))
		return capfile_fail(cf, "packet record at offset %llu: bad timestamp fraction %u",
			(unsigned long long)offset, (unsigned)frac);
	rec->ts_sec = get32(cf, r);
	rec->ts_nsec = cf->nsec ? frac : frac * 1000u;
	rec->caplen = caplen;
	rec->len = get32(cf, r + 12);
	rec->linktype = cf->linktype;
	rec->iface = 0;
	rec->has_iface = false;
	rec->has_ts = true;
	rec->section = 0;
	rec->iface_name = NULL;
	rec->data = r + RECORD_HEADER_LEN;
	rec->offset = offset;
	input_consume(&cf->in, RECORD_HEADER_LEN + (size_t)caplen);
	return 1;
}

int pcap_start(struct capfile *cf)
{
	size_t avail;
	const uint8_t *h = input_get(&cf->in, FILE_HEADER_LEN, &avail);

	if (h == NULL) {
		if (cf->in.error)
			return capfile_cut(cf, "file header", 0);
		return capfile_fail(cf, "truncated file header at offset %zu", avail);
	}
	/* The magic as written in the file's own order reads a1 b2 .. when
	 * the file is big-endian. */
	cf->big_endian = h[0] == 0xa1;
	uint32_t magic = get32(cf, h);
	cf->nsec = magic == 0xa1b23c4d;
	cf->snaplen = get32(cf, h + 16);
	/* The upper bits of the link type carry FCS information. */
	cf->linktype = get32(cf, h + LINKTYPE_OFFSET) & 0x03ffffff;
	if (capfile_check_linktype(cf, cf->linktype, LINKTYPE_OFFSET) != 0)
		return -1;
	cf->next = pcap_next;
	input_consume(&cf->in, FILE_HEADER_LEN);
	return 0;
}
