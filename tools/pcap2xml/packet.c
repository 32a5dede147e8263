#include "packet.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dissect.h"

/* Link types and Wireshark's encapsulation number and name for each. */
static const struct {
	unsigned linktype;
	unsigned encap;
	const char *name;
} encaps[] = {
	{ 1, 1, "Ethernet" },
};

int packet_linktype_supported(unsigned linktype)
{
	return dispatch_find(BY_LINKTYPE, linktype) != NULL;
}

void packet_writer_init(struct packet_writer *pw, struct pdml_buf *out)
{
	memset(pw, 0, sizeof(*pw));
	pw->out = out;
	pdml_buf_init(&pw->body, 64 * 1024, -1);
	pw->conv = conv_table_new();
	tzset();
}

void packet_writer_free(struct packet_writer *pw)
{
	pdml_buf_free(&pw->body);
	conv_table_free(pw->conv);
}

/* "Nov 14, 2023 22:13:20.124456000 UTC" in local time, as Wireshark
 * shows it; the part up to the seconds is formatted once per second. */
static void write_time(struct packet_writer *pw, const struct capfile_record *rec)
{
	static const char months[12][4] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
	};
	struct pdml_buf *b = pw->out;

	if (!pw->cached || pw->cached_sec != (int64_t)rec->ts_sec) {
		time_t t = (time_t)rec->ts_sec;
		struct tm tm;
		if (localtime_r(&t, &tm) == NULL)
			memset(&tm, 0, sizeof(tm));
		snprintf(pw->time_prefix, sizeof(pw->time_prefix), "%s %2d, %d %02d:%02d:%02d.",
			months[tm.tm_mon % 12], tm.tm_mday, tm.tm_year + 1900,
			tm.tm_hour, tm.tm_min, tm.tm_sec);
		snprintf(pw->time_zone, sizeof(pw->time_zone), " %s", tm.tm_zone ? tm.tm_zone : "");
		pw->cached_sec = (int64_t)rec->ts_sec;
		pw->cached = 1;
	}
	pdml_str(b, pw->time_prefix);
	pdml_frac9(b, rec->ts_nsec);
	pdml_escaped(b, pw->time_zone, strlen(pw->time_zone));
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

static void seconds_field(struct pdml_buf *b, const char *name, const char *label, int64_t ns)
{
	pdml_field_open(b, 2, name);
	pdml_str(b, label);
	pdml_lit(b, ": ");
	pdml_seconds(b, ns);
	pdml_lit(b, " seconds");
	pdml_field_at(b, 0, 0);
	pdml_seconds(b, ns);
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

static void write_frame(struct packet_writer *pw, const struct capfile_record *rec,
	const struct dissect *d, int64_t now)
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
	pdml_proto_at(b, rec->caplen, 0);

	pdml_field_open(b, 2, "frame.encap_type");
	pdml_lit(b, "Encapsulation type: ");
	pdml_str(b, encap_name);
	pdml_lit(b, " (");
	pdml_u64(b, encap);
	pdml_putc(b, ')');
	pdml_field_at(b, 0, 0);
	pdml_u64(b, encap);
	pdml_field_close(b);

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
	seconds_field(b, "frame.time_delta", "Time delta from previous captured frame", now - pw->prev_ns);
	seconds_field(b, "frame.time_delta_displayed", "Time delta from previous displayed frame",
		now - pw->prev_ns);
	seconds_field(b, "frame.time_relative", "Time since reference or first frame", now - pw->first_ns);
	field_gen_uint(b, 2, "frame.number", "Frame Number", 0, pw->count);
	bytes_field(b, "frame.len", "Frame Length", rec->len);
	bytes_field(b, "frame.cap_len", "Capture Length", rec->caplen);
	field_text(b, 2, "frame.marked", "Frame is marked: False", 0, "0");
	field_text(b, 2, "frame.ignored", "Frame is ignored: False", 0, "0");

	/* "eth:ethertype:ip:tcp", written twice */
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
	pdml_proto_end(b, 1);
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

void packet_write(struct packet_writer *pw, const struct capfile_record *rec)
{
	struct dissect d;
	int64_t now = (int64_t)rec->ts_sec * 1000000000 + rec->ts_nsec;

	pw->count++;
	if (pw->count == 1)
		pw->first_ns = pw->prev_ns = now;

	memset(&d, 0, sizeof(d));
	d.b = &pw->body;
	d.conv = pw->conv;
	d.label = "Frame";
	pw->body.len = 0;
	cursor_init(&d.c, rec->data, rec->caplen, rec->len);
	const struct dissector *link = dispatch_find(BY_LINKTYPE, rec->linktype);
	int rc = link ? link->dissect(&d) : data_dissect(&d);

	pdml_lit(pw->out, "<packet>\n");
	write_geninfo(pw, rec);
	write_frame(pw, rec, &d, now);
	pdml_put(pw->out, pw->body.data, pw->body.len);
	if (rc != 0)
		write_fault(pw->out, &d);
	pdml_lit(pw->out, "</packet>\n\n\n");
	pw->prev_ns = now;
}
