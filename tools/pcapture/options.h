/* pcapture's command line: what the user asked for, checked.  Everything
 * that can be rejected without touching the system (numbers, conflicting
 * options, an unknown -Z user or -y link type) is rejected here with exit
 * status 2, before any interface or file is opened. */
#ifndef PCAPTURE_OPTIONS_H
#define PCAPTURE_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* libpcap's largest snapshot length (MAXIMUM_SNAPLEN), also the default,
 * as in tcpdump; "-s 0" means this too. */
#define PCAPTURE_SNAPLEN_MAX 262144

struct pcapture_opts {
	bool dump_filter;          /* -d: compile and print the filter only */
	const char *iface;         /* -i */
	const char *netns;         /* -n */
	const char *filter;        /* -f, NULL = every packet */
	int snaplen;               /* -s */
	int buffer_size;           /* -B, bytes, 0 = libpcap's default */
	const char *out_path;      /* -w, "-" = standard output */
	uint64_t count;            /* -c, 0 = no limit */
	uint64_t duration_ns;      /* -G, 0 = no limit */
	bool packet_buffered;      /* -U */
	const char *ready_path;    /* -R */
	const char *stats_path;    /* -S */
	const char *user;          /* -Z, NULL = keep the current user */
	uid_t uid;                 /* -Z's user, looked up */
	gid_t gid;
	bool quiet;                /* -q */
	int linktype;              /* -y (DLT_ value), with -d only */
};

/* Fills OPTS from the command line; prints the usage and exits 0 on -h,
 * exits 2 with a message on any bad usage. */
void options_parse(int argc, char **argv, struct pcapture_opts *opts);

#endif
