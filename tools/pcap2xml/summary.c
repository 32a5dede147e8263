#include "summary.h"

/* The protocol column: the innermost protocol found, as tshark names it;
 * what an ICMP error quotes does not count. */
static const struct {
	const char *proto, *column;
} columns[] = {
	{ "tcp", "TCP" }, { "udp", "UDP" }, { "icmp", "ICMP" }, { "icmpv6", "ICMPv6" },
	{ "arp", "ARP" }, { "ip", "IPv4" }, { "ipv6", "IPv6" }, { "vlan", "802.1Q" },
	{ "ieee8021ad", "802.1ad" }, { "eth", "Ethernet" }, { "sll", "SLL" },
	{ "null", "NULL" }, { "raw", "Raw" },
};

static const char *column(const struct dissect *d)
{
	const char *col = "Data";

	for (unsigned i = 0; i < d->nprotos; i++) {
		for (size_t j = 0; j < sizeof(columns) / sizeof(columns[0]); j++)
			if (strcmp(d->protos[i], columns[j].proto) == 0)
				col = columns[j].column;
		if (strncmp(d->protos[i], "icmp", 4) == 0)
			break;
	}
	return col;
}

static void address(struct pdml_buf *b, const uint8_t *a, uint8_t alen)
{
	if (alen == 4)
		pdml_ipv4(b, a);
	else if (alen == 16)
		pdml_ipv6(b, a);
	else
		pdml_mac(b, a);
}

static void tcp_info(struct pdml_buf *b, const struct summary *s)
{
	static const char *const names[] = { "FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE" };
	const char *sep = "";

	pdml_lit(b, " [");
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (s->tcp_flags & 1u << i) {
			pdml_str(b, sep);
			pdml_str(b, names[i]);
			sep = ", ";
		}
	}
	if (*sep == '\0')
		pdml_lit(b, "<None>");
	pdml_lit(b, "] Seq=");
	pdml_u64(b, s->seq);
	if (s->tcp_flags & 0x10) {
		pdml_lit(b, " Ack=");
		pdml_u64(b, s->ack);
	}
	pdml_lit(b, " Win=");
	pdml_u64(b, s->win);
}

static void info(struct pdml_buf *b, const struct summary *s, const char *col)
{
	if (s->what != NULL && strncmp(col, "ICMP", 4) == 0) {
		pdml_str(b, s->what);
	} else if (s->has_ports) {
		pdml_u64(b, s->sport);
		pdml_lit(b, " \xe2\x86\x92 ");
		pdml_u64(b, s->dport);
		if (s->is_tcp)
			tcp_info(b, s);
		pdml_lit(b, " Len=");
		pdml_u64(b, s->len);
	} else if (s->arp_spa != NULL && s->arp_tpa != NULL && s->what != NULL &&
		strcmp(s->what, "request") == 0) {
		pdml_lit(b, "Who has ");
		pdml_ipv4(b, s->arp_tpa);
		pdml_lit(b, "? Tell ");
		pdml_ipv4(b, s->arp_spa);
	} else if (s->arp_spa != NULL && s->arp_sha != NULL && s->what != NULL &&
		strcmp(s->what, "reply") == 0) {
		pdml_ipv4(b, s->arp_spa);
		pdml_lit(b, " is at ");
		pdml_mac(b, s->arp_sha);
	} else if (s->what != NULL) {
		pdml_str(b, s->what);
	} else {
		pdml_str(b, col);
	}
}

void summary_write(struct pdml_buf *out, uint64_t number, struct ptime now, struct ptime first,
	const struct capfile_record *rec, const struct dissect *d)
{
	const struct summary *s = &d->sum;
	const char *col = column(d);
	char num[24];
	size_t n = 0;

	/* Right-aligned in five columns, as tshark. */
	for (uint64_t v = number; n == 0 || v != 0; v /= 10)
		num[sizeof(num) - 1 - n++] = (char)('0' + v % 10);
	for (; n < 5; n++)
		num[sizeof(num) - 1 - n] = ' ';
	pdml_put(out, num + sizeof(num) - n, n);
	pdml_putc(out, ' ');
	ptime_write_delta(out, first, now);
	pdml_putc(out, ' ');
	if (s->net_src != NULL) {
		address(out, s->net_src, s->net_alen);
		pdml_lit(out, " \xe2\x86\x92 ");
		address(out, s->net_dst, s->net_alen);
	} else if (s->mac_src != NULL) {
		address(out, s->mac_src, 6);
		pdml_lit(out, " \xe2\x86\x92 ");
		address(out, s->mac_dst, 6);
	}
	pdml_putc(out, ' ');
	pdml_str(out, col);
	pdml_putc(out, ' ');
	pdml_u64(out, rec->len);
	pdml_putc(out, ' ');
	info(out, s, col);
	pdml_putc(out, '\n');
}
