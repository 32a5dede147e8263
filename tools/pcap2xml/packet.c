#include "packet.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#include "dissect.h"
#include "summary.h"
#include "track.h"

/* Link types and Wireshark's encapsulation number and name for each. */
static const struct {
	unsigned linktype;
	unsigned encap;
	const char *name;
} encaps[] = {
	{ 0, 15, "NULL/Loopback" },
	{ 1, 1, "Ethernet" },
	{ 12, 7, "Raw IP" },          /* DLT_RAW on most systems */
	{ 14, 7, "Raw IP" },          /* DLT_RAW on OpenBSD */
	{ 101, 7, "Raw IP" },         /* LINKTYPE_RAW */
	{ 108, 174, "OpenBSD loopback" },
	{ 113, 25, "Linux cooked-mode capture v1" },
	{ 276, 210, "Linux cooked-mode capture v2" },
};

bool packet_linktype_supported(unsigned linktype)
{
	return dispatch_find(BY_LINKTYPE, linktype) != NULL;
}

void packet_writer_init(struct packet_writer *pw, struct pdml_buf *out, uint32_t conv_max)
{
	memset(pw, 0, sizeof(*pw));
	pw->out = out;
	pdml_buf_init(&pw->body, 64 * 1024, -1);
	pdml_buf_init(&pw->scratch, 1024, -1);
	pw->conv = conv_table_new(conv_max);
	memo_init(&pw->memo);
	/* Once, before any thread of parallel.c starts using the zone. */
	static pthread_once_t zone_once = PTHREAD_ONCE_INIT;
	(void)pthread_once(&zone_once, tzset);
}

void packet_writer_free(struct packet_writer *pw)
{
	pdml_buf_free(&pw->body);
	pdml_buf_free(&pw->scratch);
	conv_table_free(pw->conv);
	memo_free(&pw->memo);
}

/* The texts a packet's times are written as, each formatted once into
 * pw->scratch and copied where it appears (the arrival time three
 * times, each delta twice). */
enum { T_LOCAL, T_EPOCH, T_DELTA, T_DELTA_SHOWN, T_RELATIVE, T_COUNT };
struct times {
	size_t off[T_COUNT + 1];
};

static void format_times(struct packet_writer *pw, const struct capfile_record *rec,
	struct ptime now, struct times *t)
{
	struct pdml_buf *s = &pw->scratch;

	s->len = 0;
	t->off[T_LOCAL] = 0;
	ptime_write_local(s, now, &pw->time_cache);
	t->off[T_EPOCH] = s->len;
	pdml_u64(s, rec->ts_sec);
	pdml_putc(s, '.');
	pdml_frac9(s, rec->ts_nsec);
	t->off[T_DELTA] = s->len;
	ptime_write_delta(s, pw->prev, now);
	t->off[T_DELTA_SHOWN] = s->len;
	ptime_write_delta(s, pw->have_shown ? pw->prev_shown : now, now);
	t->off[T_RELATIVE] = s->len;
	ptime_write_delta(s, pw->first, now);
	t->off[T_COUNT] = s->len;
}

/* A string literal and its length, for the fmt_* chains below. */
#define LIT(s) "" s, sizeof(s) - 1

/* The text of one of the times at o. */
static inline char *fmt_time(char *o, const struct packet_writer *pw, const struct times *t,
	int which)
{
	return fmt_mem(o, pw->scratch.data + t->off[which], t->off[which + 1] - t->off[which]);
}

/* <field name="NAME" pos="0" show="V" showname="SHOWNAME" value="HEX" size="S"/> */
static inline char *geninfo_field(char *o, const char *name, size_t nlen,
	const char *showname, size_t slen, uint64_t v, uint32_t size)
{
	o = fmt_lit(o, "    <field name=\"");
	o = fmt_mem(o, name, nlen);
	o = fmt_lit(o, "\" pos=\"0\" show=\"");
	o = fmt_u64(o, v);
	o = fmt_lit(o, "\" showname=\"");
	o = fmt_mem(o, showname, slen);
	o = fmt_lit(o, "\" value=\"");
	o = fmt_hex(o, v, 0);
	o = fmt_lit(o, "\" size=\"");
	o = fmt_u64(o, size);
	return fmt_lit(o, "\"/>\n");
}

/* Room for the fixed text of geninfo and frame with their numbers: each
 * of their lines is under 160 bytes and numbers under 24, plus the
 * times, each written at most three times. */
enum { HEAD_ROOM = 4096 };

static void write_geninfo(struct packet_writer *pw, const struct capfile_record *rec,
	const struct times *t)
{
	char *o = pdml_room(pw->out, HEAD_ROOM + 3 * t->off[T_COUNT]);

	o = fmt_lit(o, "<packet>\n"
		"  <proto name=\"geninfo\" pos=\"0\" showname=\"General information\" size=\"");
	o = fmt_u64(o, rec->caplen);
	o = fmt_lit(o, "\">\n");
	o = geninfo_field(o, LIT("num"), LIT("Number"), pw->count, rec->caplen);
	o = geninfo_field(o, LIT("len"), LIT("Frame Length"), rec->len, rec->caplen);
	o = geninfo_field(o, LIT("caplen"), LIT("Captured Length"), rec->caplen, rec->caplen);
	o = fmt_lit(o, "    <field name=\"timestamp\" pos=\"0\" show=\"");
	o = fmt_time(o, pw, t, T_LOCAL);
	o = fmt_lit(o, "\" showname=\"Captured Time\" value=\"");
	o = fmt_time(o, pw, t, T_EPOCH);
	o = fmt_lit(o, "\" size=\"");
	o = fmt_u64(o, rec->caplen);
	o = fmt_lit(o, "\"/>\n  </proto>\n");
	pdml_done(pw->out, o);
}

static void write_frame_fields(struct packet_writer *pw, const struct capfile_record *rec,
	const struct times *t, const char *encap_name, unsigned encap);

static void write_iface_name(struct pdml_buf *b, const struct capfile_record *rec)
{
	if (rec->iface_name != NULL)
		pdml_escaped(b, rec->iface_name, strlen(rec->iface_name));
	else
		pdml_lit(b, "unknown");
}

/* pcapng: the section and the interface, as tshark shows them. */
static void write_interface(struct pdml_buf *b, const struct capfile_record *rec)
{
	field_gen_uint(b, 2, "frame.section_number", "Section number", 0, rec->section);
	pdml_field_open(b, 2, "frame.interface_id");
	pdml_lit(b, "Interface id: ");
	pdml_u64(b, rec->iface);
	pdml_lit(b, " (");
	write_iface_name(b, rec);
	pdml_putc(b, ')');
	pdml_field_at(b, 0, 0);
	pdml_u64(b, rec->iface);
	pdml_field_close_open(b);
	pdml_field_open(b, 3, "frame.interface_name");
	pdml_lit(b, "Interface name: ");
	write_iface_name(b, rec);
	pdml_field_at(b, 0, 0);
	write_iface_name(b, rec);
	pdml_field_close(b);
	pdml_field_end(b, 2);
}

static void write_frame(struct packet_writer *pw, const struct capfile_record *rec,
	const struct times *t)
{
	struct pdml_buf *b = pw->out;
	unsigned encap = 0;
	const char *encap_name = "Unknown";

	for (size_t i = 0; i < sizeof(encaps) / sizeof(encaps[0]); i++) {
		if (encaps[i].linktype == rec->linktype) {
			encap = encaps[i].encap;
			encap_name = encaps[i].name;
		}
	}
	pdml_lit(b, "  <proto name=\"frame\" showname=\"Frame ");
	pdml_u64(b, pw->count);
	pdml_lit(b, ": ");
	pdml_u64(b, rec->len);
	pdml_lit(b, " bytes on wire (");
	pdml_u64(b, (uint64_t)rec->len * 8);
	pdml_lit(b, " bits), ");
	pdml_u64(b, rec->caplen);
	pdml_lit(b, " bytes captured (");
	pdml_u64(b, (uint64_t)rec->caplen * 8);
	pdml_lit(b, " bits)");
	if (rec->has_iface) {
		pdml_lit(b, " on interface ");
		write_iface_name(b, rec);
		pdml_lit(b, ", id ");
		pdml_u64(b, rec->iface);
	}
	pdml_proto_at(b, rec->caplen, 0);
	if (rec->has_iface)
		write_interface(b, rec);

	write_frame_fields(pw, rec, t, encap_name, encap);
}

/* frame.protocols' text: "eth:ethertype:ip:tcp" (cap: DISSECT_PROTOS_TEXT). */
static size_t protocols(char *protos, size_t cap, const struct dissect *d)
{
	size_t n = 0;

	for (unsigned i = 0; i < d->nprotos; i++) {
		size_t len = strlen(d->protos[i]);
		if (n + len + 1 > cap)
			break;
		if (i > 0)
			protos[n++] = ':';
		memcpy(protos + n, d->protos[i], len);
		n += len;
	}
	return n;
}

/* The start of each time's field, by enum times' order. */
static const struct text time_heads[T_COUNT] = {
	[T_LOCAL] = { LIT("    <field name=\"frame.time\" showname=\"Arrival Time: ") },
	[T_EPOCH] = { LIT("    <field name=\"frame.time_epoch\" showname=\"Epoch Time: ") },
	[T_DELTA] = { LIT("    <field name=\"frame.time_delta\" showname=\"Time delta from previous captured frame: ") },
	[T_DELTA_SHOWN] = { LIT("    <field name=\"frame.time_delta_displayed\" showname=\"Time delta from previous displayed frame: ") },
	[T_RELATIVE] = { LIT("    <field name=\"frame.time_relative\" showname=\"Time since reference or first frame: ") },
};

/* INDENT<field name="NAME" showname="LABEL: V SECONDS" size="0" pos="0" show="V"/>
 * with V one of the times. */
static inline char *time_field(char *o, const struct packet_writer *pw, const struct times *t,
	int which, const char *head, size_t hlen, const char *tail, size_t tlen)
{
	o = fmt_mem(o, head, hlen);
	o = fmt_time(o, pw, t, which);
	o = fmt_mem(o, tail, tlen);
	o = fmt_lit(o, "\" size=\"0\" pos=\"0\" show=\"");
	o = fmt_time(o, pw, t, which);
	return fmt_lit(o, "\"/>\n");
}

/* "LABEL: N bytes (8N bits)", show N */
static inline char *bytes_field(char *o, const char *head, size_t hlen, uint64_t n)
{
	o = fmt_mem(o, head, hlen);
	o = fmt_u64(o, n);
	o = fmt_lit(o, " bytes (");
	o = fmt_u64(o, n * 8);
	o = fmt_lit(o, " bits)\" size=\"0\" pos=\"0\" show=\"");
	o = fmt_u64(o, n);
	return fmt_lit(o, "\"/>\n");
}

/* The last field of frame, frame.protocols, and the frame's end. */
static char *protocols_field(char *o, const char *protos, size_t np)
{
	o = fmt_lit(o, "    <field name=\"frame.protocols\" showname=\"Protocols in frame: ");
	o = fmt_mem(o, protos, np);
	o = fmt_lit(o, "\" size=\"0\" pos=\"0\" show=\"");
	o = fmt_mem(o, protos, np);
	return fmt_lit(o, "\"/>\n  </proto>\n");
}

enum { PROTOCOLS_FIELD_MAX = 2 * DISSECT_PROTOS_TEXT + 160 };

/* The frame's fields after the interface's, and its end: one chain of
 * copies into one reservation (frame is always at the top level).
 * frame.protocols is pw->protos, the last packet's: packet_write puts
 * it right when this packet's differ. */
static void write_frame_fields(struct packet_writer *pw, const struct capfile_record *rec,
	const struct times *t, const char *encap_name, unsigned encap)
{
	size_t np = pw->nprotos;
	size_t en = strlen(encap_name);
	char *o = pdml_room(pw->out, HEAD_ROOM + 3 * t->off[T_COUNT] + 2 * np + 2 * en);

	o = fmt_lit(o, "    <field name=\"frame.encap_type\" showname=\"Encapsulation type: ");
	o = fmt_mem(o, encap_name, en);
	o = fmt_lit(o, " (");
	o = fmt_u64(o, encap);
	o = fmt_lit(o, ")\" size=\"0\" pos=\"0\" show=\"");
	o = fmt_u64(o, encap);
	o = fmt_lit(o, "\"/>\n");
	/* The arrival time and the deltas (none for a record without a time). */
	for (int i = 0; rec->has_ts && i < T_COUNT; i++) {
		o = time_field(o, pw, t, i, time_heads[i].s, time_heads[i].n,
			i == T_LOCAL ? "" : " seconds", i == T_LOCAL ? 0 : 8);
		if (i == T_LOCAL)
			o = fmt_lit(o, "    <field name=\"frame.offset_shift\" showname=\"Time shift for this packet: 0.000000000 seconds\" size=\"0\" pos=\"0\" show=\"0.000000000\"/>\n");
	}
	o = fmt_lit(o, "    <field name=\"frame.number\" showname=\"Frame Number: ");
	o = fmt_u64(o, pw->count);
	o = fmt_lit(o, "\" size=\"0\" pos=\"0\" show=\"");
	o = fmt_u64(o, pw->count);
	o = fmt_lit(o, "\"/>\n");
	o = bytes_field(o, LIT("    <field name=\"frame.len\" showname=\"Frame Length: "), rec->len);
	o = bytes_field(o, LIT("    <field name=\"frame.cap_len\" showname=\"Capture Length: "),
		rec->caplen);
	o = fmt_lit(o, "    <field name=\"frame.marked\" showname=\"Frame is marked: False\" size=\"0\" pos=\"0\" show=\"0\"/>\n"
		"    <field name=\"frame.ignored\" showname=\"Frame is ignored: False\" size=\"0\" pos=\"0\" show=\"0\"/>\n");
	pw->protos_at = (size_t)(o - pw->out->data);
	pdml_done(pw->out, protocols_field(o, pw->protos, np));
}

/* After the packet's protocols were dissected into pw->out from body
 * on: when they are not the guess its frame was written with, the right
 * frame.protocols, the body moved to fit. */
static void fix_protocols(struct packet_writer *pw, const struct dissect *d, size_t body)
{
	/* Most often the very names of the last packet. */
	if (d->nprotos == pw->nproto_names &&
		memcmp(d->protos, pw->proto_names, d->nprotos * sizeof(d->protos[0])) == 0)
		return;
	memcpy(pw->proto_names, d->protos, d->nprotos * sizeof(d->protos[0]));
	pw->nproto_names = d->nprotos;

	char protos[DISSECT_PROTOS_TEXT];
	size_t np = protocols(protos, sizeof(protos), d);

	if (np == pw->nprotos && memcmp(protos, pw->protos, np) == 0)
		return;
	char field[PROTOCOLS_FIELD_MAX];
	size_t fn = (size_t)(protocols_field(field, protos, np) - field);
	size_t old = body - pw->protos_at;
	struct pdml_buf *b = pw->out;

	if (fn > old)
		pdml_reserve(b, fn - old);
	memmove(b->data + pw->protos_at + fn, b->data + body, b->len - body);
	memcpy(b->data + pw->protos_at, field, fn);
	b->len = b->len - old + fn;
	memcpy(pw->protos, protos, np);
	pw->nprotos = np;
}

static void write_fault(struct pdml_buf *b, const struct dissect *d)
{
	if (d->c.fault == CURSOR_SHORT) {
		pdml_lit(b, "  <proto name=\"_ws.short\" showname=\"[Packet size limited during capture: ");
		pdml_str(b, d->label);
		pdml_lit(b, " truncated]\" size=\"0\" pos=\"0\"/>\n");
		return;
	}
	pdml_lit(b, "  <proto name=\"_ws.malformed\" showname=\"[Malformed Packet: ");
	pdml_str(b, d->label);
	pdml_lit(b, "]\" size=\"0\" pos=\"0\">\n"
		"    <field name=\"_ws.expert\" showname=\"Expert Info (Error/Malformed): Malformed Packet (Exception occurred)\" size=\"0\" pos=\"0\">\n"
		"      <field name=\"_ws.malformed.expert\" showname=\"Malformed Packet (Exception occurred)\" size=\"0\" pos=\"0\" show=\"\" value=\"\"/>\n"
		"      <field name=\"_ws.expert.message\" showname=\"Message: Malformed Packet (Exception occurred)\" hide=\"yes\" size=\"0\" pos=\"0\" show=\"Malformed Packet (Exception occurred)\"/>\n"
		"      <field name=\"_ws.expert.severity\" showname=\"Severity level: Error\" size=\"0\" pos=\"0\" show=\"8388608\"/>\n"
		"      <field name=\"_ws.expert.group\" showname=\"Group: Malformed\" size=\"0\" pos=\"0\" show=\"117440512\"/>\n"
		"    </field>\n"
		"    <proto name=\"_ws.malformed\" showname=\"Malformed Packet\" hide=\"yes\" size=\"0\" pos=\"0\"/>\n"
		"  </proto>\n");
}

/* Dissects rec into b with d; returns 0 or -1 as a dissector does. */
static int dissect_record(struct packet_writer *pw, const struct capfile_record *rec,
	struct ptime now, uint64_t now_ns, struct pdml_buf *b, struct dissect *d)
{
	memset(d, 0, sizeof(*d));
	d->b = b;
	d->conv = pw->conv;
	d->no_payload = pw->no_payload;
	d->now = now;
	d->time_cache = &pw->data_time_cache;
	d->memo = &pw->memo;
	d->now_ns = now_ns;
	d->label = "Frame";
	cursor_init(&d->c, rec->data, rec->caplen, rec->len);
	const struct dissector *link = dispatch_find(BY_LINKTYPE, rec->linktype);
	return link ? link->dissect(d) : data_dissect(d);
}

/* Dissects rec without its text (into pw->body in skip mode), for the
 * conversations it opens or moves on and the summary in d. */
static void dissect_silently(struct packet_writer *pw, const struct capfile_record *rec,
	struct ptime now, uint64_t now_ns, struct dissect *d)
{
	pw->body.len = 0;
	pw->body.skip = true;
	(void)dissect_record(pw, rec, now, now_ns, &pw->body, d);
}

/* A packet not written still moves its conversations on: most packets'
 * track.c finds without dissecting them. */
static void track_record(struct packet_writer *pw, const struct capfile_record *rec,
	struct ptime now, uint64_t now_ns)
{
	struct dissect d;

	if (!track_packet(pw->conv, rec, now_ns))
		dissect_silently(pw, rec, now, now_ns, &d);
}

/* -l: the line of the summary the dissectors note. */
static void write_summary(struct packet_writer *pw, const struct capfile_record *rec,
	struct ptime now, uint64_t now_ns)
{
	struct dissect d;

	dissect_silently(pw, rec, now, now_ns, &d);
	summary_write(pw->out, pw->count, now, pw->first, rec, &d);
}

/* A packet's PDML: it is dissected into out right after its frame, which
 * is written first with the last packet's protocols (most often the
 * same; fix_protocols puts them right otherwise).  out is a memory
 * buffer meanwhile, so nothing is written out before. */
static void write_pdml(struct packet_writer *pw, const struct capfile_record *rec,
	struct ptime now, uint64_t now_ns)
{
	struct pdml_buf *out = pw->out;
	int fd = out->fd;
	struct dissect d;
	struct times t;

	out->fd = -1;
	format_times(pw, rec, now, &t);
	write_geninfo(pw, rec, &t);
	write_frame(pw, rec, &t);
	size_t body = out->len;
	int rc = dissect_record(pw, rec, now, now_ns, out, &d);
	fix_protocols(pw, &d, body);
	if (rc != 0)
		write_fault(out, &d);
	pdml_lit(out, "</packet>\n\n\n");
	out->fd = fd;
	/* A file buffer is written out between packets. */
	if (fd >= 0 && out->len >= out->cap / 2)
		(void)pdml_flush(out);
}

void packet_write(struct packet_writer *pw, const struct capfile_record *rec, bool shown)
{
	struct ptime now = { rec->ts_sec, rec->ts_nsec };
	uint64_t now_ns = rec->ts_sec > UINT64_MAX / 1000000000u - 1 ? UINT64_MAX
		: rec->ts_sec * 1000000000u + rec->ts_nsec;

	pw->count++;
	/* A record without a time counts as time 0 for the next one's delta,
	 * as in Wireshark. */
	if (!pw->have_first) {
		pw->first = pw->prev = now;
		pw->have_first = true;
	}
	if (!shown || pw->silent)
		track_record(pw, rec, now, now_ns);
	else if (pw->summary)
		write_summary(pw, rec, now, now_ns);
	else
		write_pdml(pw, rec, now, now_ns);
	/* (A silent packet is shown too, by another thread.) */
	if (shown) {
		pw->prev_shown = now;
		pw->have_shown = true;
	}
	pw->prev = now;
}
