#include "capture.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dumpbuf.h"
#include "err.h"
#include "filter.h"

/* libpcap's read timeout.  Without immediate mode Linux hands packets over
 * in blocks (TPACKET_V3), and the kernel retires a block that holds packets
 * at the latest this long after it opened: that bounds the delay before a
 * packet can be read, and how long the drain at a stop must wait. */
#define READ_TIMEOUT_MS 50
/* At the stop, the packets already queued are read in batches of this
 * many, and at most DRAIN_ROUNDS batches, so that a flood arriving
 * during the drain cannot keep the capture alive. */
#define DRAIN_BATCH 65536
#define DRAIN_ROUNDS 16

/* --- stop signals --------------------------------------------------------- */

static volatile sig_atomic_t stop_requested;
/* The handle whose dispatch the signal interrupts, once there is one. */
static pcap_t *volatile stop_handle;
/* The signal mask inside ppoll(): the stop signals delivered only there,
 * so one can never slip in between the check and the wait. */
static sigset_t wait_mask;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
	if (stop_handle != NULL)
		pcap_breakloop(stop_handle);
}

void capture_signals_init(void)
{
	struct sigaction sa;
	sigset_t stops;

	sigemptyset(&stops);
	sigaddset(&stops, SIGINT);
	sigaddset(&stops, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &stops, &wait_mask) != 0)
		err_(EXIT_FAIL, "sigprocmask");
	sigdelset(&wait_mask, SIGINT);
	sigdelset(&wait_mask, SIGTERM);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: the wait must end */
	if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0)
		err_(EXIT_FAIL, "sigaction");
}

/* --- opening -------------------------------------------------------------- */

static noreturn void open_failed(pcap_t *p, const char *iface, int status)
{
	const char *detail = pcap_geterr(p);
	const char *what = pcap_statustostr(status);

	if (*detail == '\0' || strcmp(detail, what) == 0)
		errx_(EXIT_FAIL, "%s: %s", iface, what);
	if (status == PCAP_ERROR)
		errx_(EXIT_FAIL, "%s: %s", iface, detail);
	errx_(EXIT_FAIL, "%s: %s (%s)", iface, what, detail);
}

static void install_filter(pcap_t *p, const char *iface, const char *expr)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	char msg[PCAP_ERRBUF_SIZE + 256];
	bpf_u_int32 net = 0, mask = PCAP_NETMASK_UNKNOWN;
	struct bpf_program prog;

	/* The netmask only matters for "ip broadcast"; an interface without
	 * an IPv4 address simply has none. */
	if (pcap_lookupnet(iface, &net, &mask, errbuf) != 0)
		mask = PCAP_NETMASK_UNKNOWN;
	if (filter_compile(p, expr, mask, &prog, msg, sizeof(msg)) != 0)
		errx_(EXIT_FAIL, "%s", msg);
	if (pcap_setfilter(p, &prog) != 0)
		errx_(EXIT_FAIL, "%s: installing filter '%s': %s", iface, expr, pcap_geterr(p));
	pcap_freecode(&prog);
}

pcap_t *capture_open(const struct pcapture_opts *o)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = pcap_create(o->iface, errbuf);
	int status;

	if (p == NULL)
		errx_(EXIT_FAIL, "%s: %s", o->iface, errbuf);
	pcap_set_snaplen(p, o->snaplen);
	pcap_set_timeout(p, READ_TIMEOUT_MS);
	/* Blocks (TPACKET_V3) by default: a packet takes only its own size
	 * in the ring.  Immediate mode (TPACKET_V2) gives every packet a
	 * frame of the full snapshot length, so the default 2 MB ring holds
	 * only 7 packets of 256 KiB and drops as soon as pcapture is not
	 * scheduled for a moment; it is used only for -U, where each packet
	 * is wanted at once. */
	pcap_set_immediate_mode(p, o->packet_buffered);
	if (o->buffer_size)
		pcap_set_buffer_size(p, o->buffer_size);
	status = pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);
	if (status != 0)
		open_failed(p, o->iface, status);

	status = pcap_activate(p);
	if (status < 0)
		open_failed(p, o->iface, status);
	if (status > 0) {
		const char *detail = pcap_geterr(p);
		warnx_("%s: %s%s%s%s", o->iface, pcap_statustostr(status),
		       *detail ? " (" : "", detail, *detail ? ")" : "");
	}
	if (pcap_get_tstamp_precision(p) != PCAP_TSTAMP_PRECISION_NANO)
		errx_(EXIT_FAIL, "%s: nanosecond timestamps are not available", o->iface);

	if (o->filter)
		install_filter(p, o->iface, o->filter);
	if (pcap_setnonblock(p, 1, errbuf) != 0)
		errx_(EXIT_FAIL, "%s: non-blocking mode: %s", o->iface, errbuf);
	if (pcap_get_selectable_fd(p) < 0)
		errx_(EXIT_FAIL, "%s: libpcap gives no descriptor to wait on", o->iface);
	return p;
}

void capture_announce(pcap_t *p, const char *iface)
{
	int dlt = pcap_datalink(p);
	const char *name = pcap_datalink_val_to_name(dlt);
	const char *descr = pcap_datalink_val_to_description(dlt);

	warnx_("listening on %s, link-type %s (%s), snapshot length %d bytes", iface,
	       name ? name : "unknown", descr ? descr : "unknown", pcap_snapshot(p));
}

/* --- the loop ------------------------------------------------------------- */

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct capture_run *run = (struct capture_run *)(void *)user;

	dumpbuf_add(&run->out, h, bytes);
	if (run->flush_each)
		(void)dumpbuf_flush(&run->out);
	run->counters.captured++;
}

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static bool count_reached(const struct capture_run *run)
{
	return run->count != 0 && run->counters.captured >= run->count;
}

/* Dispatches at most LIMIT packets (fewer if -c is nearer).  Returns what
 * pcap_dispatch() returns, after writing the batch out, so that what was
 * read is in the file (or the pipe) before the loop waits again: about one
 * block timeout behind the kernel at most, whatever the rate. */
static int dispatch(struct capture_run *run, int limit)
{
	int n;

	if (run->count != 0) {
		uint64_t left = run->count - run->counters.captured;
		if (limit < 0 || left < (uint64_t)limit)
			limit = left > INT_MAX ? INT_MAX : (int)left;
	}
	n = pcap_dispatch(run->p, limit, on_packet, (u_char *)run);
	if (n == PCAP_ERROR)
		snprintf(run->error, sizeof(run->error), "capture: %s", pcap_geterr(run->p));
	else if (dumpbuf_flush(&run->out) != 0) {
		snprintf(run->error, sizeof(run->error), "write error: %s", strerror(errno));
		n = PCAP_ERROR;
	}
	return n;
}

/* Reads what the kernel queued before the stop; bounded, see DRAIN_*.
 * Packets in a block the kernel has not retired yet become readable within
 * READ_TIMEOUT_MS, so the drain ends only when nothing became readable for
 * twice that long. */
static int drain(struct capture_run *run)
{
	struct pollfd pfd = { .fd = pcap_get_selectable_fd(run->p), .events = POLLIN };
	const struct timespec settle = { 0, 2 * READ_TIMEOUT_MS * 1000000L };

	for (int round = 0; round < DRAIN_ROUNDS && !count_reached(run); round++) {
		int n = dispatch(run, DRAIN_BATCH);
		if (n == PCAP_ERROR)
			return -1;
		/* PCAP_ERROR_BREAK: the signal's pcap_breakloop(), now
		 * consumed; the next round reads. */
		if (n > 0 || n == PCAP_ERROR_BREAK)
			continue;
		if (ppoll(&pfd, 1, &settle, &wait_mask) <= 0)
			break;
	}
	return 0;
}

void capture_stats_baseline(struct capture_run *run)
{
	if (pcap_stats(run->p, &run->baseline) != 0)
		memset(&run->baseline, 0, sizeof(run->baseline));
}

/* libpcap's counters are unsigned ints that may wrap once; the difference
 * taken in that type is right across one wrap. */
static void read_stats(struct capture_run *run)
{
	struct pcap_stat ps;

	if (pcap_stats(run->p, &ps) != 0)
		return;
	run->counters.received = (u_int)(ps.ps_recv - run->baseline.ps_recv);
	run->counters.dropped = (u_int)(ps.ps_drop - run->baseline.ps_drop);
	run->counters.ifdropped = (u_int)(ps.ps_ifdrop - run->baseline.ps_ifdrop);
	run->counters.have_stats = true;
	run->counters.have_ifdropped = !run->in_other_netns;
}

static enum capture_end wait_and_read(struct capture_run *run)
{
	uint64_t deadline = run->duration_ns ? monotonic_ns() + run->duration_ns : 0;
	struct pollfd pfd = { .fd = pcap_get_selectable_fd(run->p), .events = POLLIN };

	for (;;) {
		struct timespec left, *timeout = NULL;
		int n;

		if (stop_requested)
			return CAPTURE_SIGNAL;
		if (deadline) {
			uint64_t now = monotonic_ns();
			if (now >= deadline)
				return CAPTURE_DURATION;
			left.tv_sec = (time_t)((deadline - now) / 1000000000ULL);
			left.tv_nsec = (long)((deadline - now) % 1000000000ULL);
			timeout = &left;
		}
		n = ppoll(&pfd, 1, timeout, &wait_mask);
		if (n < 0 && errno != EINTR) {
			snprintf(run->error, sizeof(run->error), "poll: %s", strerror(errno));
			return CAPTURE_ERROR;
		}
		if (n <= 0)
			continue;
		n = dispatch(run, -1);
		if (n == PCAP_ERROR)
			return CAPTURE_ERROR;
		if (count_reached(run))
			return CAPTURE_COUNT;
		/* Readable but nothing read, and the socket reports an error
		 * libpcap did not: give up rather than spin. */
		if (n == 0 && (pfd.revents & (POLLERR | POLLHUP | POLLNVAL))) {
			snprintf(run->error, sizeof(run->error), "capture: the socket reports an error");
			return CAPTURE_ERROR;
		}
	}
}

enum capture_end capture_loop(struct capture_run *run)
{
	enum capture_end end;

	stop_handle = run->p;
	end = wait_and_read(run);
	if ((end == CAPTURE_SIGNAL || end == CAPTURE_DURATION) && drain(run) != 0)
		end = CAPTURE_ERROR;
	stop_handle = NULL;
	read_stats(run);
	return end;
}
