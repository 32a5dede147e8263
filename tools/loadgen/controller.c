/* loadgen run: the controller.  It checks the test's arguments itself
 * (an error before anything is sent), connects to every daemon, loads and
 * sets up the test on each, agrees one start time in the future, starts
 * the target's meter over exactly the measurement window, collects the
 * marshalled results, and prints the aggregate.  With no -c it runs the
 * test in its own process. */
#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "commands.h"
#include "err.h"
#include "loadgen.h"
#include "net.h"
#include "output.h"
#include "parse.h"
#include "proto.h"
#include "result.h"

#define MAX_PEERS 64
#define CONNECT_TIMEOUT_NS 5000000000ULL
#define REPLY_TIMEOUT_NS 10000000000ULL

struct peer {
	const char *spec;
	char host[256];
	uint16_t port;
	struct proto_conn c;
	int fd;
	int ext;                  /* speaks sonde/1: START takes a time */
	int failed;
	char why[300];
	struct lg_result res;
	int have_res;
};

struct run {
	const struct lg_test *test, *ttest;
	const char *args, *targs, *target_addr;
	struct lg_params p;
	struct peer clients[MAX_PEERS];
	size_t nclients;
	struct peer meter;
	int have_meter;
	uint64_t start_delay_ns;
	struct lg_outputs out;
};

static void fail_peer(struct peer *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail_peer(struct peer *p, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;
	p->failed = 1;
	va_start(ap, fmt);
	vsnprintf(p->why, sizeof(p->why), fmt, ap);
	va_end(ap);
	warnx_("run: %s: %s", p->spec, p->why);
}

/* Sends a command and reads the status line; returns the status or -1. */
static int ask(struct peer *p, uint64_t timeout_ns, char *reply, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static int ask(struct peer *p, uint64_t timeout_ns, char *reply, size_t cap, const char *fmt, ...)
{
	char line[PROTO_LINE_MAX + 1];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (proto_printf(&p->c, "%s", line) != 0 ||
	    proto_read_line(&p->c, reply, cap, mono_ns() + timeout_ns) < 0) {
		fail_peer(p, "connection lost: %s", strerror(errno));
		return -1;
	}
	int st = proto_status(reply);
	if (st < 0)
		fail_peer(p, "not an ipbench reply: '%.80s'", reply);
	return st;
}

static int peer_connect(struct peer *p, uint16_t default_port)
{
	char err[256], line[PROTO_LINE_MAX + 1];
	struct net_addr a;

	p->port = default_port;
	p->fd = -1;
	if (net_split_hostport(p->spec, p->host, sizeof(p->host), &p->port) != 0)
		usage_error("run: '%s': not host[:port]", p->spec);
	if (net_resolve(p->host, p->port, SOCK_STREAM, &a, err, sizeof(err)) != 0 ||
	    (p->fd = net_connect(&a, SOCK_STREAM, CONNECT_TIMEOUT_NS, err, sizeof(err))) < 0) {
		fail_peer(p, "%s", err);
		return -1;
	}
	proto_init(&p->c, p->fd);
	if (proto_read_line(&p->c, line, sizeof(line), mono_ns() + CONNECT_TIMEOUT_NS) < 0 ||
	    proto_status(line) != ST_BANNER) {
		fail_peer(p, "no ipbench banner (%s)", errno ? strerror(errno) : line);
		return -1;
	}
	if (ask(p, REPLY_TIMEOUT_NS, line, sizeof(line), "HELLO") != ST_OK) {
		fail_peer(p, "HELLO refused: %s", line);
		return -1;
	}
	/* sonde's extension is asked for; an ipbench daemon says no. */
	int st = ask(p, REPLY_TIMEOUT_NS, line, sizeof(line), "EXT %s", PROTO_EXT);
	if (st < 0)
		return -1;
	p->ext = st == ST_OK;
	return 0;
}

static int peer_setup(struct peer *p, const struct lg_test *t, const char *hostport, const char *args)
{
	char line[PROTO_LINE_MAX + 1], qargs[PROTO_LINE_MAX / 2], host[256] = "", qhost[600] = "";
	uint16_t port = 0;

	if (ask(p, REPLY_TIMEOUT_NS, line, sizeof(line), "LOAD %s", t->name) != ST_OK) {
		fail_peer(p, "LOAD refused: %s", line);
		return -1;
	}
	if (proto_quote(args, qargs, sizeof(qargs)) != 0)
		usage_error("run: arguments too long");
	if (hostport && net_split_hostport(hostport, host, sizeof(host), &port) == 0)
		proto_quote(host, qhost, sizeof(qhost));
	if (ask(p, REPLY_TIMEOUT_NS + 5000000000ULL, line, sizeof(line), "SETUP hostname::\"%s\" port::\"%u\" args::\"%s\"",
		qhost, port ? port : 7, qargs) != ST_OK) {
		fail_peer(p, "%s", line);
		return -1;
	}
	return 0;
}

/* Reads a STOP's 220 reply and its data into p->res. */
static int peer_collect(struct peer *p, const struct lg_test *t, uint64_t deadline)
{
	char line[PROTO_LINE_MAX + 1], err[256];
	size_t len;

	if (p->failed)
		return -1;
	if (proto_printf(&p->c, "STOP") != 0 || proto_read_line(&p->c, line, sizeof(line), deadline) < 0) {
		fail_peer(p, "no result: %s", errno == ETIMEDOUT ? "timed out" : "connection lost");
		return -1;
	}
	if (proto_status(line) != ST_DATA) {
		fail_peer(p, "no result: %s", line);
		return -1;
	}
	if (proto_read_line(&p->c, line, sizeof(line), deadline) < 0 || proto_content_length(line, &len) != 0) {
		fail_peer(p, "bad Content-length line: '%.80s'", line);
		return -1;
	}
	char *data = malloc(len ? len : 1);
	if (!data || proto_read_data(&p->c, data, len, deadline) != 0) {
		free(data);
		fail_peer(p, "result cut short: %s", strerror(errno));
		return -1;
	}
	int rc = t->unmarshall(data, len, &p->res, err, sizeof(err));
	free(data);
	if (rc != 0) {
		fail_peer(p, "bad result: %s", err);
		return -1;
	}
	snprintf(p->res.source, sizeof(p->res.source), "%s", p->spec);
	p->have_res = 1;
	return 0;
}

static void peer_quit(struct peer *p)
{
	char line[PROTO_LINE_MAX + 1];

	if (p->fd < 0)
		return;
	if (!p->failed)
		ask(p, 1000000000ULL, line, sizeof(line), "QUIT");
	close(p->fd);
	p->fd = -1;
}

/* Checks a test's arguments here, so a mistake is reported before any
 * daemon is touched.  Exits 2 on error. */
static void check_args(const struct lg_test *t, const char *target_addr, const char *args, struct lg_params *p)
{
	char err[256], host[256];
	void *st;

	params_defaults(p);
	if (target_addr) {
		if (net_split_hostport(target_addr, host, sizeof(host), &p->port) != 0)
			usage_error("run: -s '%s': not host[:port]", target_addr);
		snprintf(p->host, sizeof(p->host), "%s", host);
	}
	if (params_parse(p, args, t->keys, err, sizeof(err)) != 0 || !(st = t->setup(p, 1, err, sizeof(err))))
		usage_error("run: %s: %s", t->name, err);
	t->destroy(st);
}

/* Runs the test in this process (no -c): the same plugin calls. */
static void run_local(struct run *r, struct peer *p, uint64_t start)
{
	char err[256], *data = NULL;
	size_t len;
	struct lg_window w = { start, 0 };
	void *st = r->test->setup(&r->p, 0, err, sizeof(err));

	p->spec = "local";
	p->fd = -1;
	if (!st) {
		fail_peer(p, "%s", err);
		return;
	}
	if (r->test->start(st, &w, err, sizeof(err)) != 0)
		fail_peer(p, "%s", err);
	else if (r->test->marshall(st, &data, &len) != 0 || r->test->unmarshall(data, len, &p->res, err, sizeof(err)) != 0)
		fail_peer(p, "%s", "cannot marshall the result");
	else
		p->have_res = 1;
	free(data);
	r->test->destroy(st);
}

static noreturn void usage(int status)
{
	FILE *fp = status ? stderr : stdout;
	fprintf(fp,
		"usage: loadgen run -t test [-a args] [-s target[:port]] [-c daemon[:port]]...\n"
		"                   [-m daemon[:port] [-M meter] [-A args]] [-S delay] [-q]\n"
		"                   [-o csv] [-i intervals.tsv] [-d distribution.tsv] [-T summary.tsv]\n"
		"  -t test     the client test (loadgen list)\n"
		"  -a args     its arguments, key=value,...\n"
		"  -s target   the address the clients load (sets host= and port=)\n"
		"  -c daemon   a tester daemon (repeat for more); none: run here\n"
		"  -m daemon   the target's daemon, for the CPU meter\n"
		"  -M meter    the target plugin: cpu (default), echo or sink\n"
		"  -A args     the target plugin's arguments\n"
		"  -S delay    from the end of set-up to the agreed start (default 500ms)\n"
		"  -o file     one CSV line with ipbench's columns\n"
		"  -i file     TSV, one line per interval\n"
		"  -d file     TSV, the latency distribution\n"
		"  -T file     TSV, the summary's figures (a header and one line)\n"
		"  -q          no summary on stdout\n"
		"  -h          this help\n");
	if (status == 0)
		close_stdout();
	exit(status);
}

static void parse_options(struct run *r, int argc, char **argv)
{
	const char *meter = NULL, *meter_plugin = "cpu";
	int opt;

	r->args = r->targs = "";
	r->start_delay_ns = 500000000ULL;
	while ((opt = getopt(argc, argv, "A:a:c:d:hi:M:m:o:qS:s:T:t:")) != -1) {
		switch (opt) {
		case 'A': r->targs = optarg; break;
		case 'a': r->args = optarg; break;
		case 'c':
			if (r->nclients >= MAX_PEERS)
				usage_error("run: at most %d daemons", MAX_PEERS);
			r->clients[r->nclients++].spec = optarg;
			break;
		case 'd': r->out.distribution = optarg; break;
		case 'i': r->out.intervals = optarg; break;
		case 'M': meter_plugin = optarg; break;
		case 'm': meter = optarg; break;
		case 'o': r->out.csv = optarg; break;
		case 'q': r->out.quiet = 1; break;
		case 'S': r->start_delay_ns = opt_duration_ns('S', optarg, 0, 60000000000ULL); break;
		case 's': r->target_addr = optarg; break;
		case 'T': r->out.summary = optarg; break;
		case 't':
			if (!(r->test = lg_find_test(optarg)) || r->test->side != LG_CLIENT)
				usage_error("run: -t %s: no such client test (loadgen list)", optarg);
			break;
		case 'h': usage(0);
		default: usage(2);
		}
	}
	if (optind != argc)
		usage_error("run: unexpected argument '%s'", argv[optind]);
	if (!r->test)
		usage_error("run: which test? (-t)");
	check_args(r->test, r->target_addr, r->args, &r->p);
	if (meter) {
		struct lg_params tp;
		if (!(r->ttest = lg_find_test(meter_plugin)) || r->ttest->side != LG_TARGET)
			usage_error("run: -M %s: no such target plugin (loadgen list)", meter_plugin);
		check_args(r->ttest, NULL, r->targs, &tp);
		r->meter.spec = meter;
		r->have_meter = 1;
	} else if (*r->targs) {
		usage_error("run: -A needs -m");
	}
}

static size_t answered(const struct run *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nclients; i++)
		n += r->clients[i].have_res != 0;
	return n;
}

int run_main(int argc, char **argv)
{
	static struct run r;
	char line[PROTO_LINE_MAX + 1];
	int partial = 0;

	parse_options(&r, argc, argv);
	for (size_t i = 0; i < r.nclients; i++)
		r.clients[i].fd = -1;
	r.meter.fd = -1;

	/* Set-up: every daemon, before any load. */
	int setup_failed = 0;
	if (r.have_meter && (peer_connect(&r.meter, PROTO_PORT) != 0 || peer_setup(&r.meter, r.ttest, NULL, r.targs) != 0))
		setup_failed = 1;
	for (size_t i = 0; i < r.nclients && !setup_failed; i++)
		if (peer_connect(&r.clients[i], PROTO_PORT) != 0 ||
		    peer_setup(&r.clients[i], r.test, r.target_addr, r.args) != 0)
			setup_failed = 1;
	if (setup_failed) {
		for (size_t i = 0; i < r.nclients; i++)
			peer_quit(&r.clients[i]);
		peer_quit(&r.meter);
		errx_(EXIT_FAIL, "run: set-up failed, nothing was started");
	}

	/* The agreed start, and the window the meter measures. */
	uint64_t start = real_ns() + r.start_delay_ns;
	uint64_t wstart = start + r.p.warmup_ns, wend = wstart + r.p.duration_ns;
	uint64_t total = r.p.warmup_ns + r.p.duration_ns + r.p.cooldown_ns;
	uint64_t deadline = mono_at_real(start) + total + 2 * r.p.timeout_ns + REPLY_TIMEOUT_NS;

	for (size_t i = 0; i < r.nclients; i++) {
		struct peer *p = &r.clients[i];
		if (p->ext && ask(p, REPLY_TIMEOUT_NS, line, sizeof(line), "START %llu", (unsigned long long)start) != ST_OK)
			fail_peer(p, "START refused: %s", line);
	}
	if (r.have_meter && r.meter.ext &&
	    ask(&r.meter, REPLY_TIMEOUT_NS, line, sizeof(line), "START %llu %llu", (unsigned long long)wstart,
		(unsigned long long)wend) != ST_OK)
		fail_peer(&r.meter, "START refused: %s", line);
	/* Plain ipbench daemons are told at the moment itself. */
	sleep_until_mono(mono_at_real(start));
	for (size_t i = 0; i < r.nclients; i++) {
		struct peer *p = &r.clients[i];
		if (!p->ext && !p->failed && ask(p, REPLY_TIMEOUT_NS, line, sizeof(line), "START") != ST_OK)
			fail_peer(p, "START refused: %s", line);
	}
	if (r.have_meter && !r.meter.ext) {
		sleep_until_mono(mono_at_real(wstart));
		if (ask(&r.meter, REPLY_TIMEOUT_NS, line, sizeof(line), "START") != ST_OK)
			fail_peer(&r.meter, "START refused: %s", line);
		sleep_until_mono(mono_at_real(wend));
		peer_collect(&r.meter, r.ttest, mono_ns() + REPLY_TIMEOUT_NS);
	}
	if (r.nclients == 0) {
		run_local(&r, &r.clients[0], start);
		r.nclients = 1;
	}
	for (size_t i = 0; i < r.nclients; i++)
		if (r.clients[i].fd >= 0)
			peer_collect(&r.clients[i], r.test, deadline);
	if (r.have_meter && r.meter.ext) {
		sleep_until_mono(mono_at_real(wend));
		peer_collect(&r.meter, r.ttest, mono_ns() + REPLY_TIMEOUT_NS);
	}

	struct lg_result *res[MAX_PEERS];
	for (size_t i = 0; i < r.nclients; i++) {
		res[i] = r.clients[i].have_res ? &r.clients[i].res : NULL;
		partial |= !r.clients[i].have_res;
	}
	if (r.have_meter && !r.meter.have_res)
		partial = 1;
	r.test->output(res, r.nclients, r.have_meter && r.meter.have_res ? &r.meter.res : NULL, &r.out, partial);
	for (size_t i = 0; i < r.nclients; i++) {
		peer_quit(&r.clients[i]);
		if (r.clients[i].have_res)
			result_free(&r.clients[i].res);
	}
	peer_quit(&r.meter);
	if (partial)
		warnx_("run: the result is partial: %zu of %zu clients%s answered", answered(&r), r.nclients,
		       r.have_meter && !r.meter.have_res ? " and not the target's meter" : "");
	if (r.meter.have_res)
		result_free(&r.meter.res);
	close_stdout();
	return partial || output_failed ? EXIT_FAIL : EXIT_OK;
}
