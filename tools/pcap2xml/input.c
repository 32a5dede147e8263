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

void input_init_mem(struct input *in, const uint8_t *data, size_t n)
{
	memset(in, 0, sizeof(*in));
	in->fd = -1;
	/* Never written through: input_get only slides bytes when it reads,
	 * and a memory input is at its end from the start. */
	in->buf = (uint8_t *)(uintptr_t)data;
	in->cap = n;
	in->end = n;
	in->eof = 1;
	in->borrowed = 1;
}

void input_free(struct input *in)
{
	if (!in->borrowed)
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

int input_skip(struct input *in, uint64_t n)
{
	while (n > 0) {
		size_t avail = in->end - in->start;
		if (avail == 0) {
			size_t want = n < in->cap ? (size_t)n : in->cap;
			(void)input_get(in, want, &avail);
			if (avail == 0)
				return -1;
		}
		size_t step = avail < n ? avail : (size_t)n;
		input_consume(in, step);
		n -= step;
	}
	return 0;
}
