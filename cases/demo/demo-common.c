#include "demo.h"

#include <errno.h>
#include <unistd.h>

int demo_read_full(int fd, void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n > 0) {
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int demo_write_full(int fd, const void *buf, size_t n)
{
	const unsigned char *p = buf;

	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

void demo_make_reply(const unsigned char *req, size_t len, unsigned char *out)
{
	for (size_t i = 0; i < len; i++)
		out[i] = req[len - 1 - i];
	for (size_t i = 0; i < DEMO_REPLY_EXTRA; i++)
		out[len + i] = '#';
}
