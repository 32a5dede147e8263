/* exitwatch's BPF source: bpf/exitstat.bpf.c (tp_btf, else raw_tp), its
 * ring buffer and its per-CPU lost counter. */
#include "exitwatch_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfutil.h"
#include "exitstat.h"
#include "exitstat.skel.h"
#include "procfs.h"

struct bpf_state {
	struct exitstat_bpf *skel;
	struct ring_buffer *rb;
	uint64_t ns_per_tick;
	long page_kb;
};

static int on_record(void *ctx, void *data, size_t size)
{
	struct exitwatch *w = ctx;
	struct bpf_state *s = w->priv;
	struct exitstat_event k;
	struct exitwatch_exit e;

	memset(&k, 0, sizeof(k));
	memcpy(&k, data, size < sizeof(k) ? size : sizeof(k));
	memset(&e, 0, sizeof(e));
	e.pid = k.pid;
	e.ppid = k.ppid;
	/* /proc's start time is the same clock in ticks, rounded down */
	e.start = k.start_ns / s->ns_per_tick;
	e.time = procfs_boottime_to_realtime(k.time_ns);
	exitwatch_cpu_split(k.runtime_ns, k.utime_ns, k.stime_ns, &e.user_ns, &e.system_ns);
	e.maxrss_kb = k.maxrss_pages * (uint64_t)s->page_kb;
	e.flags = EXITWATCH_CPU_KNOWN | EXITWATCH_RSS_KNOWN;
	memcpy(e.comm, k.comm, sizeof(e.comm));
	e.comm[sizeof(e.comm) - 1] = '\0';
	exitwatch_push(w, &e);
	return 0;
}

static int bpf_poll(struct exitwatch *w)
{
	struct bpf_state *s = w->priv;
	int n = ring_buffer__consume(s->rb);

	if (n < 0) {
		errno = -n;
		return -1;
	}
	return 0;
}

static int bpf_track(struct exitwatch *w, pid_t pid)
{
	struct bpf_state *s = w->priv;
	int key = pid;
	char one = 1;

	return bpf_map__update_elem(s->skel->maps.tracked, &key, sizeof(key), &one, sizeof(one),
				    BPF_ANY) == 0 ? 0 : -1;
}

static uint64_t bpf_lost(const struct exitwatch *w)
{
	const struct bpf_state *s = w->priv;

	return bpfutil_percpu_sum(s->skel->maps.lost);
}

static void bpf_close(struct exitwatch *w)
{
	struct bpf_state *s = w->priv;

	ring_buffer__free(s->rb);
	exitstat_bpf__destroy(s->skel);
	free(s);
}

/* Opens, loads and attaches one set of programs: tp_btf or raw_tp. */
static struct exitstat_bpf *load(const struct exitwatch_filter *f, int raw, char *why, size_t whylen)
{
	struct exitstat_bpf *k = exitstat_bpf__open();
	int rc;

	if (k == NULL) {
		snprintf(why, whylen, "opening the BPF object: %s", strerror(errno));
		return NULL;
	}
	k->rodata->filter_subtree = f->subtree != 0;
	k->rodata->filter_net = (unsigned int)f->net_ino;
	bpf_program__set_autoload(k->progs.fork_btf, !raw);
	bpf_program__set_autoload(k->progs.exit_btf, !raw);
	bpf_program__set_autoload(k->progs.fork_raw, raw);
	bpf_program__set_autoload(k->progs.exit_raw, raw);
	rc = exitstat_bpf__load(k);
	if (rc == 0)
		rc = exitstat_bpf__attach(k);
	if (rc != 0) {
		int e = rc < 0 ? -rc : errno;
		snprintf(why, whylen, "loading the BPF programs (%s): %s",
			 raw ? "raw_tp" : "tp_btf", strerror(e));
		exitstat_bpf__destroy(k);
		return NULL;
	}
	return k;
}

int exitwatch_bpf_open(struct exitwatch *w, char *why, size_t whylen)
{
	struct bpf_state *s = calloc(1, sizeof(*s));
	char why_raw[256];

	if (s == NULL) {
		snprintf(why, whylen, "%s", strerror(errno));
		return -1;
	}
	s->ns_per_tick = 1000000000u / procfs_ticks_per_sec();
	s->page_kb = sysconf(_SC_PAGESIZE) / 1024;
	bpfutil_quiet();
	/* The reason given is tp_btf's: raw_tp is only a second chance
	 * (unless SONDE_BPF_ATTACH leaves raw_tp alone). */
	int types = bpfutil_attach_types(why, whylen);
	if ((types & BPFUTIL_TP_BTF) != 0)
		s->skel = load(&w->filter, 0, why, whylen);
	if (s->skel == NULL && (types & BPFUTIL_RAW_TP) != 0)
		s->skel = types == BPFUTIL_RAW_TP ? load(&w->filter, 1, why, whylen)
		                                  : load(&w->filter, 1, why_raw, sizeof(why_raw));
	if (s->skel == NULL) {
		free(s);
		return -1;
	}
	s->rb = ring_buffer__new(bpf_map__fd(s->skel->maps.events), on_record, w, NULL);
	if (s->rb == NULL) {
		snprintf(why, whylen, "ring buffer: %s", strerror(errno));
		exitstat_bpf__destroy(s->skel);
		free(s);
		return -1;
	}
	w->name = "bpf";
	w->fd = ring_buffer__epoll_fd(s->rb);
	w->poll = bpf_poll;
	w->track = bpf_track;
	w->lost = bpf_lost;
	w->close = bpf_close;
	w->priv = s;
	return 0;
}
