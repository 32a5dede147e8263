/* Capture filters: compiled by libpcap for a handle (live or dead), with
 * the failure reported as "filter 'EXPR': libpcap's message". */
#ifndef PCAPTURE_FILTER_H
#define PCAPTURE_FILTER_H

#include <pcap/pcap.h>
#include <stddef.h>

/* Compiles EXPR for handle P into PROG.  Returns 0, or -1 with the message
 * ("filter 'EXPR': why") in MSG. */
int filter_compile(pcap_t *p, const char *expr, bpf_u_int32 netmask,
                   struct bpf_program *prog, char *msg, size_t msgsize);

/* Compiles EXPR for link type LINKTYPE and snapshot length SNAPLEN without
 * any interface and prints the program as `tcpdump -d` does.  Returns 0, or
 * -1 with the message in MSG. */
int filter_print(const char *expr, int linktype, int snaplen, char *msg, size_t msgsize);

#endif
