/* The dispatch table of protocol modules and the sink (proto.h). */
#include "proto.h"

#include <string.h>

static const struct proto_module *const modules[] = {
	&proto_xdr,
	&proto_http,
	&proto_dns,
	&proto_loadgen,
};

const struct proto_module *proto_module_for(const char *arg)
{
	size_t len = strlen(arg);

	for (size_t i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
		const struct proto_module *m = modules[i];
		if (m->name != NULL && strcmp(arg, m->name) == 0)
			return m;
		if (m->suffix != NULL && len > strlen(m->suffix) &&
		    strcmp(arg + len - strlen(m->suffix), m->suffix) == 0)
			return m;
	}
	return NULL;
}

const struct decoder *decoder_for_port(const struct decoder *ds, size_t n, unsigned port)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < ds[i].nports; j++)
			if (ds[i].ports[j] == port)
				return &ds[i];
	return NULL;
}

void sink_add(struct sink *s, xmlNodePtr node)
{
	if (node == NULL)
		return;
	if (strcmp((const char *)node->name, "problem") == 0)
		s->problems++;
	else if (xmlHasProp(node, (const xmlChar *)"malformed"))
		s->malformed++, s->messages++;
	else
		s->messages++;
	xmlNodePtr parent = s->packet ? s->packet : s->orphans;
	xmlAddChild(parent, xmlNewText((const xmlChar *)"  "));
	xmlAddChild(parent, node);
	xmlAddChild(parent, xmlNewText((const xmlChar *)"\n"));
}
