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
	{ 43, "Routing Header for IPv6" },
	{ 44, "Fragment Header for IPv6" },
	{ 47, "Generic Routing Encapsulation" },
	{ 50, "Encap Security Payload" },
	{ 51, "Authentication Header" },
	{ 58, "ICMPv6" },
	{ 59, "No Next Header for IPv6" },
	{ 60, "Destination Options for IPv6" },
	{ 89, "OSPF IGP" },
	{ 103, "PIM" },
	{ 112, "Virtual Router Redundancy Protocol" },
	{ 132, "SCTP" },
	{ 136, "UDPLite" },
	{ 0, NULL },
};

/* Differentiated services and ECN (IPv4 TOS, IPv6 traffic class). */
const struct value_name dscp_names[] = {
	{ 0, "Default" }, { 1, "Lower Effort" },
	{ 8, "Class Selector 1" }, { 16, "Class Selector 2" }, { 24, "Class Selector 3" },
	{ 32, "Class Selector 4" }, { 40, "Class Selector 5" }, { 48, "Class Selector 6" },
	{ 56, "Class Selector 7" },
	{ 10, "Assured Forwarding 11" }, { 12, "Assured Forwarding 12" }, { 14, "Assured Forwarding 13" },
	{ 18, "Assured Forwarding 21" }, { 20, "Assured Forwarding 22" }, { 22, "Assured Forwarding 23" },
	{ 26, "Assured Forwarding 31" }, { 28, "Assured Forwarding 32" }, { 30, "Assured Forwarding 33" },
	{ 34, "Assured Forwarding 41" }, { 36, "Assured Forwarding 42" }, { 38, "Assured Forwarding 43" },
	{ 44, "Voice Admit" }, { 46, "Expedited Forwarding" },
	{ 0, NULL },
};

const struct value_name dscp_short[] = {
	{ 0, "CS0" }, { 1, "LE" }, { 8, "CS1" }, { 16, "CS2" }, { 24, "CS3" }, { 32, "CS4" },
	{ 40, "CS5" }, { 48, "CS6" }, { 56, "CS7" }, { 10, "AF11" }, { 12, "AF12" },
	{ 14, "AF13" }, { 18, "AF21" }, { 20, "AF22" }, { 22, "AF23" }, { 26, "AF31" },
	{ 28, "AF32" }, { 30, "AF33" }, { 34, "AF41" }, { 36, "AF42" }, { 38, "AF43" },
	{ 44, "VOICE-ADMIT" }, { 46, "EF" },
	{ 0, NULL },
};

const char *const ecn_short[4] = { "Not-ECT", "ECT(1)", "ECT(0)", "CE" };
const char *const ecn_long[4] = {
	"Not ECN-Capable Transport", "ECN-Capable Transport codepoint &#x27;01&#x27;",
	"ECN-Capable Transport codepoint &#x27;10&#x27;", "Congestion Experienced",
};
