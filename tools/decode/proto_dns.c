/* DNS messages (RFC 1035) in UDP datagrams: the header, the questions and
 * the resource records of the three sections, names with their
 * compression pointers followed (at most DNS_MAX_JUMPS, never past the
 * message), the data of A, AAAA, NS, CNAME, PTR, MX, TXT and SOA records
 * decoded and any other's in hex.  Every read is bounds-checked through
 * one cursor; the first error marks the message malformed with its
 * offset. */
#include "proto.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgxml.h"

#define DNS_MAX_JUMPS   64
#define DNS_MAX_NAME    255
#define DNS_NAME_TEXT   (4 * DNS_MAX_NAME + 2)   /* escaped */
#define DNS_MAX_RECORDS 256        /* decoded per section; the rest counted */

#define X(s) ((const xmlChar *)(s))

struct dcur {
	const uint8_t *p;
	size_t len, off;
	int bad;
	size_t bad_off;
	char why[96];
};

static int dbad(struct dcur *c, const char *why)
{
	if (!c->bad) {
		c->bad = 1;
		c->bad_off = c->off;
		snprintf(c->why, sizeof(c->why), "%s", why);
	}
	return -1;
}

static int get16(struct dcur *c, uint16_t *v)
{
	if (c->bad || c->len - c->off < 2)
		return dbad(c, "truncated");
	*v = (uint16_t)(c->p[c->off] << 8 | c->p[c->off + 1]);
	c->off += 2;
	return 0;
}

static int get32(struct dcur *c, uint32_t *v)
{
	uint16_t hi, lo;

	if (get16(c, &hi) < 0 || get16(c, &lo) < 0)
		return -1;
	*v = (uint32_t)hi << 16 | lo;
	return 0;
}

/* A domain name at the cursor, into out ("." for the root). */
static int name(struct dcur *c, char *out, size_t size)
{
	size_t at = c->off, o = 0, wire = 0;
	int jumps = 0, jumped = 0;

	out[0] = '\0';
	for (;;) {
		if (at >= c->len)
			return dbad(c, "name runs past the message");
		uint8_t l = c->p[at];
		if ((l & 0xc0) == 0xc0) {
			if (at + 1 >= c->len)
				return dbad(c, "name runs past the message");
			if (++jumps > DNS_MAX_JUMPS)
				return dbad(c, "too many compression pointers");
			size_t to = (size_t)(l & 0x3f) << 8 | c->p[at + 1];
			if (!jumped)
				c->off = at + 2;
			jumped = 1;
			at = to;
			continue;
		}
		if (l & 0xc0)
			return dbad(c, "unknown label type");
		if (l == 0) {
			if (!jumped)
				c->off = at + 1;
			break;
		}
		if (at + 1 + l > c->len)
			return dbad(c, "label runs past the message");
		if ((wire += 1 + (size_t)l) > DNS_MAX_NAME)
			return dbad(c, "name longer than 255 bytes");
		char *e = msgxml_escape(c->p + at + 1, l);
		if (e == NULL)
			return dbad(c, "out of memory");
		if (o + strlen(e) + 2 > size) {
			free(e);
			return dbad(c, "name too long to show");
		}
		o += (size_t)snprintf(out + o, size - o, "%s%s", o ? "." : "", e);
		free(e);
		at += 1 + (size_t)l;
	}
	if (o == 0)
		snprintf(out, size, ".");
	return 0;
}

static const struct { uint16_t v; const char *name; } types[] = {
	{ 1, "A" }, { 2, "NS" }, { 5, "CNAME" }, { 6, "SOA" }, { 12, "PTR" }, { 15, "MX" },
	{ 16, "TXT" }, { 28, "AAAA" }, { 33, "SRV" }, { 41, "OPT" }, { 43, "DS" }, { 46, "RRSIG" },
	{ 47, "NSEC" }, { 48, "DNSKEY" }, { 64, "SVCB" }, { 65, "HTTPS" }, { 255, "ANY" },
};

static const char *const rcodes[] = {
	"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
};

static const char *type_name(uint16_t t, char *buf, size_t size)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].v == t)
			return types[i].name;
	snprintf(buf, size, "TYPE%u", t);
	return buf;
}

/* A record's data as text, by its type. */
static int rdata(struct dcur *c, uint16_t type, uint16_t rdlen, char *out, size_t size)
{
	size_t end = c->off + rdlen;
	struct dcur sub = *c;

	if (rdlen > c->len - c->off)
		return dbad(c, "record data runs past the message");
	sub.len = end;   /* names may point anywhere before, the data stays inside */
	out[0] = '\0';
	if (type == 1 && rdlen == 4) {
		inet_ntop(AF_INET, c->p + c->off, out, (socklen_t)size);
	} else if (type == 28 && rdlen == 16) {
		inet_ntop(AF_INET6, c->p + c->off, out, (socklen_t)size);
	} else if (type == 2 || type == 5 || type == 12) {
		if (name(&sub, out, size) < 0)
			goto bad;
	} else if (type == 15) {
		uint16_t pref;
		char host[DNS_NAME_TEXT];
		if (get16(&sub, &pref) < 0 || name(&sub, host, sizeof(host)) < 0)
			goto bad;
		snprintf(out, size, "%u %s", pref, host);
	} else if (type == 6) {
		char mname[DNS_NAME_TEXT], rname[DNS_NAME_TEXT];
		uint32_t serial;
		if (name(&sub, mname, sizeof(mname)) < 0 || name(&sub, rname, sizeof(rname)) < 0 ||
		    get32(&sub, &serial) < 0)
			goto bad;
		snprintf(out, size, "%s %s %" PRIu32, mname, rname, serial);
	} else if (type == 16) {
		size_t o = 0;
		for (size_t at = c->off; at < end;) {
			size_t l = c->p[at];
			if (at + 1 + l > end) {
				sub.off = at;
				dbad(&sub, "text runs past its record");
				goto bad;
			}
			char *e = msgxml_escape(c->p + at + 1, l);
			if (e != NULL && o < size)
				o += (size_t)snprintf(out + o, size - o, "%s\"%s\"", o ? " " : "", e);
			free(e);
			at += 1 + l;
		}
	} else {
		size_t shown = rdlen < MSGXML_MAX_OPAQUE ? rdlen : MSGXML_MAX_OPAQUE;
		char *h = msgxml_hex(c->p + c->off, shown);
		snprintf(out, size, "%s", h ? h : "");
		free(h);
	}
	c->off = end;
	return 0;
bad:
	c->bad = sub.bad;
	c->bad_off = sub.bad_off;
	memcpy(c->why, sub.why, sizeof(c->why));
	return -1;
}

/* Questions (rr 0) or records of a section, as children of m. */
static int section(struct dcur *c, xmlNodePtr m, const char *what, unsigned count, int rr,
		   char *first, size_t fsize)
{
	char nm[DNS_NAME_TEXT], tbuf[16], buf[32], data[2 * DNS_NAME_TEXT + 32];

	for (unsigned i = 0; i < count; i++) {
		uint16_t type, class, rdlen = 0;
		uint32_t ttl = 0;
		if (name(c, nm, sizeof(nm)) < 0 || get16(c, &type) < 0 || get16(c, &class) < 0)
			return -1;
		if (rr && (get32(c, &ttl) < 0 || get16(c, &rdlen) < 0 || rdata(c, type, rdlen, data, sizeof(data)) < 0))
			return -1;
		if (i >= DNS_MAX_RECORDS)
			continue;
		xmlNodePtr r = xmlNewTextChild(m, NULL, X(what), rr ? X(data) : NULL);
		xmlNewProp(r, X("name"), X(nm));
		xmlNewProp(r, X("type"), X(type_name(type, tbuf, sizeof(tbuf))));
		snprintf(buf, sizeof(buf), "%u", class);
		xmlNewProp(r, X("class"), X(buf));
		if (rr) {
			snprintf(buf, sizeof(buf), "%" PRIu32, ttl);
			xmlNewProp(r, X("ttl"), X(buf));
		}
		/* for the summary: the first question, the first answer's data */
		if (first != NULL && first[0] == '\0') {
			if (rr)
				snprintf(first, fsize, "%.60s", data);
			else
				snprintf(first, fsize, "%s %.80s", type_name(type, tbuf, sizeof(tbuf)), nm);
		}
	}
	return 0;
}

static void dns_datagram(const struct decoder *d, struct sink *s, const uint8_t *p, size_t len, uint64_t n)
{
	struct dcur c = { .p = p, .len = len };
	uint16_t id = 0, flags = 0, counts[4] = { 0 };
	char buf[64], rcbuf[16], q[300] = "", a[300] = "", sum[MSGXML_MAX_SUMMARY + 1];

	get16(&c, &id);
	get16(&c, &flags);
	for (int i = 0; i < 4; i++)
		get16(&c, &counts[i]);
	int qr = flags >> 15, rcode = flags & 15;
	xmlNodePtr m = msgxml_new(d->name, qr ? "response" : "query", n, len, "", NULL);
	if (m == NULL)
		return;
	xmlNodePtr h = xmlNewChild(m, NULL, X("header"), NULL);
	snprintf(buf, sizeof(buf), "0x%04x", id);
	xmlNewProp(h, X("id"), X(buf));
	xmlNewProp(h, X("qr"), X(qr ? "response" : "query"));
	snprintf(buf, sizeof(buf), "%u", (flags >> 11) & 15);
	xmlNewProp(h, X("opcode"), X(buf));
	snprintf(buf, sizeof(buf), "%s%s%s%s", flags & 0x400 ? "aa," : "", flags & 0x200 ? "tc," : "",
		 flags & 0x100 ? "rd," : "", flags & 0x80 ? "ra," : "");
	if (buf[0] != '\0')
		buf[strlen(buf) - 1] = '\0';
	xmlNewProp(h, X("flags"), X(buf));
	const char *rc = rcode < (int)(sizeof(rcodes) / sizeof(rcodes[0])) ? rcodes[rcode] : NULL;
	if (rc == NULL) {
		snprintf(rcbuf, sizeof(rcbuf), "RCODE%d", rcode);
		rc = rcbuf;
	}
	xmlNewProp(h, X("rcode"), X(rc));
	if (section(&c, m, "question", counts[0], 0, q, sizeof(q)) == 0 &&
	    section(&c, m, "answer", counts[1], 1, a, sizeof(a)) == 0 &&
	    section(&c, m, "authority", counts[2], 1, NULL, 0) == 0 &&
	    section(&c, m, "additional", counts[3], 1, NULL, 0) == 0 && c.off < len)
		dbad(&c, "bytes left over after the message");
	if (qr)
		snprintf(sum, sizeof(sum), "response %s %s%s%s", rc, q, a[0] ? " -> " : "", a);
	else
		snprintf(sum, sizeof(sum), "query %s", q);
	xmlSetProp(m, X("summary"), X(sum));
	if (c.bad) {
		char why[160];
		snprintf(why, sizeof(why), "offset %zu: %s", c.bad_off, c.why);
		xmlNewProp(m, X("malformed"), X(why));
	}
	sink_add(s, m);
}

const struct proto_module proto_dns = {
	.name = "dns",
	.well_known_ports = { 53 },
	.datagram = dns_datagram,
};
