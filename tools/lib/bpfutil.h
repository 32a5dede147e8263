/* Small helpers for the user side of sonde's BPF programs (libbpf):
 * for exitwatch_bpf.c, and for procmon's bpf_backend.c to share. */
#ifndef SONDE_BPFUTIL_H
#define SONDE_BPFUTIL_H

#include <stddef.h>
#include <stdint.h>

struct bpf_map;

/* libbpf's own messages go to stderr only when SONDE_DEBUG_BPF is set:
 * a tool says once, itself, why its BPF backend did not load. */
void bpfutil_quiet(void);

/* The attach types to try, in this order: tp_btf, then raw_tp where
 * tp_btf does not load.  SONDE_BPF_ATTACH=tp_btf or raw_tp in the
 * environment keeps only that one (raw_tp: to exercise the fallback on a
 * kernel where tp_btf works).  Returns a mask of BPFUTIL_TP_BTF and
 * BPFUTIL_RAW_TP, or 0 with the reason in why when the variable holds
 * anything else. */
enum { BPFUTIL_TP_BTF = 1, BPFUTIL_RAW_TP = 2 };
int bpfutil_attach_types(char *why, size_t whylen);

/* The sum over the possible CPUs of the 64-bit counter at key 0 of a
 * per-CPU array (a lost-events counter); 0 when it cannot be read. */
uint64_t bpfutil_percpu_sum(const struct bpf_map *map);

#endif
