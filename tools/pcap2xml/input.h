/* Buffered reading of a capture from a file descriptor (a file or a pipe),
 * handing out contiguous runs of bytes so the format readers can parse
 * records in place.  Memory stays at one buffer whatever the input size. */
#ifndef PCAP2XML_INPUT_H
#define PCAP2XML_INPUT_H

#include <stddef.h>
#include <stdint.h>

struct input {
	int fd;
	uint8_t *buf;
	size_t cap;
	size_t start;     /* first unconsumed byte in buf */
	size_t end;       /* first byte not yet read into buf */
	uint64_t offset;  /* file offset of buf[start] */
	int eof;
	int error;        /* errno of a failed read, 0 if none */
	int borrowed;     /* buf is the caller's (input_init_mem) */
};

void input_init(struct input *in, int fd, size_t cap);
/* An input over n bytes already in memory (the fuzz targets feed bytes
 * through the same readers as a file this way); they must outlive it. */
void input_init_mem(struct input *in, const uint8_t *data, size_t n);
void input_free(struct input *in);

/* Makes n bytes available at the returned pointer, reading as needed.
 * Returns NULL when the input ends (or fails: in->error) first; *avail is
 * then the number of bytes that were left.  n must not exceed the
 * buffer's size. */
const uint8_t *input_get(struct input *in, size_t n, size_t *avail);
/* Marks n bytes (returned by input_get) as used. */
void input_consume(struct input *in, size_t n);
/* Consumes n bytes, any number, reading and dropping what is not
 * buffered yet.  Returns 0, or -1 when the input ends (or fails) first. */
int input_skip(struct input *in, uint64_t n);

#endif
