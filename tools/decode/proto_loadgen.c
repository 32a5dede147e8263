/* ipbench's control protocol as loadgen(1) speaks it, per TCP direction:
 * text lines ending in "\n" (at most LG_MAX_LINE bytes), each a message
 * (a command such as SETUP, or a reply "NNN text"), except that a "220"
 * reply is followed by "Content-length: N" and N bytes of data, which
 * belong to it. */
#include "proto.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgxml.h"

#define LG_MAX_LINE 4096
#define LG_MAX_DATA (64u << 20)

#define X(s) ((const xmlChar *)(s))

enum lstate { L_LINE, L_LENGTH, L_DATA, L_LOST };

struct lg_stream {
	const struct decoder *d;
	struct sink *sink;
	enum lstate state;
	char line[LG_MAX_LINE + 1];
	size_t llen;
	uint64_t first_n;
	uint64_t size;               /* the message's bytes so far */
	uint64_t left;               /* 220's data still to come */
	struct msgxml_sample data;   /* and what came of it */
	xmlNodePtr msg;              /* a 220 waiting for its data */
};

static void lg_problem(struct lg_stream *st, const char *why)
{
	sink_add(st->sink, msgxml_problem(st->d->name, why));
	xmlFreeNode(st->msg);
	st->msg = NULL;
	st->llen = 0;
	st->state = L_LOST;
}

/* The message of one line: its type is a reply's status or a command's
 * first word. */
static xmlNodePtr line_message(struct lg_stream *st, const char *line)
{
	char type[16], sum[MSGXML_MAX_SUMMARY + 1];
	size_t n = strcspn(line, " ");

	snprintf(type, sizeof(type), "%.*s", (int)(n < sizeof(type) - 1 ? n : sizeof(type) - 1), line);
	snprintf(sum, sizeof(sum), "%.100s", line);
	xmlNodePtr m = msgxml_new(st->d->name, type[0] ? type : "empty", st->first_n, 0, sum, NULL);
	if (m != NULL)
		xmlNewTextChild(m, NULL, X("line"), X(line));
	return m;
}

static void emit(struct lg_stream *st, xmlNodePtr m)
{
	char buf[32];

	if (m == NULL)
		return;
	snprintf(buf, sizeof(buf), "%" PRIu64, st->size);
	xmlSetProp(m, X("len"), X(buf));
	sink_add(st->sink, m);
	st->size = 0;
}

/* A whole line (without its "\n" or "\r\n"), escaped. */
static void on_line(struct lg_stream *st, const char *line)
{
	if (st->state == L_LENGTH) {
		unsigned long long len;
		char end;
		if (sscanf(line, "Content-length: %llu%c", &len, &end) != 1 || len > LG_MAX_DATA) {
			xmlSetProp(st->msg, X("malformed"), X("no Content-length after a 220"));
			emit(st, st->msg);
			st->msg = NULL;
			st->state = L_LINE;
			return;
		}
		char buf[32];
		snprintf(buf, sizeof(buf), "%llu", len);
		xmlNewTextChild(st->msg, NULL, X("content-length"), X(buf));
		st->left = len;
		st->data.len = 0;
		st->state = L_DATA;
		if (len > 0)
			return;
	} else {
		xmlNodePtr m = line_message(st, line);
		if (strncmp(line, "220", 3) == 0 && (line[3] == ' ' || line[3] == '\0')) {
			st->msg = m;
			st->state = L_LENGTH;
			return;
		}
		emit(st, m);
		return;
	}
	/* a 220 without data */
	emit(st, st->msg);
	st->msg = NULL;
	st->state = L_LINE;
}

static void data_done(struct lg_stream *st)
{
	(void)msgxml_sample_node(st->msg, "data", &st->data);
	emit(st, st->msg);
	st->msg = NULL;
	st->state = L_LINE;
}

static void *lg_open(const struct decoder *d, struct sink *s)
{
	struct lg_stream *st = calloc(1, sizeof(*st));

	if (st == NULL)
		return NULL;
	st->d = d;
	st->sink = s;
	return st;
}

static void lg_data(void *arg, const uint8_t *p, size_t len, uint64_t n, int seg_start)
{
	struct lg_stream *st = arg;

	if (st->state == L_LOST) {
		if (!seg_start)
			return;
		st->state = L_LINE;
	}
	while (len > 0) {
		if (st->state == L_DATA) {
			size_t take = st->left < len ? (size_t)st->left : len;
			msgxml_sample_add(&st->data, p, take);
			st->left -= take, st->size += take;
			p += take, len -= take;
			if (st->left == 0)
				data_done(st);
			continue;
		}
		if (st->llen == 0 && st->state == L_LINE)
			st->first_n = n;
		const uint8_t *nl = memchr(p, '\n', len);
		size_t take = nl ? (size_t)(nl - p) + 1 : len;
		if (st->llen + take > LG_MAX_LINE) {
			lg_problem(st, "a line over 4096 bytes");
			return;
		}
		memcpy(st->line + st->llen, p, take);
		st->llen += take;
		st->size += take;
		p += take, len -= take;
		if (nl == NULL)
			break;
		size_t l = st->llen - 1;
		if (l > 0 && st->line[l - 1] == '\r')
			l--;
		char *text = msgxml_escape((const uint8_t *)st->line, l);
		st->llen = 0;
		if (text == NULL) {
			lg_problem(st, "out of memory");
			return;
		}
		on_line(st, text);
		free(text);
	}
}

static void lg_gap(void *arg, uint64_t missing)
{
	struct lg_stream *st = arg;

	if (st->state == L_DATA && missing < st->left) {
		st->left -= missing;
		msgxml_sample_add(&st->data, NULL, missing);
		st->size += missing;
		return;
	}
	if (st->llen > 0 || st->msg != NULL)
		lg_problem(st, "bytes missing from the capture inside a message");
	st->state = L_LOST;
	st->llen = 0;
}

static void lg_end(void *arg)
{
	struct lg_stream *st = arg;

	if (st->llen > 0 || st->msg != NULL)
		lg_problem(st, "the stream ended inside a message");
	free(st);
}

const struct proto_module proto_loadgen = {
	.name = "loadgen",
	.well_known_ports = { 8036 },
	.stream_open = lg_open,
	.stream_data = lg_data,
	.stream_gap = lg_gap,
	.stream_end = lg_end,
};
