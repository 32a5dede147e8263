/* The BPF backend: loads procmon.bpf.c's programs (tp_btf, else raw_tp),
 * reads the ring buffer, sums the per-CPU lost counter (tools/lib/bpfutil.h). */
#include "backend.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfutil.h"
#include "procmon.skel.h"

struct bpf_state {
	struct procmon_bpf *skel;
	struct ring_buffer *rb;
};

static int on_record(void *ctx, void *data, size_t size)
{
	struct backend *b = ctx;
	struct procmon_event e;

	/* Exec records end after their argv; the rest is zero. */
	memset(&e, 0, sizeof(e));
	memcpy(&e, data, size < sizeof(e) ? size : sizeof(e));
	b->deliver(&e, b->ctx);
	return 0;
}

static int bpf_drain(struct backend *b)
{
	struct bpf_state *s = b->priv;
	int n = ring_buffer__consume(s->rb);

	if (n < 0) {
		errno = -n;
		return -1;
	}
	return 0;
}

static int bpf_track(struct backend *b, pid_t pid)
{
	struct bpf_state *s = b->priv;
	int key = pid;
	char one = 1;

	if (bpf_map__update_elem(s->skel->maps.tracked, &key, sizeof(key), &one, sizeof(one), BPF_ANY) != 0)
		return -1;
	return 0;
}

static int bpf_scope_netns(struct backend *b, uint64_t ino)
{
	struct bpf_state *s = b->priv;

	s->skel->bss->scope_netns = ino;
	return 0;
}

static uint64_t bpf_lost(struct backend *b)
{
	struct bpf_state *s = b->priv;

	return bpfutil_percpu_sum(s->skel->maps.lost);
}

static void bpf_close(struct backend *b)
{
	struct bpf_state *s = b->priv;

	if (s == NULL)
		return;
	ring_buffer__free(s->rb);
	procmon_bpf__destroy(s->skel);
	free(s);
	b->priv = NULL;
}

/* Opens, loads and attaches one set of programs: tp_btf or raw_tp. */
static int load(struct bpf_state *s, int filter, int netns, int raw, char *why, size_t whylen)
{
	struct procmon_bpf *k = procmon_bpf__open();
	int rc;

	if (k == NULL) {
		snprintf(why, whylen, "opening the BPF object: %s", strerror(errno));
		return -1;
	}
	k->rodata->filter_scope = filter != 0;
	k->rodata->filter_netns = netns != 0;
	bpf_program__set_autoload(k->progs.fork_btf, !raw);
	bpf_program__set_autoload(k->progs.exec_btf, !raw);
	bpf_program__set_autoload(k->progs.exit_btf, !raw);
	bpf_program__set_autoload(k->progs.fork_raw, raw);
	bpf_program__set_autoload(k->progs.exec_raw, raw);
	bpf_program__set_autoload(k->progs.exit_raw, raw);
	rc = procmon_bpf__load(k);
	if (rc == 0)
		rc = procmon_bpf__attach(k);
	if (rc != 0) {
		snprintf(why, whylen, "loading the BPF programs (%s): %s",
		         raw ? "raw_tp" : "tp_btf", strerror(-rc > 0 ? -rc : errno));
		procmon_bpf__destroy(k);
		return -1;
	}
	s->skel = k;
	return 0;
}

int bpf_backend_open(struct backend *b, int filter, int netns, char *why, size_t whylen)
{
	struct bpf_state *s = calloc(1, sizeof(*s));

	if (s == NULL) {
		snprintf(why, whylen, "%s", strerror(errno));
		return -1;
	}
	bpfutil_quiet();
	/* The reason given is tp_btf's: raw_tp is only the second chance
	 * (unless SONDE_BPF_ATTACH leaves raw_tp alone). */
	char why_raw[256];
	int types = bpfutil_attach_types(why, whylen);
	if ((types & BPFUTIL_TP_BTF) == 0 || load(s, filter, netns, 0, why, whylen) < 0) {
		int loaded = -1;
		if (types == BPFUTIL_RAW_TP)
			loaded = load(s, filter, netns, 1, why, whylen);
		else if ((types & BPFUTIL_RAW_TP) != 0)
			loaded = load(s, filter, netns, 1, why_raw, sizeof(why_raw));
		if (loaded < 0) {
			free(s);
			return -1;
		}
	}
	s->rb = ring_buffer__new(bpf_map__fd(s->skel->maps.events), on_record, b, NULL);
	if (s->rb == NULL) {
		snprintf(why, whylen, "ring buffer: %s", strerror(errno));
		procmon_bpf__destroy(s->skel);
		free(s);
		return -1;
	}
	b->name = "bpf";
	b->fd = ring_buffer__epoll_fd(s->rb);
	b->drain = bpf_drain;
	b->track = bpf_track;
	b->scope_netns = bpf_scope_netns;
	b->lost = bpf_lost;
	b->close = bpf_close;
	b->priv = s;
	return 0;
}
