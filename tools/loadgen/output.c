#include "output.h"

#include <stdio.h>
#include <string.h>

#include "err.h"
#include "outfile.h"
#include "result.h"

int output_failed;

static int is_stream(const struct lg_result *r)
{
	return strstr(r->test, "stream") != NULL;
}

static double per_s(uint64_t count, uint64_t window_ns)
{
	return window_ns ? (double)count * 1e9 / (double)window_ns : 0;
}

static double us(uint64_t ns)
{
	return (double)ns / 1000.0;
}

static void summary(FILE *fp, const struct lg_result *a, size_t n, size_t answered, double requested,
		    uint64_t skew, const struct lg_result *t)
{
	double w = (double)a->window_ns / 1e9;

	fprintf(fp, "%s: %zu client%s%s, window %.3f s\n", a->test, answered, answered == 1 ? "" : "s",
		answered < n ? " (PARTIAL: some clients returned no result)" : "", w);
	if (requested > 0)
		fprintf(fp, "rate: requested %.1f/s, sent %.1f/s, achieved %.1f/s\n", requested,
			per_s(a->sent, a->window_ns), per_s(is_stream(a) ? a->sent : a->received, a->window_ns));
	else
		fprintf(fp, "rate: unlimited, sent %.1f/s\n", per_s(a->sent, a->window_ns));
	fprintf(fp, "%s: sent %llu, received %llu, late %llu, lost %llu, errors %llu\n",
		is_stream(a) ? "messages" : "requests", (unsigned long long)a->sent,
		(unsigned long long)a->received, (unsigned long long)a->late, (unsigned long long)a->lost,
		(unsigned long long)a->errors);
	if (a->lat.count) {
		const struct histogram *h = &a->lat;
		fprintf(fp, "latency (us): min %.1f, mean %.1f, stddev %.1f, max %.1f\n", us(h->min), hist_mean(h) / 1000,
			hist_stddev(h) / 1000, us(h->max));
		fprintf(fp, "latency (us): p50 %.1f, p90 %.1f, p99 %.1f, p99.9 %.1f, p99.99 %.1f\n",
			us(hist_percentile(h, 50)), us(hist_percentile(h, 90)), us(hist_percentile(h, 99)),
			us(hist_percentile(h, 99.9)), us(hist_percentile(h, 99.99)));
	}
	if (a->lag.count)
		fprintf(fp, "send lag (us): p50 %.1f, p99 %.1f, p99.9 %.1f, max %.1f\n", us(hist_percentile(&a->lag, 50)),
			us(hist_percentile(&a->lag, 99)), us(hist_percentile(&a->lag, 99.9)), us(a->lag.max));
	if (a->rtt.count)
		fprintf(fp, "round trip from the send (us): min %.1f, p50 %.1f, p90 %.1f, p99 %.1f, p99.9 %.1f, max %.1f\n",
			us(a->rtt.min), us(hist_percentile(&a->rtt, 50)), us(hist_percentile(&a->rtt, 90)),
			us(hist_percentile(&a->rtt, 99)), us(hist_percentile(&a->rtt, 99.9)), us(a->rtt.max));
	fprintf(fp, "throughput (Mbit/s): sent %.3f, received %.3f\n", per_s(a->bytes_sent * 8, a->window_ns) / 1e6,
		per_s(a->bytes_received * 8, a->window_ns) / 1e6);
	if (answered > 1)
		fprintf(fp, "start skew: %.3f ms between the clients' first sends\n", (double)skew / 1e6);
	if (t && t->has_cpu)
		fprintf(fp, "target: cpu %.1f%% (spin), %.1f%% (/proc/stat) over %.3f s; received %llu messages, %llu bytes\n",
			(double)t->cpu_spin_ppm / 1e4, (double)t->cpu_proc_ppm / 1e4, (double)t->cpu_window_ns / 1e9,
			(unsigned long long)t->target_received, (unsigned long long)t->target_bytes);
}

/* ipbench's latency columns: throughputs in bit/s, latencies in us, then
 * the target's CPU utilisation (%) when a meter ran. */
static void csv_line(FILE *fp, const struct lg_result *a, double requested, const struct lg_result *t)
{
	double bits = (double)a->size * 8;
	uint64_t done = is_stream(a) ? a->sent : a->received;

	fprintf(fp, "%.0f,%.0f,%.0f,%llu,%.3f,%.3f,%.3f,%.3f,%.3f", requested * bits, per_s(done, a->window_ns) * bits,
		per_s(a->sent, a->window_ns) * bits, (unsigned long long)a->size, us(a->lat.count ? a->lat.min : 0),
		hist_mean(&a->lat) / 1000, us(a->lat.max), hist_stddev(&a->lat) / 1000, us(hist_percentile(&a->lat, 50)));
	if (t && t->has_cpu)
		fprintf(fp, ",%.2f", (double)t->cpu_spin_ppm / 1e4);
	fputc('\n', fp);
}

static void intervals_tsv(FILE *fp, const struct lg_result *a)
{
	fputs("time_ns\tinterval_ns\tsent\treceived\tsent_per_s\treceived_per_s\tbits_per_s\tp50_ns\tp99_ns\tmax_ns\n", fp);
	for (size_t i = 0; i < a->n_iv; i++) {
		const struct lg_interval *iv = &a->iv[i];
		uint64_t len = a->interval_ns;
		if ((i + 1) * len > a->window_ns)
			len = a->window_ns - i * len;
		const struct histogram *h = iv->lat.buckets ? &iv->lat : NULL;
		uint64_t bytes = is_stream(a) ? iv->bytes : iv->received * a->reply_size;
		fprintf(fp, "%llu\t%llu\t%llu\t%llu\t%.1f\t%.1f\t%.0f\t%llu\t%llu\t%llu\n",
			(unsigned long long)(a->start_ns + i * a->interval_ns), (unsigned long long)len,
			(unsigned long long)iv->sent, (unsigned long long)iv->received, per_s(iv->sent, len),
			per_s(iv->received, len), per_s(bytes * 8, len),
			(unsigned long long)(h ? hist_percentile(h, 50) : 0), (unsigned long long)(h ? hist_percentile(h, 99) : 0),
			(unsigned long long)(h ? h->max : 0));
	}
}

static void distribution_tsv(FILE *fp, const struct histogram *h)
{
	uint64_t seen = 0;

	fputs("latency_ns\tcount\tcumulative\tpercentile\n", fp);
	for (size_t i = 0; h->count && i < HIST_BUCKETS; i++) {
		if (!h->buckets[i])
			continue;
		seen += h->buckets[i];
		uint64_t v = hist_bucket_high(i);
		if (v > h->max)
			v = h->max;
		fprintf(fp, "%llu\t%llu\t%llu\t%.6f\n", (unsigned long long)v, (unsigned long long)h->buckets[i],
			(unsigned long long)seen, 100.0 * (double)seen / (double)h->count);
	}
}

/* Everything the summary says, for the summary TSV's one line. */
struct summary_ctx {
	const struct lg_result *a, *t;
	size_t n, answered;
	int partial;
	double requested;
	uint64_t skew;
};

/* A latency column: empty when there were no samples. */
static void ns_col(FILE *fp, const struct histogram *h, double p)
{
	if (h->count)
		fprintf(fp, "\t%llu", (unsigned long long)(p > 0 ? hist_percentile(h, p) : h->min));
	else
		fputc('\t', fp);
}

static void summary_tsv(FILE *fp, const struct summary_ctx *c)
{
	const struct lg_result *a = c->a, *t = c->t && c->t->has_cpu ? c->t : NULL;
	const struct histogram *h = &a->lat;

	fputs("test\tclients\tanswered\tpartial\twindow_ns\tsize\trequested_per_s\tsent_per_s\tachieved_per_s"
	      "\tsent\treceived\tlate\tlost\terrors\tsent_bits_per_s\treceived_bits_per_s"
	      "\tmin_ns\tmean_ns\tp50_ns\tp90_ns\tp99_ns\tp99_9_ns\tp99_99_ns\tmax_ns\tstddev_ns"
	      "\tlag_p50_ns\tlag_p99_ns\tlag_max_ns\tstart_skew_ns"
	      "\tcpu_spin_pct\tcpu_proc_pct\tcpu_window_ns\ttarget_received\ttarget_bytes"
	      "\trtt_p50_ns\trtt_p99_ns\n", fp);
	fprintf(fp, "%s\t%zu\t%zu\t%d\t%llu\t%llu\t%.3f\t%.3f\t%.3f\t%llu\t%llu\t%llu\t%llu\t%llu\t%.0f\t%.0f",
		a->test, c->n, c->answered, c->partial, (unsigned long long)a->window_ns, (unsigned long long)a->size,
		c->requested, per_s(a->sent, a->window_ns), per_s(is_stream(a) ? a->sent : a->received, a->window_ns),
		(unsigned long long)a->sent, (unsigned long long)a->received, (unsigned long long)a->late,
		(unsigned long long)a->lost, (unsigned long long)a->errors, per_s(a->bytes_sent * 8, a->window_ns),
		per_s(a->bytes_received * 8, a->window_ns));
	ns_col(fp, h, 0);
	if (h->count)
		fprintf(fp, "\t%.0f", hist_mean(h));
	else
		fputc('\t', fp);
	static const double pcts[] = { 50, 90, 99, 99.9, 99.99, 100 };
	for (size_t i = 0; i < sizeof(pcts) / sizeof(pcts[0]); i++)
		ns_col(fp, h, pcts[i]);
	if (h->count)
		fprintf(fp, "\t%.0f", hist_stddev(h));
	else
		fputc('\t', fp);
	ns_col(fp, &a->lag, 50);
	ns_col(fp, &a->lag, 99);
	ns_col(fp, &a->lag, 100);
	fprintf(fp, "\t%llu", (unsigned long long)c->skew);
	if (t)
		fprintf(fp, "\t%.2f\t%.2f\t%llu\t%llu\t%llu", (double)t->cpu_spin_ppm / 1e4,
			(double)t->cpu_proc_ppm / 1e4, (unsigned long long)t->cpu_window_ns,
			(unsigned long long)t->target_received, (unsigned long long)t->target_bytes);
	else
		fputs("\t\t\t\t\t", fp);
	ns_col(fp, &a->rtt, 50);
	ns_col(fp, &a->rtt, 99);
	fputc('\n', fp);
}

/* Writes one output file through a temporary renamed into place. */
static void write_file(const char *path, void (*fn)(FILE *, const void *, const void *, double), const void *a,
		       const void *b, double x)
{
	struct outfile of;

	if (!path)
		return;
	if (outfile_open(&of, path) != 0) {
		warn_("%s", path);
		output_failed = 1;
		return;
	}
	fn(of.fp, a, b, x);
	if (outfile_commit(&of) != 0) {
		warn_("%s", outfile_name(&of));
		output_failed = 1;
	}
}

static void csv_fn(FILE *fp, const void *a, const void *t, double requested)
{
	csv_line(fp, a, requested, t);
}

static void intervals_fn(FILE *fp, const void *a, const void *unused, double x)
{
	(void)unused, (void)x;
	intervals_tsv(fp, a);
}

static void summary_fn(FILE *fp, const void *c, const void *unused, double x)
{
	(void)unused, (void)x;
	summary_tsv(fp, c);
}

static void distribution_fn(FILE *fp, const void *a, const void *unused, double x)
{
	(void)unused, (void)x;
	distribution_tsv(fp, &((const struct lg_result *)a)->lat);
}

void output_client(struct lg_result *const res[], size_t n, const struct lg_result *target,
		   const struct lg_outputs *out, int partial)
{
	struct lg_result all;
	const struct lg_result *first = NULL;
	double requested = 0;
	uint64_t lo = UINT64_MAX, hi = 0;
	size_t answered = 0;

	for (size_t i = 0; i < n; i++)
		if (res[i] && !first)
			first = res[i];
	if (!first || result_init(&all, first->test, first->window_ns, first->interval_ns) != 0) {
		warnx_("no client returned a result");
		output_failed = 1;
		return;
	}
	all.size = first->size;
	all.reply_size = first->reply_size;
	all.start_ns = first->start_ns;
	for (size_t i = 0; i < n; i++) {
		if (!res[i])
			continue;
		answered++;
		requested += (double)res[i]->rate_milli / 1000;
		if (result_merge(&all, res[i]) != 0)
			output_failed = 1;
		if (res[i]->first_send_ns) {
			lo = res[i]->first_send_ns < lo ? res[i]->first_send_ns : lo;
			hi = res[i]->first_send_ns > hi ? res[i]->first_send_ns : hi;
		}
	}
	struct summary_ctx ctx = { &all, target, n, answered, partial, requested, hi >= lo ? hi - lo : 0 };
	if (!out->quiet)
		summary(stdout, &all, n, answered, requested, ctx.skew, target);
	write_file(out->summary, summary_fn, &ctx, NULL, 0);
	write_file(out->csv, csv_fn, &all, target, requested);
	write_file(out->intervals, intervals_fn, &all, NULL, 0);
	write_file(out->distribution, distribution_fn, &all, NULL, 0);
	result_free(&all);
}
