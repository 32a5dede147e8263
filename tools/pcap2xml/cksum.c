/* The Internet checksum (RFC 1071), for the protocols whose checksum
 * Wireshark verifies by default (ICMP, ICMPv6). */
#include "dissect.h"

uint32_t cksum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	for (; n >= 2; p += 2, n -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (n)
		sum += (uint32_t)p[0] << 8;
	/* Fold now and then so long inputs cannot overflow. */
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

uint16_t cksum_finish(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

void field_checksum(struct pdml_buf *b, int depth, const char *proto, size_t pos,
	uint16_t value, int verified, uint16_t computed)
{
	char name[40];
	size_t n = strlen(proto);

	if (n > sizeof(name) - sizeof(".checksum_bad.expert"))
		n = sizeof(name) - sizeof(".checksum_bad.expert");
	memcpy(name, proto, n);
	strcpy(name + n, ".checksum");
	pdml_field_open(b, depth, name);
	pdml_lit(b, "Checksum: 0x");
	pdml_hex(b, value, 4);
	bool bad = verified && computed != value;
	if (!verified)
		pdml_lit(b, " [unverified]");
	else if (!bad)
		pdml_lit(b, " [correct]");
	else {
		pdml_lit(b, " incorrect, should be 0x");
		pdml_hex(b, computed, 4);
	}
	pdml_field_at(b, 2, pos);
	pdml_lit(b, "0x");
	pdml_hex(b, value, 4);
	pdml_field_value(b);
	pdml_hex(b, value, 4);
	if (!bad) {
		pdml_field_close(b);
	} else {
		pdml_field_close_open(b);
		pdml_field_open(b, depth + 1, "_ws.expert");
		pdml_lit(b, "Expert Info (Warning/Checksum): Bad checksum [should be 0x");
		pdml_hex(b, computed, 4);
		pdml_lit(b, "]\" size=\"0\" pos=\"");
		pdml_u64(b, pos);
		pdml_lit(b, "\">\n");
		strcpy(name + n, ".checksum_bad.expert");
		pdml_field_open(b, depth + 2, name);
		pdml_lit(b, "Bad checksum [should be 0x");
		pdml_hex(b, computed, 4);
		pdml_lit(b, "]\" size=\"0\" pos=\"0\" show=\"\" value=\"\"/>\n");
		pdml_indent(b, depth + 2);
		pdml_lit(b, "<field name=\"_ws.expert.message\" showname=\"Message: Bad checksum [should be 0x");
		pdml_hex(b, computed, 4);
		pdml_lit(b, "]\" hide=\"yes\" size=\"0\" pos=\"0\" show=\"Bad checksum [should be 0x");
		pdml_hex(b, computed, 4);
		pdml_lit(b, "]\"/>\n");
		pdml_indent(b, depth + 2);
		pdml_lit(b, "<field name=\"_ws.expert.severity\" showname=\"Severity level: Warning\" size=\"0\" pos=\"0\" show=\"6291456\"/>\n");
		pdml_indent(b, depth + 2);
		pdml_lit(b, "<field name=\"_ws.expert.group\" showname=\"Group: Checksum\" size=\"0\" pos=\"0\" show=\"16777216\"/>\n");
		pdml_field_end(b, depth + 1);
		pdml_field_end(b, depth);
	}
	strcpy(name + n, ".checksum.status");
	field_text(b, depth, name,
		!verified ? "Checksum Status: Unverified" : bad ? "Checksum Status: Bad" : "Checksum Status: Good",
		pos, !verified ? "2" : bad ? "0" : "1");
}
