/* ICMP (RFC 792): type and code with Wireshark's names, the checksum
 * verified as Wireshark does by default, echo identifiers and sequence
 * numbers in both byte orders, and the datagram an error message quotes,
 * dissected one level down inside the icmp element, and the timestamp
 * Wireshark guesses at the start of echo data.  Not written: the
 * request/response tracking (icmp.resp_in, icmp.resp_to, icmp.resptime). */
#include "bytes.h"
#include "dissect.h"

enum {
	ICMP_HEADER_LEN = 8,
	ICMP_ECHOREPLY = 0, ICMP_UNREACH = 3, ICMP_SOURCEQUENCH = 4, ICMP_REDIRECT = 5,
	ICMP_ECHO = 8, ICMP_TIMXCEED = 11, ICMP_PARAMPROB = 12,
};

static const struct value_name type_names[] = {
	{ 0, "Echo (ping) reply" }, { 3, "Destination unreachable" }, { 4, "Source quench (flow control)" },
	{ 5, "Redirect" }, { 8, "Echo (ping) request" }, { 9, "Router advertisement" },
	{ 10, "Router solicitation" }, { 11, "Time-to-live exceeded" }, { 12, "Parameter problem" },
	{ 13, "Timestamp request" }, { 14, "Timestamp reply" }, { 15, "Information request" },
	{ 16, "Information reply" }, { 17, "Address mask request" }, { 18, "Address mask reply" },
	{ 0, NULL },
};

static const struct value_name unreach_codes[] = {
	{ 0, "Network unreachable" }, { 1, "Host unreachable" }, { 2, "Protocol unreachable" },
	{ 3, "Port unreachable" }, { 4, "Fragmentation needed" }, { 5, "Source route failed" },
	{ 6, "Destination network unknown" }, { 7, "Destination host unknown" },
	{ 8, "Source host isolated" }, { 9, "Network administratively prohibited" },
	{ 10, "Host administratively prohibited" }, { 11, "Network unreachable for TOS" },
	{ 12, "Host unreachable for TOS" }, { 13, "Communication administratively filtered" },
	{ 14, "Host precedence violation" }, { 15, "Precedence cutoff in effect" },
	{ 0, NULL },
};

static const struct value_name redirect_codes[] = {
	{ 0, "Redirect for network" }, { 1, "Redirect for host" },
	{ 2, "Redirect for TOS and network" }, { 3, "Redirect for TOS and host" },
	{ 0, NULL },
};

static const struct value_name timxceed_codes[] = {
	{ 0, "Time to live exceeded in transit" }, { 1, "Fragment reassembly time exceeded" },
	{ 0, NULL },
};

static const struct value_name *code_names(uint8_t type)
{
	switch (type) {
	case ICMP_UNREACH: return unreach_codes;
	case ICMP_REDIRECT: return redirect_codes;
	case ICMP_TIMXCEED: return timxceed_codes;
	default: return NULL;
	}
}

static bool is_echo(uint8_t type)
{
	return type == ICMP_ECHOREPLY || type == ICMP_ECHO || (type >= 13 && type <= 18);
}

static bool is_error(uint8_t type)
{
	return type == ICMP_UNREACH || type == ICMP_SOURCEQUENCH || type == ICMP_REDIRECT ||
		type == ICMP_TIMXCEED || type == ICMP_PARAMPROB;
}

/* "LABEL (BE): 4660 (0x1234)" and its little-endian twin. */
static void both_orders(struct pdml_buf *b, const char *name, const char *label, size_t pos,
	const uint8_t *p)
{
	char le_name[24];
	size_t n = strlen(name);

	for (int le = 0; le < 2; le++) {
		unsigned v = le ? load_le16(p) : load_be16(p);
		memcpy(le_name, name, n);
		strcpy(le_name + n, le ? "_le" : "");
		pdml_field_open(b, 2, le_name);
		pdml_str(b, label);
		pdml_str(b, le ? " (LE): " : " (BE): ");
		pdml_u64(b, v);
		pdml_lit(b, " (0x");
		pdml_hex(b, v, 4);
		pdml_putc(b, ')');
		pdml_field_at(b, 2, pos);
		pdml_u64(b, v);
		pdml_field_value(b);
		pdml_hexbytes(b, p, 2, 0);
		pdml_field_close(b);
	}
}

/* Wireshark's guess at a timestamp ping put at the start of echo data: 8
 * bytes, seconds and microseconds as 32-bit words in network order, or
 * else little-endian, taken when within a day of the packet's time. */
static void echo_timestamp(struct dissect *d, size_t pos)
{
	struct cursor *c = &d->c;
	const uint8_t *p = c->frame + c->pos;

	if (cursor_reported_left(c) <= 8 || cursor_left(c) < 8)
		return;
	uint32_t sec = load_be32(p);
	uint32_t usec = load_be32(p + 4);
	int32_t off = (int32_t)(sec - (uint32_t)d->now.sec);
	if (off <= -86400 || off >= 86400 || usec >= 1000000) {
		sec = load_le32(p);
		usec = load_le32(p + 4);
		off = (int32_t)(sec - (uint32_t)d->now.sec);
	}
	if (off <= -86400 || off >= 86400 || usec >= 1000000)
		return;
	struct ptime ts = { sec, usec * 1000 };
	pdml_field_open(d->b, 2, "icmp.data_time");
	pdml_lit(d->b, "Timestamp from icmp data: ");
	ptime_write_local(d->b, ts, d->time_cache);
	pdml_field_at(d->b, 8, pos);
	ptime_write_local(d->b, ts, d->time_cache);
	pdml_field_value(d->b);
	pdml_hexbytes(d->b, p, 8, 0);
	pdml_field_close(d->b);
	pdml_field_open(d->b, 2, "icmp.data_time_relative");
	pdml_lit(d->b, "Timestamp from icmp data (relative): ");
	ptime_write_delta(d->b, ts, d->now);
	pdml_lit(d->b, " seconds");
	pdml_field_at(d->b, 8, pos);
	ptime_write_delta(d->b, ts, d->now);
	pdml_field_close(d->b);
	c->pos += 8;
}

/* The datagram an error quotes, one level down; its faults are its own
 * (Wireshark does not call the outer packet malformed for them). */
void icmp_quoted(struct dissect *d, unsigned ethertype)
{
	if (cursor_reported_left(&d->c) == 0)
		return;
	struct cursor saved = d->c;
	d->b->nest++;
	(void)dissect_next(d, BY_ETHERTYPE, ethertype);
	d->b->nest--;
	d->c = saved;
	d->c.pos = d->c.cap_end;
}

int icmp_dissect(struct dissect *d)
{
	struct pdml_buf *b = d->b;
	struct cursor *c = &d->c;
	size_t start = c->pos;
	uint8_t type, code;
	uint16_t sum;

	dissect_enter(d, "icmp", "ICMP");
	/* Wireshark reads the whole 8-byte header before writing any of it. */
	if (!cursor_have(c, 0, ICMP_HEADER_LEN) || !cursor_peek_u8(c, 0, &type) ||
		!cursor_peek_u8(c, 1, &code) || !cursor_peek_be16(c, 2, &sum))
		return -1;
	size_t n = cursor_left(c);
	bool whole = n == cursor_reported_left(c);
	uint16_t computed = cksum_finish(cksum_add(cksum_add(0, c->frame + start, 2),
		c->frame + start + 4, n - 4));
	const char *tname = value_name(type_names, type);
	const struct value_name *codes = code_names(type);

	pdml_proto_open(b, 1, "icmp");
	pdml_lit(b, "Internet Control Message Protocol");
	pdml_proto_at(b, n, start);
	d->sum.what = tname;
	pdml_field_open(b, 2, "icmp.type");
	pdml_lit(b, "Type: ");
	pdml_u64(b, type);
	pdml_lit(b, " (");
	pdml_str(b, tname ? tname : "Unknown ICMP (obsolete or malformed?)");
	pdml_putc(b, ')');
	pdml_field_at(b, 1, start);
	pdml_u64(b, type);
	pdml_field_value(b);
	pdml_hex(b, type, 2);
	pdml_field_close(b);
	pdml_field_open(b, 2, "icmp.code");
	pdml_lit(b, "Code: ");
	pdml_u64(b, code);
	if (codes != NULL) {
		const char *cname = value_name(codes, code);
		pdml_lit(b, " (");
		pdml_str(b, cname ? cname : "Unknown code");
		pdml_putc(b, ')');
	}
	pdml_field_at(b, 1, start + 1);
	pdml_u64(b, code);
	pdml_field_value(b);
	pdml_hex(b, code, 2);
	pdml_field_close(b);
	field_checksum(b, 2, "icmp", start + 2, sum, whole, computed);
	(void)cursor_skip(c, 4);

	int rc = 0;
	if (is_echo(type)) {
		const uint8_t *p = cursor_bytes(c, 4);
		if (p == NULL) {
			rc = -1;
		} else {
			both_orders(b, "icmp.ident", "Identifier", start + 4, p);
			both_orders(b, "icmp.seq", "Sequence Number", start + 6, p + 2);
			if (type == ICMP_ECHOREPLY || type == ICMP_ECHO)
				echo_timestamp(d, start + 8);
			data_field(d, 2);
		}
	} else if (is_error(type)) {
		const uint8_t *p = cursor_bytes(c, 4);
		if (p == NULL)
			rc = -1;
		else if (type == ICMP_REDIRECT)
			field_ipv4(b, 2, "icmp.redir_gw", "Gateway Address", start + 4, p);
		else if (type != ICMP_PARAMPROB)
			field_hexdump(b, 2, "icmp.unused", "Unused", start + 4, p, 4);
		if (rc == 0)
			icmp_quoted(d, 0x0800);
	} else {
		data_field(d, 2);
	}
	pdml_proto_end(b, 1);
	return rc;
}
