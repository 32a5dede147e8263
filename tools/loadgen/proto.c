#include "proto.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "clock.h"
#include "net.h"
#include "parse.h"

void proto_init(struct proto_conn *c, int fd)
{
	c->fd = fd;
	c->len = 0;
}

/* Waits for input until the deadline; 0 when readable. */
static int wait_input(int fd, uint64_t deadline)
{
	for (;;) {
		int ms = -1;
		if (deadline) {
			uint64_t now = mono_ns();
			if (now >= deadline)
				return errno = ETIMEDOUT, -1;
			ms = (int)((deadline - now) / 1000000) + 1;
		}
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int rc = poll(&pfd, 1, ms);
		if (rc > 0)
			return 0;
		if (rc < 0 && errno != EINTR)
			return -1;
		if (rc < 0 && deadline == 0)
			return -1;   /* a signal ends an unbounded wait */
	}
}

static int fill(struct proto_conn *c, uint64_t deadline)
{
	if (wait_input(c->fd, deadline) != 0)
		return -1;
	ssize_t n = recv(c->fd, c->buf + c->len, PROTO_LINE_MAX - c->len, 0);
	if (n == 0)
		return errno = ECONNRESET, -1;
	if (n < 0)
		return errno == EINTR ? 0 : -1;
	c->len += (size_t)n;
	return 0;
}

int proto_read_line(struct proto_conn *c, char *line, size_t cap, uint64_t deadline)
{
	for (;;) {
		char *nl = memchr(c->buf, '\n', c->len);
		if (nl) {
			size_t n = (size_t)(nl - c->buf), used = n + 1;
			if (n > 0 && c->buf[n - 1] == '\r')
				n--;
			if (n >= cap)
				return errno = EMSGSIZE, -1;
			memcpy(line, c->buf, n);
			line[n] = '\0';
			memmove(c->buf, c->buf + used, c->len - used);
			c->len -= used;
			return (int)n;
		}
		if (c->len >= PROTO_LINE_MAX)
			return errno = EMSGSIZE, -1;
		if (fill(c, deadline) != 0)
			return -1;
	}
}

int proto_read_data(struct proto_conn *c, char *data, size_t len, uint64_t deadline)
{
	size_t have = c->len < len ? c->len : len;

	memcpy(data, c->buf, have);
	memmove(c->buf, c->buf + have, c->len - have);
	c->len -= have;
	while (have < len) {
		if (wait_input(c->fd, deadline) != 0)
			return -1;
		ssize_t n = recv(c->fd, data + have, len - have, 0);
		if (n == 0)
			return errno = ECONNRESET, -1;
		if (n < 0 && errno != EINTR)
			return -1;
		if (n > 0)
			have += (size_t)n;
	}
	return 0;
}

int proto_printf(struct proto_conn *c, const char *fmt, ...)
{
	char line[PROTO_LINE_MAX + 2];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line) - 1)
		return errno = EMSGSIZE, -1;
	line[n++] = '\n';
	return net_send_all(c->fd, line, (size_t)n);
}

int proto_send_data(struct proto_conn *c, const char *data, size_t len)
{
	if (proto_printf(c, "%d VALID DATA (Data to follow)", ST_DATA) != 0 ||
	    proto_printf(c, "Content-length: %zu", len) != 0)
		return -1;
	return net_send_all(c->fd, data, len);
}

int proto_status(const char *line)
{
	uint64_t v;
	char digits[4];

	if (strlen(line) < 3 || (line[3] != '\0' && line[3] != ' '))
		return -1;
	memcpy(digits, line, 3);
	digits[3] = '\0';
	if (parse_u64(digits, 100, 599, &v) != 0)
		return -1;
	return (int)v;
}

int proto_field(const char *line, const char *key, char *out, size_t cap)
{
	size_t klen = strlen(key);
	const char *p = line;

	/* Find KEY::" at the start or after a blank, outside any quotes. */
	while (*p) {
		if ((p == line || p[-1] == ' ') && strncmp(p, key, klen) == 0 && strncmp(p + klen, "::\"", 3) == 0)
			break;
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++)
				if (*p == '\\' && p[1])
					p++;
			if (!*p)
				return -1;
		}
		p++;
	}
	if (!*p)
		return 1;
	p += klen + 3;
	size_t n = 0;
	for (; *p != '"'; p++) {
		if (!*p)
			return -1;
		if (*p == '\\') {
			p++;
			if (*p != '"' && *p != '\\')
				return -1;
		}
		if (n + 1 >= cap)
			return -1;
		out[n++] = *p;
	}
	out[n] = '\0';
	return 0;
}

int proto_quote(const char *value, char *out, size_t cap)
{
	size_t n = 0;

	for (; *value; value++) {
		if (*value == '\n' || *value == '\r')
			return -1;
		if (*value == '"' || *value == '\\') {
			if (n + 1 >= cap)
				return -1;
			out[n++] = '\\';
		}
		if (n + 1 >= cap)
			return -1;
		out[n++] = *value;
	}
	out[n] = '\0';
	return 0;
}

int proto_content_length(const char *line, size_t *len)
{
	uint64_t v;
	const char *prefix = "Content-length:";

	if (strncasecmp(line, prefix, strlen(prefix)) != 0)
		return -1;
	line += strlen(prefix);
	while (*line == ' ')
		line++;
	if (parse_u64(line, 0, PROTO_DATA_MAX, &v) != 0)
		return -1;
	*len = (size_t)v;
	return 0;
}
