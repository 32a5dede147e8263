#include "capfile.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bytes.h"

/* Big enough for the largest record and its header several times over, so
 * most reads fill it in one system call. */
#define INPUT_BUFFER_SIZE (1u << 20)

int capfile_fail(struct capfile *cf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cf->err, sizeof(cf->err), fmt, ap);
	va_end(ap);
	return -1;
}

int capfile_cut(struct capfile *cf, const char *what, uint64_t offset)
{
	if (cf->in.error)
		return capfile_fail(cf, "read error at offset %llu: %s",
			(unsigned long long)(cf->in.offset + (cf->in.end - cf->in.start)),
			strerror(cf->in.error));
	return capfile_fail(cf, "truncated %s at offset %llu", what, (unsigned long long)offset);
}

int capfile_check_linktype(struct capfile *cf, unsigned linktype, uint64_t offset)
{
	if (cf->accept_linktype == NULL || cf->accept_linktype(linktype))
		return 0;
	return capfile_fail(cf, "link-layer type %u at offset %llu is not supported",
		linktype, (unsigned long long)offset);
}

static int start(struct capfile *cf)
{
	size_t avail;
	const uint8_t *m = input_get(&cf->in, 4, &avail);

	if (m == NULL) {
		if (cf->in.error)
			return capfile_cut(cf, "file header", 0);
		return capfile_fail(cf, "truncated file header at offset %zu", avail);
	}

	uint32_t le = load_le32(m);
	switch (le) {
	case 0xa1b2c3d4: case 0xd4c3b2a1:  /* microseconds, either order */
	case 0xa1b23c4d: case 0x4d3cb2a1:  /* nanoseconds, either order */
		return pcap_start(cf);
	case 0x0a0d0d0a:                   /* a palindrome: either order */
		return pcapng_start(cf);
	default:
		return capfile_fail(cf, "not a pcap or pcapng file (magic 0x%08x at offset 0)",
			(unsigned)le);
	}
}

int capfile_open(struct capfile *cf, int fd, bool (*accept_linktype)(unsigned))
{
	memset(cf, 0, sizeof(*cf));
	cf->accept_linktype = accept_linktype;
	input_init(&cf->in, fd, INPUT_BUFFER_SIZE);
	return start(cf);
}

int capfile_open_mem(struct capfile *cf, const uint8_t *data, size_t n,
	bool (*accept_linktype)(unsigned))
{
	memset(cf, 0, sizeof(*cf));
	cf->accept_linktype = accept_linktype;
	input_init_mem(&cf->in, data, n);
	return start(cf);
}

int capfile_next(struct capfile *cf, struct capfile_record *rec)
{
	return cf->next(cf, rec);
}

void capfile_close(struct capfile *cf)
{
	input_free(&cf->in);
}
