/* pcapng files (draft-ietf-opsawg-pcapng): a sequence of blocks, each
 * "type, total length, body, total length".  A section header block (SHB)
 * fixes the byte order of its section and forgets the interfaces of the
 * last one; interface description blocks (IDB) give each interface its
 * link type, snapshot length and timestamp unit; packets come in enhanced
 * (EPB), simple (SPB) or the obsolete packet blocks (PB).  Every other
 * block is skipped without being held in memory.  Any length that does
 * not add up is reported with the block's offset. */
#include <string.h>

#include "bytes.h"
#include "capfile.h"

enum {
	BT_SHB = 0x0a0d0d0a, BT_IDB = 1, BT_PB = 2, BT_SPB = 3, BT_EPB = 6,
	BYTE_ORDER_MAGIC = 0x1a2b3c4d,
	BLOCK_OVERHEAD = 12,       /* type, length, trailing length */
	SHB_MIN_LEN = 28, IDB_MIN_LEN = 20, EPB_MIN_LEN = 32, PB_MIN_LEN = 32,
	SPB_MIN_LEN = 16,
	OPT_ENDOFOPT = 0, OPT_IF_NAME = 2, OPT_IF_TSRESOL = 9,
	TSRESOL_DEFAULT = 6,       /* microseconds */
	TSRESOL_BINARY = 0x80,
};

/* Blocks parsed in place must fit in the input buffer; skipped ones may
 * have any length. */
#define MAX_PARSED_BLOCK (1u << 20)

static uint16_t get16(const struct capfile *cf, const uint8_t *p)
{
	return cf->big_endian ? load_be16(p) : load_le16(p);
}

static uint32_t get32(const struct capfile *cf, const uint8_t *p)
{
	return cf->big_endian ? load_be32(p) : load_le32(p);
}

struct block {
	uint32_t type, len;
	uint64_t offset;
	const uint8_t *p;          /* the whole block (parsed kinds only) */
};

static bool parsed_kind(uint32_t type)
{
	return type == BT_SHB || type == BT_IDB || type == BT_PB || type == BT_SPB || type == BT_EPB;
}

static uint32_t min_len(uint32_t type)
{
	switch (type) {
	case BT_SHB: return SHB_MIN_LEN;
	case BT_IDB: return IDB_MIN_LEN;
	case BT_PB: return PB_MIN_LEN;
	case BT_EPB: return EPB_MIN_LEN;
	case BT_SPB: return SPB_MIN_LEN;
	default: return BLOCK_OVERHEAD;
	}
}

/* A section header sets the byte order from its byte-order magic. */
static int section_order(struct capfile *cf, uint64_t offset)
{
	size_t avail;
	const uint8_t *h = input_get(&cf->in, 12, &avail);

	if (h == NULL)
		return capfile_cut(cf, "section header block", offset);
	uint32_t bom = load_be32(h + 8);
	if (bom == BYTE_ORDER_MAGIC)
		cf->big_endian = true;
	else if (bom == 0x4d3c2b1a)
		cf->big_endian = false;
	else
		return capfile_fail(cf, "section header block at offset %llu: bad byte-order magic 0x%08x",
			(unsigned long long)offset, (unsigned)bom);
	return 0;
}

/* Reads the next block: 1, 0 at the end of the file, -1 on damage.  A
 * parsed kind is left whole in the input (b->p) for the caller to
 * consume; any other is consumed here. */
static int read_block(struct capfile *cf, struct block *b)
{
	size_t avail;
	uint64_t offset = cf->in.offset;
	const uint8_t *h = input_get(&cf->in, 8, &avail);

	if (h == NULL) {
		if (avail == 0 && !cf->in.error)
			return 0;
		return capfile_cut(cf, "block", offset);
	}
	b->offset = offset;
	b->p = NULL;
	/* The section header's type reads the same in both orders. */
	if (h[0] == 0x0a && h[1] == 0x0d && h[2] == 0x0d && h[3] == 0x0a &&
		section_order(cf, offset) != 0)
		return -1;
	h = cf->in.buf + cf->in.start;
	b->type = get32(cf, h);
	b->len = get32(cf, h + 4);
	if (b->len < min_len(b->type) || b->len % 4 != 0)
		return capfile_fail(cf, "block at offset %llu: bad block length %u",
			(unsigned long long)offset, (unsigned)b->len);
	if (!parsed_kind(b->type)) {
		input_consume(&cf->in, 8);
		if (input_skip(&cf->in, b->len - BLOCK_OVERHEAD) != 0 ||
			(h = input_get(&cf->in, 4, &avail)) == NULL)
			return capfile_cut(cf, "block", offset);
		if (get32(cf, h) != b->len)
			goto trailer;
		input_consume(&cf->in, 4);
		return 1;
	}
	if (b->len > MAX_PARSED_BLOCK)
		return capfile_fail(cf, "block at offset %llu: block length %u exceeds %u",
			(unsigned long long)offset, (unsigned)b->len, MAX_PARSED_BLOCK);
	b->p = input_get(&cf->in, b->len, &avail);
	if (b->p == NULL)
		return capfile_cut(cf, "block", offset);
	h = b->p + b->len - 4;
	if (get32(cf, h) != b->len)
		goto trailer;
	return 1;
trailer:
	return capfile_fail(cf, "block at offset %llu: trailing length %u differs from block length %u",
		(unsigned long long)offset, (unsigned)get32(cf, h), (unsigned)b->len);
}

static int read_shb(struct capfile *cf, const struct block *b)
{
	uint16_t major = get16(cf, b->p + 12), minor = get16(cf, b->p + 14);

	if (major != 1)
		return capfile_fail(cf, "section header block at offset %llu: unsupported version %u.%u",
			(unsigned long long)b->offset, major, minor);
	cf->nifaces = 0;
	cf->section++;
	return 0;
}

static int read_idb(struct capfile *cf, const struct block *b)
{
	const uint8_t *p = b->p + 8, *end = b->p + b->len - 4;
	struct capfile_iface ifc = {
		.linktype = get16(cf, p),
		.snaplen = get32(cf, p + 4),
		.tsresol = TSRESOL_DEFAULT,
	};

	if (cf->nifaces >= CAPFILE_MAX_IFACES)
		return capfile_fail(cf, "interface description block at offset %llu: more than %u interfaces",
			(unsigned long long)b->offset, CAPFILE_MAX_IFACES);
	if (capfile_check_linktype(cf, ifc.linktype, b->offset + 8) != 0)
		return -1;
	for (p += 8; end - p >= 4;) {
		uint16_t code = get16(cf, p), len = get16(cf, p + 2);
		size_t padded = ((size_t)len + 3) & ~(size_t)3;
		if (code == OPT_ENDOFOPT)
			break;
		if ((size_t)(end - p - 4) < padded)
			return capfile_fail(cf, "interface description block at offset %llu: option %u at offset %llu overruns the block",
				(unsigned long long)b->offset, code,
				(unsigned long long)(b->offset + (uint64_t)(p - b->p)));
		if (code == OPT_IF_TSRESOL && len == 1) {
			uint8_t r = p[4];
			bool binary = r & TSRESOL_BINARY;
			if ((binary && (r & 0x7f) > 63) || (!binary && r > 19))
				return capfile_fail(cf, "interface description block at offset %llu: unsupported timestamp resolution 0x%02x",
					(unsigned long long)b->offset, r);
			ifc.tsresol = r;
		} else if (code == OPT_IF_NAME) {
			size_t n = len < sizeof(ifc.name) - 1 ? len : sizeof(ifc.name) - 1;
			memcpy(ifc.name, p + 4, n);
			ifc.name[n] = '\0';
			ifc.named = true;
		}
		p += 4 + padded;
	}
	if (cf->nifaces == 0) {
		cf->linktype = ifc.linktype;
		cf->snaplen = ifc.snaplen;
	}
	cf->ifaces[cf->nifaces++] = ifc;
	return 0;
}

/* A count of an interface's units since the epoch -> seconds and ns. */
static void set_time(struct capfile_record *rec, uint64_t ts, uint8_t tsresol)
{
	unsigned n = tsresol & 0x7f;

	if (tsresol & TSRESOL_BINARY) {
		uint64_t frac = n == 0 ? 0 : ts & ((UINT64_C(1) << n) - 1);
		rec->ts_sec = n == 0 ? ts : ts >> n;
		rec->ts_nsec = (uint32_t)(((unsigned __int128)frac * 1000000000u) >> n);
		return;
	}
	uint64_t unit = 1;
	for (unsigned i = 0; i < n; i++)
		unit *= 10;
	uint64_t frac = ts % unit;
	rec->ts_sec = ts / unit;
	if (n <= 9) {
		for (unsigned i = n; i < 9; i++)
			frac *= 10;
	} else {
		for (unsigned i = 9; i < n; i++)
			frac /= 10;
	}
	rec->ts_nsec = (uint32_t)frac;
}

/* EPB and the obsolete PB: interface, timestamp, lengths, data. */
static int read_packet(struct capfile *cf, const struct block *b, struct capfile_record *rec)
{
	const char *what = b->type == BT_EPB ? "enhanced packet block" : "packet block";
	const uint8_t *p = b->p + 8;
	uint32_t iface = b->type == BT_EPB ? get32(cf, p) : get16(cf, p);
	uint32_t caplen = get32(cf, p + 12);

	if (iface >= cf->nifaces)
		return capfile_fail(cf, "%s at offset %llu: interface %u is not described",
			what, (unsigned long long)b->offset, (unsigned)iface);
	if (caplen > CAPFILE_MAX_CAPLEN)
		return capfile_fail(cf, "%s at offset %llu: captured length %u exceeds %u",
			what, (unsigned long long)b->offset, (unsigned)caplen, CAPFILE_MAX_CAPLEN);
	if (caplen > b->len - EPB_MIN_LEN)
		return capfile_fail(cf, "%s at offset %llu: captured length %u exceeds the block",
			what, (unsigned long long)b->offset, (unsigned)caplen);
	uint64_t ts = (uint64_t)get32(cf, p + 4) << 32 | get32(cf, p + 8);
	set_time(rec, ts, cf->ifaces[iface].tsresol);
	rec->has_ts = true;
	rec->caplen = caplen;
	rec->len = get32(cf, p + 16);
	rec->iface = iface;
	rec->data = p + 20;
	return 1;
}

/* SPB: no interface (the first), no timestamp, captured bytes told by the
 * block length and the interface's snapshot length. */
static int read_simple(struct capfile *cf, const struct block *b, struct capfile_record *rec)
{
	if (cf->nifaces == 0)
		return capfile_fail(cf, "simple packet block at offset %llu: no interface is described",
			(unsigned long long)b->offset);
	uint32_t len = get32(cf, b->p + 8);
	uint32_t caplen = b->len - SPB_MIN_LEN;
	uint32_t snaplen = cf->ifaces[0].snaplen;
	if (caplen > len)
		caplen = len;
	if (snaplen != 0 && caplen > snaplen)
		caplen = snaplen;
	if (caplen > CAPFILE_MAX_CAPLEN)
		caplen = CAPFILE_MAX_CAPLEN;
	rec->ts_sec = 0;
	rec->ts_nsec = 0;
	rec->has_ts = false;
	rec->caplen = caplen;
	rec->len = len;
	rec->iface = 0;
	rec->data = b->p + 12;
	return 1;
}

static int pcapng_next(struct capfile *cf, struct capfile_record *rec)
{
	struct block b;
	int rc;

	while ((rc = read_block(cf, &b)) == 1) {
		if (b.p == NULL)
			continue;
		switch (b.type) {
		case BT_SHB: rc = read_shb(cf, &b); break;
		case BT_IDB: rc = read_idb(cf, &b); break;
		case BT_EPB: case BT_PB: rc = read_packet(cf, &b, rec); break;
		case BT_SPB: rc = read_simple(cf, &b, rec); break;
		default: rc = 0; break;
		}
		if (rc < 0)
			return -1;
		input_consume(&cf->in, b.len);
		if (rc == 1) {
			const struct capfile_iface *ifc = &cf->ifaces[rec->iface];
			rec->linktype = ifc->linktype;
			rec->has_iface = true;
			rec->section = cf->section;
			rec->iface_name = ifc->named ? ifc->name : NULL;
			rec->offset = b.offset;
			return 1;
		}
	}
	return rc;
}

int pcapng_start(struct capfile *cf)
{
	struct block b;
	int rc = read_block(cf, &b);

	if (rc == 0)
		return capfile_fail(cf, "truncated section header block at offset 0");
	if (rc < 0 || read_shb(cf, &b) != 0)
		return -1;
	input_consume(&cf->in, b.len);
	cf->next = pcapng_next;
	return 0;
}
