#include "conn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static uint64_t next_serial = 1;

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t now_mono_ns(void) { return clock_ns(CLOCK_MONOTONIC); }
uint64_t now_real_ns(void) { return clock_ns(CLOCK_REALTIME); }

void sockaddr_text(const void *sa, char *buf, size_t len)
{
	const struct sockaddr_in *in = sa;
	char a[INET_ADDRSTRLEN] = "?";

	inet_ntop(AF_INET, &in->sin_addr, a, sizeof(a));
	snprintf(buf, len, "%s:%u", a, ntohs(in->sin_port));
}

struct conn *conn_new(int fd, const char *peer)
{
	struct conn *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->fd = fd;
	c->serial = next_serial++;
	snprintf(c->peer, sizeof(c->peer), "%s", peer);
	xdr_rm_init(&c->rd, JM_MAX_RECORD);
	xdr_enc_init(&c->out, CONN_MAX_QUEUED);
	c->last_rx_ns = now_mono_ns();
	return c;
}

void conn_free(struct conn *c)
{
	if (c == NULL)
		return;
	if (c->fd >= 0)
		close(c->fd);
	xdr_rm_free(&c->rd);
	xdr_enc_free(&c->out);
	free(c);
}

void conn_send(struct conn *c, struct jm_msg *m)
{
	size_t before = c->out.len;

	if (c->dead)
		return;
	m->version = JM_VERSION;
	if (c->out.len > CONN_MAX_QUEUED - JM_MAX_RECORD - XDR_RM_HDRLEN) {
		logmsg("%s: peer does not read (%zu bytes queued), closing", c->peer, c->out.len);
		c->dead = true;
		return;
	}
	if (jm_encode(&c->out, m) < 0) {
		/* A message over its bounds is a bug here, not the peer's. */
		logmsg("%s: %s message over the protocol's bounds, not sent", c->peer, jm_type_name(m->type));
		c->out.len = before;
		c->out.failed = false;
	}
}

void conn_error(struct conn *c, uint32_t reqid, uint32_t code, const char *fmt, ...)
{
	char text[JM_MAX_TEXT];
	struct jm_msg m = { .type = JM_ERROR, .reqid = reqid, .error = code, .text = text };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	conn_send(c, &m);
}

bool conn_wants_write(const struct conn *c)
{
	return c->out_off < c->out.len;
}

void conn_flush(struct conn *c)
{
	while (!c->dead && c->out_off < c->out.len) {
		ssize_t n = send(c->fd, c->out.data + c->out_off, c->out.len - c->out_off,
		                 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n < 0) {
			logmsg("%s: send: %s, closing", c->peer, strerror(errno));
			c->dead = true;
			return;
		}
		c->out_off += (size_t)n;
	}
	if (c->out_off == c->out.len) {
		c->out.len = 0;
		c->out_off = 0;
	}
	if (c->closing && c->out.len == 0)
		c->dead = true;
}

void conn_read(struct conn *c, conn_handler *handle, void *ctx)
{
	uint8_t buf[65536];
	ssize_t n = recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT);
	size_t at = 0;

	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	if (n <= 0) {
		if (n < 0)
			logmsg("%s: receive: %s, closing", c->peer, strerror(errno));
		else if (!xdr_rm_idle(&c->rd))
			logmsg("%s: connection closed in the middle of a message", c->peer);
		c->dead = true;
		return;
	}
	while (at < (size_t)n && !c->dead && !c->closing) {
		size_t used = 0;
		enum xdr_rm_status s = xdr_rm_feed(&c->rd, buf + at, (size_t)n - at, &used);
		struct jm_msg m;

		at += used;
		if (s == XDR_RM_ERROR) {
			logmsg("%s: garbage: a record over %u bytes announced, closing", c->peer, JM_MAX_RECORD);
			c->dead = true;
			return;
		}
		if (s == XDR_RM_MORE)
			return;
		enum jm_decode_result d = jm_decode(c->rd.buf, c->rd.len, &m);
		size_t len = c->rd.len;

		xdr_rm_next(&c->rd);
		c->last_rx_ns = now_mono_ns();
		if (d == JM_BAD_VERSION) {
			logmsg("%s: protocol version %u refused (this jobmgr speaks %u), closing",
			       c->peer, m.version, JM_VERSION);
			conn_error(c, m.reqid, JM_E_VERSION,
			           "protocol version %u is not supported (this jobmgr speaks version %u)",
			           m.version, JM_VERSION);
			c->closing = true;
		} else if (d != JM_OK) {
			logmsg("%s: garbage: malformed %zu-byte message (type %u), closing", c->peer, len, m.type);
			c->dead = true;
		} else {
			handle(c, &m, ctx);
		}
		jm_msg_free(&m);
	}
}
