#include "jobclient.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "parse.h"

static int fail(struct jobclient *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct jobclient *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->error, sizeof(c->error), fmt, ap);
	va_end(ap);
	return -1;
}

int jobclient_parse_addr(const char *s, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);
	uint64_t port = JM_PORT;

	if (n == 0 || n >= sizeof(host))
		return -1;
	memcpy(host, s, n);
	host[n] = '\0';
	if (colon && parse_u64(colon + 1, 1, 65535, &port) < 0)
		return -1;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

char *jobclient_read_token(const char *path, char *why, size_t whylen)
{
	char line[JM_MAX_TOKEN + 2];
	FILE *fp = fopen(path, "r");
	size_t n;

	if (fp == NULL) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fgets(line, sizeof(line), fp) == NULL)
		line[0] = '\0';
	fclose(fp);
	n = strcspn(line, "\r\n");
	if (n == 0 || n > JM_MAX_TOKEN) {
		snprintf(why, whylen, "%s: no token on its first line (1 to %u characters)", path, JM_MAX_TOKEN);
		return NULL;
	}
	line[n] = '\0';
	return strdup(line);
}

int jobclient_token_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	/* Walks the whole of the expected token whatever the input. */
	unsigned diff = (unsigned)(la ^ lb);

	for (size_t i = 0; i < la; i++)
		diff |= (unsigned char)a[i] ^ (unsigned char)(i < lb ? b[i] : 0);
	return diff == 0 && la > 0;
}

int jobclient_connect(struct jobclient *c, const char *master, const char *token)
{
	struct sockaddr_in sa;

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	xdr_rm_init(&c->rd, JM_MAX_RECORD);
	if (jobclient_parse_addr(master, &sa) < 0)
		return fail(c, "'%s': not an IPv4 ADDR[:PORT]", master);
	if (token && (c->token = strdup(token)) == NULL)
		return fail(c, "%s", strerror(errno));
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return fail(c, "socket: %s", strerror(errno));
	if (connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return fail(c, "connect to master %s: %s", master, strerror(errno));
	return 0;
}

void jobclient_close(struct jobclient *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(c->token);
	c->token = NULL;
	xdr_rm_free(&c->rd);
}

const char *jobclient_error(const struct jobclient *c)
{
	return c->error;
}

/* Sends m (its version and reqid filled in here) and reads the reply with
 * the same reqid into r.  An ERROR reply is a failure with its text. */
static int call(struct jobclient *c, struct jm_msg *m, struct jm_msg *r, uint32_t want)
{
	struct xdr_enc e;
	size_t off = 0;

	memset(r, 0, sizeof(*r));
	if (c->fd < 0)
		return fail(c, "not connected");
	m->version = JM_VERSION;
	m->reqid = ++c->reqid;
	xdr_enc_init(&e, JM_MAX_RECORD);
	if (jm_encode(&e, m) < 0) {
		xdr_enc_free(&e);
		return fail(c, "request too large (a length or count over the protocol's bound)");
	}
	while (off < e.len) {
		ssize_t n = send(c->fd, e.data + off, e.len - off, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			xdr_enc_free(&e);
			return fail(c, "send to master: %s", strerror(errno));
		}
		off += (size_t)n;
	}
	xdr_enc_free(&e);
	for (;;) {
		uint8_t buf[16384];
		ssize_t n = recv(c->fd, buf, sizeof(buf), 0);
		size_t used = 0, at = 0;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return fail(c, "receive from master: %s", strerror(errno));
		if (n == 0)
			return fail(c, "the master closed the connection (it stopped or restarted)");
		/* A reply is read whole before the next request is sent, so
		 * nothing past it can be in this read. */
		while (at < (size_t)n) {
			enum xdr_rm_status s = xdr_rm_feed(&c->rd, buf + at, (size_t)n - at, &used);

			at += used;
			if (s == XDR_RM_ERROR)
				return fail(c, "reply from master over %u bytes", JM_MAX_RECORD);
			if (s == XDR_RM_MORE)
				break;
			enum jm_decode_result d = jm_decode(c->rd.buf, c->rd.len, r);
			xdr_rm_next(&c->rd);
			if (d != JM_OK) {
				jm_msg_free(r);
				return fail(c, "malformed reply from master");
			}
			if (r->reqid != m->reqid) {
				jm_msg_free(r);
				continue;
			}
			if (r->type == JM_ERROR) {
				fail(c, "%s", r->text ? r->text : "error");
				jm_msg_free(r);
				return -1;
			}
			if (r->type != want) {
				fail(c, "unexpected %s reply from master", jm_type_name(r->type));
				jm_msg_free(r);
				return -1;
			}
			return 0;
		}
	}
}

int jobclient_submit(struct jobclient *c, const struct jm_spec *spec, uint64_t *job)
{
	struct jm_msg m = { .type = JM_SUBMIT, .token = c->token, .spec = *spec }, r;

	if (call(c, &m, &r, JM_ACCEPTED) < 0)
		return -1;
	*job = r.job;
	jm_msg_free(&r);
	return 0;
}

static int query(struct jobclient *c, uint64_t job, int wait, struct jm_status *st)
{
	struct jm_msg m = { .type = JM_QUERY, .job = job, .wait = (uint32_t)wait }, r;

	if (call(c, &m, &r, JM_STATUS) < 0)
		return -1;
	*st = r.status;
	memset(&r.status, 0, sizeof(r.status));
	jm_msg_free(&r);
	return 0;
}

int jobclient_status(struct jobclient *c, uint64_t job, struct jm_status *st)
{
	return query(c, job, 0, st);
}

int jobclient_wait(struct jobclient *c, uint64_t job, struct jm_status *st)
{
	return query(c, job, 1, st);
}

int jobclient_cancel(struct jobclient *c, uint64_t job)
{
	struct jm_msg m = { .type = JM_CANCEL, .token = c->token, .job = job }, r;

	if (call(c, &m, &r, JM_ACCEPTED) < 0)
		return -1;
	jm_msg_free(&r);
	return 0;
}

int jobclient_list(struct jobclient *c, struct jm_msg *listing)
{
	struct jm_msg m = { .type = JM_LIST };

	return call(c, &m, listing, JM_LISTING);
}

int jobclient_shutdown(struct jobclient *c)
{
	struct jm_msg m = { .type = JM_SHUTDOWN, .token = c->token }, r;

	if (call(c, &m, &r, JM_ACCEPTED) < 0)
		return -1;
	jm_msg_free(&r);
	return 0;
}

int jobclient_exit_code(const struct jm_status *st)
{
	switch (st->state) {
	case JM_EXITED: return st->code;
	case JM_SIGNALED: return 128 + st->code;
	case JM_TIMEDOUT: return 124;
	default: return 125;
	}
}
