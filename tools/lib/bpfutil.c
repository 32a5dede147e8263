#include "bpfutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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
