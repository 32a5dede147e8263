/* The registry of tests: adding a test is one file and one line here. */
#include <string.h>

#include "loadgen.h"

extern const struct lg_test test_udp_latency, test_tcp_latency, test_tcp_stream, test_udp_stream, test_tcp_rr,
	target_echo, target_sink, target_cpu;

static const struct lg_test *const registry[] = {
	&test_udp_latency,
	&test_tcp_latency,
	&test_tcp_stream,
	&test_udp_stream,
	&test_tcp_rr,
	&target_echo,
	&target_sink,
	&target_cpu,
};

/* ipbench's names for the same tests. */
static const struct alias {
	const char *alias, *name;
} aliases[] = {
	{ "cpu_target_lukem", "cpu" },
	{ "cpu_target", "cpu" },
	{ "latency", "udp-latency" },
};

const struct lg_test *lg_find_test(const char *name)
{
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(name, aliases[i].alias) == 0)
			name = aliases[i].name;
	for (size_t i = 0; i < sizeof(registry) / sizeof(registry[0]); i++)
		if (strcmp(name, registry[i]->name) == 0)
			return registry[i];
	return NULL;
}

void lg_list_tests(FILE *fp)
{
	for (size_t i = 0; i < sizeof(registry) / sizeof(registry[0]); i++)
		fprintf(fp, "%-12s %-6s %s\n", registry[i]->name, registry[i]->side == LG_CLIENT ? "client" : "target",
			registry[i]->summary);
}
