#include "filter.h"

#include <stdio.h>

int filter_compile(pcap_t *p, const char *expr, bpf_u_int32 netmask,
                   struct bpf_program *prog, char *msg, size_t msgsize)
{
	if (pcap_compile(p, prog, expr, 1, netmask) == 0)
		return 0;
	snprintf(msg, msgsize, "filter '%s': %s", expr, pcap_geterr(p));
	return -1;
}

int filter_print(const char *expr, int linktype, int snaplen, char *msg, size_t msgsize)
{
	struct bpf_program prog;
	pcap_t *p = pcap_open_dead_with_tstamp_precision(linktype, snaplen,
	                                                  PCAP_TSTAMP_PRECISION_NANO);

	if (p == NULL) {
		snprintf(msg, msgsize, "filter '%s': libpcap could not make a handle for link type %d",
		         expr, linktype);
		return -1;
	}
	/* The netmask is unknown without an interface: "ip broadcast" is then
	 * refused, as it is by tcpdump -d. */
	if (filter_compile(p, expr, PCAP_NETMASK_UNKNOWN, &prog, msg, msgsize) != 0) {
		pcap_close(p);
		return -1;
	}
	bpf_dump(&prog, 1);
	pcap_freecode(&prog);
	pcap_close(p);
	return 0;
}
