/* Value-name tables, with Wireshark's wording. */
#include "dissect.h"

const char *value_name(const struct value_name *table, unsigned value)
{
	for (; table->name != NULL; table++)
		if (table->value == value)
			return table->name;
	return NULL;
}

const struct value_name ethertype_names[] = {
	{ 0x0800, "IPv4" },
	{ 0x0806, "ARP" },
	{ 0x8035, "RARP" },
	{ 0x8100, "802.1Q Virtual LAN" },
	{ 0x86dd, "IPv6" },
	{ 0x8847, "MPLS label switched packet" },
	{ 0x8863, "PPPoE Discovery" },
	{ 0x8864, "PPPoE Session" },
	{ 0x888e, "802.1X Authentication" },
	{ 0x88a8, "802.1ad Provider Bridge (Q-in-Q)" },
	{ 0x88b5, "Local Experimental Ethertype 1" },
	{ 0x88b6, "Local Experimental Ethertype 2" },
	{ 0x88cc, "802.1 Link Layer Discovery Protocol (LLDP)" },
	{ 0x88f7, "PTPv2 over Ethernet (IEEE1588)" },
	{ 0, NULL },
};

const struct value_name ipproto_names[] = {
	{ 0, "IPv6 Hop-by-Hop Option" },
	{ 1, "ICMP" },
	{ 2, "IGMP" },
	{ 4, "IPIP" },
	{ 6, "TCP" },
	{ 17, "UDP" },
	{ 41, "IPv6" },
	{ 47, "Generic Routing Encapsulation" },
	{ 50, "Encap Security Payload" },
	{ 51, "Authentication Header" },
	{ 58, "ICMPv6" },
	{ 89, "OSPF IGP" },
	{ 103, "PIM" },
	{ 112, "Virtual Router Redundancy Protocol" },
	{ 132, "SCTP" },
	{ 136, "UDPLite" },
	{ 0, NULL },
};
