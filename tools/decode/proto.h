/* The protocols decode(1) knows, in one dispatch table, and the decoders
 * a command line asks for (-t).  A module decodes a stream (reassembled
 * TCP, one direction) and/or datagrams (UDP payloads); what it finds goes
 * to a sink as <message> and <problem> elements. */
#ifndef DECODE_PROTO_H
#define DECODE_PROTO_H

#include <libxml/tree.h>
#include <stddef.h>
#include <stdint.h>

#include "xdrdecode.h"
#include "xdrspec.h"

#define DECODER_MAX_PORTS 16

/* Where messages go: the packet being handled, or, for what completes at
 * the end of the capture, a list written before <actors>. */
struct sink {
	xmlNodePtr packet;
	xmlNodePtr orphans;      /* a <capture>-less holder of the rest */
	unsigned long messages, malformed, problems;
};

void sink_add(struct sink *s, xmlNodePtr node);

struct decoder;

struct proto_module {
	/* What selects it on the command line (-t): a description file's
	 * suffix (".x"), or the protocol's name ("http") for those built in. */
	const char *suffix, *name;
	/* Loads the description (and, when -t gave no port, the port it
	 * names); 0, or -1 with "FILE:LINE: what" in err.  NULL for the
	 * protocols built in. */
	int (*load)(struct decoder *d, const char *path, char *err, size_t errlen);
	/* A built-in protocol's ports when -t gives none (0 ends the list;
	 * a description's load() finds its own). */
	unsigned well_known_ports[4];
	void *(*stream_open)(const struct decoder *d, struct sink *s);
	void (*stream_data)(void *st, const uint8_t *p, size_t len, uint64_t n, int seg_start);
	void (*stream_gap)(void *st, uint64_t missing);
	void (*stream_end)(void *st);
	void (*datagram)(const struct decoder *d, struct sink *s, const uint8_t *p, size_t len, uint64_t n);
	void (*unload)(struct decoder *d);
};

struct decoder {
	char *name;              /* the protocol's name: the file's base name */
	const struct proto_module *mod;
	unsigned ports[DECODER_MAX_PORTS];
	size_t nports;
	/* the xdr module's */
	struct xspec spec;
	struct xentry entry;
	size_t max_record;
};

/* The module for a -t argument (without its ports): a description file by
 * its suffix, or a built-in protocol by its name; NULL when none. */
const struct proto_module *proto_module_for(const char *arg);
/* The decoder whose ports include port, NULL when none. */
const struct decoder *decoder_for_port(const struct decoder *ds, size_t n, unsigned port);

extern const struct proto_module proto_xdr, proto_http, proto_dns, proto_loadgen;

#endif
