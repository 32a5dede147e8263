/* Small helpers for the user side of sonde's BPF programs (libbpf):
 * for exitwatch_bpf.c, and for procmon's bpf_backend.c to share. */
#ifndef SONDE_BPFUTIL_H
#define SONDE_BPFUTIL_H

#include <stdint.h>

struct bpf_map;

/* libbpf's own messages go to stderr only when SONDE_DEBUG_BPF is set:
 * a tool says once, itself, why its BPF backend did not load. */
void bpfutil_quiet(void);

/* The sum over the possible CPUs of the 64-bit counter at key 0 of a
 * per-CPU array (a lost-events counter); 0 when it cannot be read. */
uint64_t bpfutil_percpu_sum(const struct bpf_map *map);

#endif
