#include "packet.h"

#include <string.h>
#include <time.h>

#include "dissect.h"
#include "summary.h"

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
	pw->conv = conv_table_new(conv_max);
	tzset();
}

void packet_writer_free(struct packet_writer *pw)
{
	pdml_buf_free(&pw->body);
	conv_table_free(pw->conv);
}

static void write_time(struct packet_writer *pw, const struct capfile_record *rec)
{
	ptime_write_local(pw->out, (struct ptime){ rec->ts_sec, rec->ts_nsec }, &pw->time_cache);
}

static void write_epoch(struct pdml_buf *b, const struct capfile_record *rec)
{
	pdml_u64(b, rec->ts_sec);
	pdml_putc(b, '.');
	pdml_frac9(b, rec->ts_nsec);
}

static void geninfo_field(struct pdml_buf *b, const char *name, const char *showname,
	uint64_t v, uint32_t size)
{
	pdml_lit(b, "    <field name=\"");
	pdml_str(b, name);
	pdml_lit(b, "\" pos=\"0\" show=\"");
	pdml_u64(b, v);
	pdml_lit(b, "\" showname=\"");
	pdml_str(b, showname);
	pdml_lit(b, "\" value=\"");
	pdml_hex(b, v, 0);
	pdml_lit(b, "\" size=\"");
	pdml_u64(b, size);
	pdml_lit(b, "\"/>\n");
}

static void write_geninfo(struct packet_writer *pw, const struct capfile_record *rec)
{
	struct pdml_buf *b = pw->out;

	pdml_lit(b, "  <proto name=\"geninfo\" pos=\"0\" showname=\"General information\" size=\"");
	pdml_u64(b, rec->caplen);
	pdml_lit(b, "\">\n");
	geninfo_field(b, "num", "Number", pw->count, rec->caplen);
	geninfo_field(b, "len", "Frame Length", rec->len, rec->caplen);
	geninfo_field(b, "caplen", "Captured Length", rec->caplen, rec->caplen);
	pdml_lit(b, "    <field name=\"timestamp\" pos=\"0\" show=\"");
	write_time(pw, rec);
	pdml_lit(b, "\" showname=\"Captured Time\" value=\"");
	write_epoch(b, rec);
	pdml_lit(b, "\" size=\"");
	pdml_u64(b, rec->caplen);
	pdml_lit(b, "\"/>\n  </proto>\n");
}


/* "LABEL: S.NNNNNNNNN seconds" for the time from `from` to `to`. */
static void seconds_field(struct pdml_buf *b, const char *name, const char *label,
	struct ptime from, struct ptime to)
{
	pdml_field_open(b, 2, name);
	pdml_str(b, label);
	pdml_lit(b, ": ");
	ptime_write_delta(b, from, to);
	pdml_lit(b, " seconds");
	pdml_field_at(b, 0, 0);
	ptime_write_delta(b, from, to);
	pdml_field_close(b);
}

static void bytes_field(struct pdml_buf *b, const char *name, const char *label, uint64_t n)
{
	pdml_field_open(b, 2, name);
	pdml_str(b, label);
	pdml_lit(b, ": ");
	pdml_u64(b, n);
	pdml_lit(b, " bytes (");
	pdml_u64(b, n * 8);
	pdml_lit(b, " bits)");
	pdml_field_at(b, 0, 0);
	pdml_u64(b, n);
	pdml_field_close(b);
}

static void write_times(struct packet_writer *pw, const struct capfile_record *rec, struct ptime now);
static void write_protocols(struct pdml_buf *b, const struct dissect *d);

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
	const struct dissect *d, struct ptime now)
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

	pdml_field_open(b, 2, "frame.encap_type");
	pdml_lit(b, "Encapsulation type: ");
	pdml_str(b, encap_name);
	pdml_lit(b, " (");
	pdml_u64(b, encap);
	pdml_putc(b, ')');
	pdml_field_at(b, 0, 0);
	pdml_u64(b, encap);
	pdml_field_close(b);

	if (rec->has_ts)
		write_times(pw, rec, now);
	field_gen_uint(b, 2, "frame.number", "Frame Number", 0, pw->count);
	bytes_field(b, "frame.len", "Frame Length", rec->len);
	bytes_field(b, "frame.cap_len", "Capture Length", rec->caplen);
	field_text(b, 2, "frame.marked", "Frame is marked: False", 0, "0");
	field_text(b, 2, "frame.ignored", "Frame is ignored: False", 0, "0");
	write_protocols(b, d);
	pdml_proto_end(b, 1);
}

/* The arrival time and the deltas (none for a record without a time). */
static void write_times(struct packet_writer *pw, const struct capfile_record *rec, struct ptime now)
{
	struct pdml_buf *b = pw->out;

	pdml_field_open(b, 2, "frame.time");
	pdml_lit(b, "Arrival Time: ");
	write_time(pw, rec);
	pdml_field_at(b, 0, 0);
	write_time(pw, rec);
	pdml_field_close(b);
	field_text(b, 2, "frame.offset_shift", "Time shift for this packet: 0.000000000 seconds",
		0, "0.000000000");
	pdml_field_open(b, 2, "frame.time_epoch");
	pdml_lit(b, "Epoch Time: ");
	write_epoch(b, rec);
	pdml_lit(b, " seconds");
	pdml_field_at(b, 0, 0);
	write_epoch(b, rec);
	pdml_field_close(b);
	seconds_field(b, "frame.time_delta", "Time delta from previous captured frame", pw->prev, now);
	seconds_field(b, "frame.time_delta_displayed", "Time delta from previous displayed frame",
		pw->have_shown ? pw->prev_shown : now, now);
	seconds_field(b, "frame.time_relative", "Time since reference or first frame", pw->first, now);
}

/* frame.protocols: "eth:ethertype:ip:tcp", written twice. */
static void write_protocols(struct pdml_buf *b, const struct dissect *d)
{
	char protos[DISSECT_MAX_PROTOS * 24];
	size_t n = 0;
	for (unsigned i = 0; i < d->nprotos; i++) {
		size_t len = strlen(d->protos[i]);
		if (n + len + 1 > sizeof(protos))
			break;
		if (i > 0)
			protos[n++] = ':';
		memcpy(protos + n, d->protos[i], len);
		n += len;
	}
	pdml_field_open(b, 2, "frame.protocols");
	pdml_lit(b, "Protocols in frame: ");
	pdml_put(b, protos, n);
	pdml_field_at(b, 0, 0);
	pdml_put(b, protos, n);
	pdml_field_close(b);
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

void packet_write(struct packet_writer *pw, const struct capfile_record *rec, bool shown)
{
	struct dissect d;
	struct ptime now = { rec->ts_sec, rec->ts_nsec };

	pw->count++;
	/* A record without a time counts as time 0 for the next one's delta,
	 * as in Wireshark. */
	if (!pw->have_first) {
		pw->first = pw->prev = now;
		pw->have_first = true;
	}

	memset(&d, 0, sizeof(d));
	d.b = &pw->body;
	d.conv = pw->conv;
	d.no_payload = pw->no_payload;
	d.now = now;
	d.time_cache = &pw->data_time_cache;
	d.now_ns = rec->ts_sec > UINT64_MAX / 1000000000u - 1 ? UINT64_MAX
		: rec->ts_sec * 1000000000u + rec->ts_nsec;
	d.label = "Frame";
	pw->body.len = 0;
	cursor_init(&d.c, rec->data, rec->caplen, rec->len);
	const struct dissector *link = dispatch_find(BY_LINKTYPE, rec->linktype);
	int rc = link ? link->dissect(&d) : data_dissect(&d);
	if (!shown)
		goto done;
	if (pw->summary) {
		summary_write(pw->out, pw->count, now, pw->first, rec, &d);
		pw->prev_shown = now;
		pw->have_shown = true;
		goto done;
	}

	pdml_lit(pw->out, "<packet>\n");
	write_geninfo(pw, rec);
	write_frame(pw, rec, &d, now);
	pdml_put(pw->out, pw->body.data, pw->body.len);
	if (rc != 0)
		write_fault(pw->out, &d);
	pdml_lit(pw->out, "</packet>\n\n\n");
	pw->prev_shown = now;
	pw->have_shown = true;
done:
	pw->prev = now;
}
