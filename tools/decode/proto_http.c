/* HTTP/1.x on a reassembled TCP direction: a start line and headers (at
 * most HTTP_MAX_HEAD bytes), then a body by Content-Length, chunked
 * transfer coding, or, for a response with neither, the rest of the
 * stream.  Responses 1xx, 204 and 304 have no body; a response to HEAD is
 * not told apart (requests and responses are decoded per direction). */
#include "proto.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "msgxml.h"

#define HTTP_MAX_HEAD    (64u << 10)
#define HTTP_MAX_HEADERS 100
#define HTTP_MAX_LINE    1024        /* a chunk-size or trailer line */

#define X(s) ((const xmlChar *)(s))

enum hstate { H_HEAD, H_BODY, H_CHUNK_SIZE, H_CHUNK_DATA, H_CHUNK_END, H_TRAILER, H_TO_END, H_LOST };

struct http_stream {
	const struct decoder *d;
	struct sink *sink;
	enum hstate state;
	uint8_t *head;
	size_t hlen;
	char line[HTTP_MAX_LINE];
	size_t llen;
	uint64_t left;               /* body or chunk bytes still to come */
	struct msgxml_sample body;   /* the body so far (without chunk framing) */
	uint64_t size;               /* the message's bytes on the wire */
	int chunked, incomplete;
	uint64_t first_n;
	xmlNodePtr msg;              /* the message being read, once its head is */
};

static const char *const methods[] = {
	"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
};

/* Could a message start here (after a gap)? */
static int looks_like_start(const uint8_t *p, size_t len)
{
	if (len >= 5 && memcmp(p, "HTTP/", 5) == 0)
		return 1;
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		size_t m = strlen(methods[i]);
		if (len > m && memcmp(p, methods[i], m) == 0 && p[m] == ' ')
			return 1;
	}
	return 0;
}

static void problem(struct http_stream *st, const char *why)
{
	sink_add(st->sink, msgxml_problem(st->d->name, why));
	xmlFreeNode(st->msg);
	st->msg = NULL;
	st->hlen = st->llen = 0;
	st->state = H_LOST;
}

/* The message is complete: its body, its size, into the sink. */
static void finish(struct http_stream *st)
{
	char buf[32];

	if (st->msg == NULL)
		return;
	if (st->body.len > 0 || st->chunked) {
		xmlNodePtr b = msgxml_sample_node(st->msg, "body", &st->body);
		if (st->chunked)
			xmlNewProp(b, X("chunked"), X("1"));
		if (st->incomplete)
			xmlNewProp(b, X("incomplete"), X("1"));
	}
	snprintf(buf, sizeof(buf), "%" PRIu64, st->size);
	xmlSetProp(st->msg, X("len"), X(buf));
	sink_add(st->sink, st->msg);
	st->msg = NULL;
	st->state = H_HEAD;
	st->hlen = 0;
}

/* A header's value by name (case-insensitive) among the parsed ones. */
static const char *header(char **names, char **values, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(names[i], name) == 0)
			return values[i];
	return NULL;
}

static void add_summary_field(char *sum, size_t size, const char *name, const char *value)
{
	size_t len = strlen(sum);
	if (value != NULL && len < size)
		snprintf(sum + len, size - len, " %s=%.40s", name, value);
}

/* Parses the head in st->head[0..hlen) into a message and decides how its
 * body is delimited. */
static void parse_head(struct http_stream *st)
{
	char *lines[HTTP_MAX_HEADERS + 1];
	char *names[HTTP_MAX_HEADERS], *values[HTTP_MAX_HEADERS];
	size_t nlines = 0, n = 0;
	char sum[MSGXML_MAX_SUMMARY + 1], why[128] = "";
	char *save = NULL;

	/* the lines, each without its CR LF and escaped as text */
	for (size_t at = 0; at < st->hlen && nlines < HTTP_MAX_HEADERS + 1;) {
		const uint8_t *nl = memchr(st->head + at, '\n', st->hlen - at);
		size_t end = nl ? (size_t)(nl - st->head) : st->hlen, len = end - at;
		if (len > 0 && st->head[at + len - 1] == '\r')
			len--;
		if (len > 0 && (lines[nlines] = msgxml_escape(st->head + at, len)) != NULL)
			nlines++;
		at = end + 1;
	}
	char *start = nlines > 0 ? lines[0] : NULL;
	for (size_t i = 1; i < nlines; i++) {
		char *h = lines[i];
		char *colon = strchr(h, ':');
		if (colon == NULL) {
			snprintf(why, sizeof(why), "header line without ':'");
			continue;
		}
		*colon = '\0';
		char *v = colon + 1;
		while (*v == ' ' || *v == '\t')
			v++;
		size_t vl = strlen(v);
		while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
			v[--vl] = '\0';
		names[n] = h;
		values[n++] = v;
	}

	char *a = start ? strtok_r(start, " ", &save) : NULL;
	char *b = a ? strtok_r(NULL, " ", &save) : NULL;
	char *c = b ? strtok_r(NULL, "", &save) : NULL;
	int response = a && strncmp(a, "HTTP/", 5) == 0;
	const char *type;
	xmlNodePtr first;
	int status = 0;

	if (response) {
		status = b && strlen(b) == 3 && isdigit((unsigned char)b[0]) && isdigit((unsigned char)b[1]) &&
			 isdigit((unsigned char)b[2]) ? atoi(b) : 0;
		if (status == 0)
			snprintf(why, sizeof(why), "not a status code: '%.20s'", b ? b : "");
		type = b ? b : "response";
		snprintf(sum, sizeof(sum), "%s %s", b ? b : "?", c ? c : "");
		st->msg = msgxml_new(st->d->name, type, st->first_n, 0, "", NULL);
		first = xmlNewChild(st->msg, NULL, X("response"), NULL);
		xmlNewProp(first, X("version"), X(a));
		xmlNewProp(first, X("status"), X(b ? b : ""));
		xmlNewProp(first, X("reason"), X(c ? c : ""));
	} else {
		if (a == NULL || b == NULL || c == NULL || strncmp(c, "HTTP/", 5) != 0)
			snprintf(why, sizeof(why), "not a request line");
		type = a ? a : "request";
		snprintf(sum, sizeof(sum), "%s %.60s", a ? a : "?", b ? b : "");
		st->msg = msgxml_new(st->d->name, type, st->first_n, 0, "", NULL);
		first = xmlNewChild(st->msg, NULL, X("request"), NULL);
		xmlNewProp(first, X("method"), X(a ? a : ""));
		xmlNewProp(first, X("uri"), X(b ? b : ""));
		xmlNewProp(first, X("version"), X(c ? c : ""));
	}
	for (size_t i = 0; i < n; i++) {
		xmlNodePtr h = xmlNewTextChild(st->msg, NULL, X("header"), X(values[i]));
		xmlNewProp(h, X("name"), X(names[i]));
	}

	const char *cl = header(names, values, n, "Content-Length");
	const char *te = header(names, values, n, "Transfer-Encoding");
	add_summary_field(sum, sizeof(sum), "host", header(names, values, n, "Host"));
	add_summary_field(sum, sizeof(sum), "type", header(names, values, n, "Content-Type"));
	add_summary_field(sum, sizeof(sum), "len", cl);
	xmlSetProp(st->msg, X("summary"), X(sum));
	if (why[0] != '\0')
		xmlSetProp(st->msg, X("malformed"), X(why));

	st->body.len = 0;
	st->chunked = st->incomplete = 0;
	if (te != NULL && strcasestr(te, "chunked") != NULL) {
		st->chunked = 1;
		st->state = H_CHUNK_SIZE;
		st->llen = 0;
	} else if (response && (status / 100 == 1 || status == 204 || status == 304)) {
		st->state = H_HEAD;
	} else if (cl != NULL) {
		char *e;
		unsigned long long v = strtoull(cl, &e, 10);
		if (*cl == '\0' || *e != '\0' || !isdigit((unsigned char)*cl)) {
			xmlSetProp(st->msg, X("malformed"), X("Content-Length is not a number"));
			v = 0;
		}
		st->left = v;
		st->state = v > 0 ? H_BODY : H_HEAD;
	} else {
		st->state = response ? H_TO_END : H_HEAD;
	}
	for (size_t i = 0; i < nlines; i++)
		free(lines[i]);
	if (st->state == H_HEAD)
		finish(st);
}

/* Body bytes: counted, the first ones kept. */
static void body(struct http_stream *st, const uint8_t *p, size_t n)
{
	msgxml_sample_add(&st->body, p, n);
}

/* A line of a chunked body (size or trailer): 1 when complete. */
static int line(struct http_stream *st, const uint8_t **p, size_t *len)
{
	while (*len > 0) {
		char c = (char)**p;
		(*p)++, (*len)--, st->size++;
		if (c == '\n') {
			st->line[st->llen] = '\0';
			if (st->llen > 0 && st->line[st->llen - 1] == '\r')
				st->line[--st->llen] = '\0';
			st->llen = 0;
			return 1;
		}
		if (st->llen + 1 >= sizeof(st->line)) {
			problem(st, "chunk line too long");
			return 0;
		}
		st->line[st->llen++] = c;
	}
	return 0;
}

static void *http_open(const struct decoder *d, struct sink *s)
{
	struct http_stream *st = calloc(1, sizeof(*st));

	if (st == NULL)
		return NULL;
	st->d = d;
	st->sink = s;
	return st;
}

static void http_data(void *arg, const uint8_t *p, size_t len, uint64_t n, int seg_start)
{
	struct http_stream *st = arg;

	if (st->state == H_LOST) {
		if (!seg_start || !looks_like_start(p, len))
			return;
		st->state = H_HEAD;
	}
	while (len > 0 && st->state != H_LOST) {
		size_t take;
		switch (st->state) {
		case H_HEAD:
			if (st->hlen == 0) {
				st->first_n = n;
				st->size = 0;
			}
			if (st->head == NULL && (st->head = malloc(HTTP_MAX_HEAD)) == NULL) {
				problem(st, "out of memory");
				return;
			}
			/* up to the empty line that ends the head */
			while (len > 0) {
				if (st->hlen == HTTP_MAX_HEAD) {
					problem(st, "a head over 64 KiB");
					return;
				}
				st->head[st->hlen++] = *p++;
				len--;
				st->size++;
				if ((st->hlen >= 4 && memcmp(st->head + st->hlen - 4, "\r\n\r\n", 4) == 0) ||
				    (st->hlen >= 2 && memcmp(st->head + st->hlen - 2, "\n\n", 2) == 0)) {
					if (st->hlen <= 4 && (st->head[0] == '\r' || st->head[0] == '\n')) {
						st->hlen = 0;   /* blank lines between messages */
						continue;
					}
					parse_head(st);
					break;
				}
			}
			break;
		case H_BODY:
		case H_CHUNK_DATA:
			take = st->left < len ? (size_t)st->left : len;
			body(st, p, take);
			p += take, len -= take, st->left -= take, st->size += take;
			if (st->left == 0) {
				if (st->state == H_BODY)
					finish(st);
				else
					st->state = H_CHUNK_END;
			}
			break;
		case H_CHUNK_END:
			if (line(st, &p, &len))
				st->state = H_CHUNK_SIZE;
			break;
		case H_CHUNK_SIZE:
			if (line(st, &p, &len)) {
				char *e;
				st->left = strtoull(st->line, &e, 16);
				if (e == st->line || (*e != '\0' && *e != ';' && *e != ' ')) {
					problem(st, "not a chunk size");
					return;
				}
				st->state = st->left > 0 ? H_CHUNK_DATA : H_TRAILER;
			}
			break;
		case H_TRAILER:
			if (line(st, &p, &len) && st->line[0] == '\0')
				finish(st);
			break;
		case H_TO_END:
			body(st, p, len);
			st->size += len;
			len = 0;
			break;
		case H_LOST:
			break;
		}
	}
}

static void http_gap(void *arg, uint64_t missing)
{
	struct http_stream *st = arg;

	if ((st->state == H_BODY || st->state == H_CHUNK_DATA) && missing < st->left) {
		/* the body goes on: its length is known */
		st->left -= missing;
		msgxml_sample_add(&st->body, NULL, missing);
		st->size += missing;
		st->incomplete = 1;
		return;
	}
	if (st->state == H_TO_END) {
		msgxml_sample_add(&st->body, NULL, missing);
		st->incomplete = 1;
		return;
	}
	if (st->state == H_LOST || (st->state == H_HEAD && st->hlen == 0))
		st->state = H_LOST;
	else
		problem(st, "bytes missing from the capture inside a message");
	st->state = H_LOST;
}

static void http_end(void *arg)
{
	struct http_stream *st = arg;

	if (st->state == H_TO_END)
		finish(st);
	else if (st->msg != NULL || st->hlen > 0)
		problem(st, "the stream ended inside a message");
	xmlFreeNode(st->msg);
	free(st->head);
	free(st);
}

const struct proto_module proto_http = {
	.name = "http",
	.well_known_ports = { 80, 8080 },
	.stream_open = http_open,
	.stream_data = http_data,
	.stream_gap = http_gap,
	.stream_end = http_end,
};
