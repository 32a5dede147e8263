#include "tsv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* No record of a monitor comes near this; it bounds a runaway field. */
#define TSV_MAX_RECORD (1u << 20)

void tsv_init(struct tsv *t, int fd)
{
	memset(t, 0, sizeof(*t));
	t->fd = fd;
}

void tsv_free(struct tsv *t)
{
	free(t->buf);
	t->buf = NULL;
	t->len = t->cap = 0;
}

static int reserve(struct tsv *t, size_t more)
{
	if (t->error)
		return -1;
	if (t->len + more <= t->cap)
		return 0;
	size_t cap = t->cap ? t->cap : 256;
	while (cap < t->len + more)
		cap *= 2;
	if (cap > TSV_MAX_RECORD) {
		t->error = EMSGSIZE;
		return -1;
	}
	char *buf = realloc(t->buf, cap);
	if (buf == NULL) {
		t->error = ENOMEM;
		return -1;
	}
	t->buf = buf;
	t->cap = cap;
	return 0;
}

static void put(struct tsv *t, const char *s, size_t n)
{
	if (reserve(t, n) == 0) {
		memcpy(t->buf + t->len, s, n);
		t->len += n;
	}
}

/* The separator before every field but the first. */
static void next_field(struct tsv *t)
{
	if (t->col++ > 0)
		put(t, "\t", 1);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

size_t tsv_fmt_u64(char *out, uint64_t v)
{
	char tmp[20];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
	return n;
}

void tsv_strn(struct tsv *t, const char *s, size_t n)
{
	next_field(t);
	for (size_t i = 0; i < n; i++) {
		const char *esc = NULL;
		switch (s[i]) {
		case '\\': esc = "\\\\"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		default: break;
		}
		if (esc != NULL)
			put(t, esc, 2);
		else
			put(t, s + i, 1);
	}
}

void tsv_str(struct tsv *t, const char *s)
{
	tsv_strn(t, s, strlen(s));
}

void tsv_u64(struct tsv *t, uint64_t v)
{
	char num[21];

	next_field(t);
	put(t, num, tsv_fmt_u64(num, v));
}

void tsv_i64(struct tsv *t, int64_t v)
{
	char num[22];
	uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
	size_t n = 0;

	next_field(t);
	if (v < 0)
		num[n++] = '-';
	n += tsv_fmt_u64(num + n, mag);
	put(t, num, n);
}

void tsv_fixed(struct tsv *t, int64_t v, unsigned decimals)
{
	char num[24];
	uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
	uint64_t scale = 1;
	size_t n = 0;

	if (decimals > 18)
		decimals = 18;
	for (unsigned i = 0; i < decimals; i++)
		scale *= 10;
	next_field(t);
	if (v < 0)
		num[n++] = '-';
	n += tsv_fmt_u64(num + n, mag / scale);
	if (decimals > 0) {
		char frac[21];
		/* scale + fraction keeps the leading zeros: 10^2 + 5 -> "105". */
		size_t fl = tsv_fmt_u64(frac, scale + mag % scale);
		num[n++] = '.';
		memcpy(num + n, frac + 1, fl - 1);
		n += fl - 1;
	}
	put(t, num, n);
}

void tsv_none(struct tsv *t)
{
	next_field(t);
	put(t, TSV_NONE, sizeof(TSV_NONE) - 1);
}

static int flush_line(struct tsv *t)
{
	put(t, "\n", 1);
	int rc = 0;
	if (t->error) {
		errno = t->error;
		rc = -1;
	} else if (write_all(t->fd, t->buf, t->len) < 0) {
		t->error = errno;
		rc = -1;
	}
	t->len = 0;
	t->col = 0;
	return rc;
}

int tsv_end(struct tsv *t)
{
	if (t->col != t->ncols) {
		t->len = 0;
		t->col = 0;
		errno = EINVAL;
		return -1;
	}
	return flush_line(t);
}

int tsv_header(struct tsv *t, const char *meta, const char *const *cols, size_t ncols)
{
	if (meta != NULL) {
		put(t, "# ", 2);
		/* A comment is one line whatever it holds. */
		for (const char *p = meta; *p; p++)
			put(t, (*p == '\n' || *p == '\r') ? " " : p, 1);
		if (flush_line(t) < 0)
			return -1;
	}
	for (size_t i = 0; i < ncols; i++)
		tsv_str(t, cols[i]);
	t->ncols = ncols;
	return flush_line(t);
}
