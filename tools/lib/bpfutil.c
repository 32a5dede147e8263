#include "bpfutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	if (getenv("SONDE_DEBUG_BPF") == NULL)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

void bpfutil_quiet(void)
{
	libbpf_set_print(quiet_print);
}

int bpfutil_attach_types(char *why, size_t whylen)
{
	const char *v = getenv("SONDE_BPF_ATTACH");

	if (v == NULL || *v == '\0')
		return BPFUTIL_TP_BTF | BPFUTIL_RAW_TP;
	if (strcmp(v, "tp_btf") == 0)
		return BPFUTIL_TP_BTF;
	if (strcmp(v, "raw_tp") == 0)
		return BPFUTIL_RAW_TP;
	snprintf(why, whylen, "SONDE_BPF_ATTACH: '%s': expected tp_btf or raw_tp", v);
	return 0;
}

uint64_t bpfutil_percpu_sum(const struct bpf_map *map)
{
	int ncpu = libbpf_num_possible_cpus(), key = 0;
	uint64_t total = 0;

	if (ncpu <= 0)
		return 0;
	uint64_t *v = calloc((size_t)ncpu, sizeof(*v));
	if (v != NULL && bpf_map__lookup_elem(map, &key, sizeof(key), v,
					      (size_t)ncpu * sizeof(*v), 0) == 0)
		for (int i = 0; i < ncpu; i++)
			total += v[i];
	free(v);
	return total;
}
