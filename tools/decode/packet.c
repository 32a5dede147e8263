/* Simplified packets through the decoders (packet.h). */
#include "packet.h"

#include <stdlib.h>
#include <string.h>

#include "parse.h"

#define X(s) ((const xmlChar *)(s))

/* The reassembled stream of one direction and the module decoding it. */
struct pstream {
	const struct decoder *d;
	void *st;
};

static void on_data(void *user, const uint8_t *p, size_t len, uint64_t n, int seg_start)
{
	struct pstream *ps = user;
	if (ps->st)
		ps->d->mod->stream_data(ps->st, p, len, n, seg_start);
}

static void on_gap(void *user, uint64_t missing)
{
	struct pstream *ps = user;
	if (ps->st)
		ps->d->mod->stream_gap(ps->st, missing);
}

static void on_end(void *user)
{
	struct pstream *ps = user;
	if (ps->st)
		ps->d->mod->stream_end(ps->st);
	free(ps);
}

static const struct reasm_ops reasm_ops = { on_data, on_gap, on_end };

int packets_init(struct packets *p, const struct decoder *ds, size_t nds)
{
	memset(p, 0, sizeof(*p));
	p->ds = ds;
	p->nds = nds;
	p->sink.orphans = xmlNewNode(NULL, X("orphans"));
	if (p->sink.orphans == NULL)
		return -1;
	return reasm_init(&p->reasm, &reasm_ops);
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

/* An unsigned attribute; 0 or -1 when absent or not a number. */
static int uattr(xmlNodePtr n, const char *name, uint64_t max, uint64_t *v)
{
	xmlChar *s = n ? xmlGetProp(n, X(name)) : NULL;
	int rc = s ? parse_u64((const char *)s, 0, max, v) : -1;
	xmlFree(s);
	return rc;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The payload's captured bytes (malloc'd, *len), or NULL. */
static uint8_t *payload_bytes(xmlNodePtr payload, size_t *len)
{
	xmlChar *text = xmlNodeGetContent(payload);
	size_t n = text ? strlen((const char *)text) : 0;
	uint8_t *out = malloc(n / 2 + 1);

	*len = 0;
	if (text == NULL || out == NULL || n % 2 != 0) {
		xmlFree(text);
		free(out);
		return NULL;
	}
	for (size_t i = 0; i < n; i += 2) {
		int hi = hexval(text[i]), lo = hexval(text[i + 1]);
		if (hi < 0 || lo < 0) {
			xmlFree(text);
			free(out);
			return NULL;
		}
		out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	xmlFree(text);
	return out;
}

static int has_flag(const char *flags, const char *f)
{
	size_t fl = strlen(f);
	for (const char *p = flags; (p = strstr(p, f)) != NULL; p += fl)
		if ((p == flags || p[-1] == ',') && (p[fl] == ',' || p[fl] == '\0'))
			return 1;
	return 0;
}

static void tcp_packet(struct packets *p, xmlNodePtr pkt, const struct decoder *d, uint64_t n,
		       xmlNodePtr from, const uint8_t *data, size_t caplen, uint64_t len)
{
	uint64_t seq;
	xmlNodePtr fl = child(pkt, "flags");
	xmlChar *flags = fl ? xmlNodeGetContent(fl) : NULL;
	int f = 0;

	if (flags) {
		f |= has_flag((const char *)flags, "SYN") ? REASM_SYN : 0;
		f |= has_flag((const char *)flags, "FIN") ? REASM_FIN : 0;
		f |= has_flag((const char *)flags, "RST") ? REASM_RST : 0;
		xmlFree(flags);
	}
	if (uattr(pkt, "seq", UINT32_MAX, &seq) < 0) {
		p->without_seq++;
		return;
	}
	if (len == 0 && f == 0)
		return;
	xmlChar *conv = xmlGetProp(pkt, X("conversation"));
	xmlChar *addr = xmlGetProp(from, X("addr"));
	xmlChar *port = xmlGetProp(from, X("port"));
	size_t klen = (conv ? strlen((char *)conv) : 0) + (addr ? strlen((char *)addr) : 0) +
		      (port ? strlen((char *)port) : 0) + 4;
	char *key = malloc(klen);
	if (key != NULL) {
		snprintf(key, klen, "%s|%s|%s", conv ? (char *)conv : "", addr ? (char *)addr : "",
			 port ? (char *)port : "");
		int created;
		struct reasm_dir *dir = reasm_dir(&p->reasm, key, &created);
		if (dir && created) {
			struct pstream *ps = calloc(1, sizeof(*ps));
			if (ps) {
				ps->d = d;
				ps->st = d->mod->stream_open ? d->mod->stream_open(d, &p->sink) : NULL;
			}
			dir->user = ps;
		}
		if (dir && dir->user)
			reasm_segment(&p->reasm, dir, (uint32_t)seq, f, data, caplen, len, n);
	}
	free(key);
	xmlFree(conv);
	xmlFree(addr);
	xmlFree(port);
}

void packets_add(struct packets *p, xmlNodePtr pkt)
{
	uint64_t n, sport, dport, len;
	xmlNodePtr from = child(pkt, "from"), to = child(pkt, "to"), payload = child(pkt, "payload");
	xmlChar *proto = xmlGetProp(pkt, X("proto"));

	p->packets++;
	if (proto == NULL || uattr(pkt, "n", UINT64_MAX, &n) < 0) {
		p->bad++;
		xmlFree(proto);
		return;
	}
	int tcp = strcmp((const char *)proto, "tcp") == 0, udp = strcmp((const char *)proto, "udp") == 0;
	xmlFree(proto);
	if (!tcp && !udp)
		return;
	if (from == NULL || to == NULL || payload == NULL ||
	    uattr(from, "port", 65535, &sport) < 0 || uattr(to, "port", 65535, &dport) < 0 ||
	    uattr(payload, "len", UINT32_MAX, &len) < 0) {
		p->bad++;
		return;
	}
	const struct decoder *d = decoder_for_port(p->ds, p->nds, (unsigned)dport);
	if (d == NULL)
		d = decoder_for_port(p->ds, p->nds, (unsigned)sport);
	if (d == NULL)
		return;
	size_t caplen;
	uint8_t *data = payload_bytes(payload, &caplen);
	if (data == NULL) {
		p->bad++;
		return;
	}
	p->sink.packet = pkt;
	if (tcp)
		tcp_packet(p, pkt, d, n, from, data, caplen, len);
	else if (d->mod->datagram && caplen > 0)
		d->mod->datagram(d, &p->sink, data, caplen, n);
	p->sink.packet = NULL;
	free(data);
}

void packets_end(struct packets *p)
{
	p->sink.packet = NULL;
	reasm_free(&p->reasm);
}

void packets_free(struct packets *p)
{
	if (p->reasm.table)
		reasm_free(&p->reasm);
	xmlFreeNode(p->sink.orphans);
	p->sink.orphans = NULL;
}
