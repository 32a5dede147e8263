#include "input.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"

void input_init(struct input *in, int fd, size_t cap)
{
	memset(in, 0, sizeof(*in));
	in->fd = fd;
	in->cap = cap;
	in->buf = malloc(cap);
	if (in->buf == NULL)
		errx_(EXIT_FAIL, "out of memory");
}

void input_free(struct input *in)
{
	free(in->buf);
	in->buf = NULL;
}

const uint8_t *input_get(struct input *in, size_t n, size_t *avail)
{
	while (in->end - in->start < n && !in->eof && !in->error) {
		if (in->cap - in->start < n) {
			/* Slide the unconsumed tail to the front. */
			memmove(in->buf, in->buf + in->start, in->end - in->start);
			in->end -= in->start;
			in->start = 0;
		}
		ssize_t got = read(in->fd, in->buf + in->end, in->cap - in->end);
		if (got < 0) {
			if (errno != EINTR)
				in->error = errno;
		} else if (got == 0) {
			in->eof = 1;
		} else {
			in->end += (size_t)got;
		}
	}
	*avail = in->end - in->start;
	return *avail >= n ? in->buf + in->start : NULL;
}

void input_consume(struct input *in, size_t n)
{
	in->start += n;
	in->offset += n;
}
