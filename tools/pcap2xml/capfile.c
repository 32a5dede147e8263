#include "capfile.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

int capfile_open(struct capfile *cf, int fd)
{
	size_t avail;

	memset(cf, 0, sizeof(*cf));
	input_init(&cf->in, fd, INPUT_BUFFER_SIZE);
	const uint8_t *m = input_get(&cf->in, 4, &avail);
	if (cf->in.error) {
		return capfile_fail(cf, "read: %s", strerror(cf->in.error));
	}
	if (m == NULL)
		return capfile_fail(cf, "truncated file header at offset %zu", avail);

	uint32_t le = (uint32_t)m[0] | (uint32_t)m[1] << 8 | (uint32_t)m[2] << 16 | (uint32_t)m[3] << 24;
	switch (le) {
	case 0xa1b2c3d4: case 0xd4c3b2a1:  /* microseconds, either order */
	case 0xa1b23c4d: case 0x4d3cb2a1:  /* nanoseconds, either order */
		return pcap_start(cf);
	case 0x0a0d0d0a:
		return capfile_fail(cf, "pcapng files are not supported yet (at offset 0)");
	default:
		return capfile_fail(cf, "not a pcap file (magic 0x%08x at offset 0)", (unsigned)le);
	}
}

int capfile_next(struct capfile *cf, struct capfile_record *rec)
{
	return cf->next(cf, rec);
}

void capfile_close(struct capfile *cf)
{
	input_free(&cf->in);
}
