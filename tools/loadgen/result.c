#include "result.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

#define RESULT_MAGIC "loadgen-result 1"

static const struct field {
	const char *name;
	size_t off;
} fields[] = {
#define F(x) { #x, offsetof(struct lg_result, x) }
	F(rate_milli), F(size), F(reply_size), F(window_ns), F(start_ns), F(first_send_ns),
	F(sent), F(received), F(late), F(lost), F(errors), F(bytes_sent), F(bytes_received),
	F(interval_ns), F(cpu_spin_ppm), F(cpu_proc_ppm), F(cpu_window_ns),
	F(target_received), F(target_bytes),
#undef F
};

static uint64_t *field_ptr(struct lg_result *r, const struct field *f)
{
	return (uint64_t *)(void *)((char *)r + f->off);
}

/* The whole run's histograms, by their key in the marshalled form. */
static const struct hist_field {
	const char *name, *what;
	size_t off;
} hists[] = {
	{ "lat", "latency", offsetof(struct lg_result, lat) },
	{ "lag", "send lag", offsetof(struct lg_result, lag) },
	{ "rtt", "round trip", offsetof(struct lg_result, rtt) },
};
#define N_HISTS (sizeof(hists) / sizeof(hists[0]))

static struct histogram *hist_ptr(const struct lg_result *r, size_t i)
{
	return (struct histogram *)(void *)((char *)(uintptr_t)r + hists[i].off);
}

static int init_hists(struct lg_result *r)
{
	for (size_t i = 0; i < N_HISTS; i++)
		if (hist_init(hist_ptr(r, i)) != 0)
			return -1;
	return 0;
}

int result_init(struct lg_result *r, const char *test, uint64_t window_ns, uint64_t interval_ns)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->test, sizeof(r->test), "%s", test);
	r->window_ns = window_ns;
	if (interval_ns == 0)
		interval_ns = 1000000000ULL;
	if (window_ns / interval_ns >= RESULT_MAX_INTERVALS)
		interval_ns = window_ns / RESULT_MAX_INTERVALS + 1;
	r->interval_ns = interval_ns;
	r->n_iv = (size_t)((window_ns + interval_ns - 1) / interval_ns);
	if (init_hists(r) != 0)
		goto fail;
	r->iv = calloc(r->n_iv ? r->n_iv : 1, sizeof(*r->iv));
	if (!r->iv)
		goto fail;
	return 0;
fail:
	result_free(r);
	errno = ENOMEM;
	return -1;
}

void result_free(struct lg_result *r)
{
	for (size_t i = 0; i < N_HISTS; i++)
		hist_free(hist_ptr(r, i));
	for (size_t i = 0; r->iv && i < r->n_iv; i++)
		hist_free(&r->iv[i].lat);
	free(r->iv);
	r->iv = NULL;
	r->n_iv = 0;
}

struct lg_interval *result_interval(struct lg_result *r, uint64_t since_start_ns)
{
	size_t i = (size_t)(since_start_ns / r->interval_ns);

	return i < r->n_iv ? &r->iv[i] : NULL;
}

void result_record_latency(struct lg_result *r, struct lg_interval *iv, uint64_t ns)
{
	hist_record(&r->lat, ns);
	if (iv && (iv->lat.buckets || hist_init(&iv->lat) == 0))
		hist_record(&iv->lat, ns);
}

/* The uint64_t fields marshalled as "key value" lines. */

int result_merge(struct lg_result *dst, const struct lg_result *src)
{
	dst->sent += src->sent;
	dst->received += src->received;
	dst->late += src->late;
	dst->lost += src->lost;
	dst->errors += src->errors;
	dst->bytes_sent += src->bytes_sent;
	dst->bytes_received += src->bytes_received;
	if (src->first_send_ns && (!dst->first_send_ns || src->first_send_ns < dst->first_send_ns))
		dst->first_send_ns = src->first_send_ns;
	for (size_t i = 0; i < N_HISTS; i++)
		hist_merge(hist_ptr(dst, i), hist_ptr(src, i));
	for (size_t i = 0; i < src->n_iv && i < dst->n_iv; i++) {
		dst->iv[i].sent += src->iv[i].sent;
		dst->iv[i].received += src->iv[i].received;
		dst->iv[i].bytes += src->iv[i].bytes;
		if (src->iv[i].lat.buckets) {
			if (!dst->iv[i].lat.buckets && hist_init(&dst->iv[i].lat) != 0)
				return -1;
			hist_merge(&dst->iv[i].lat, &src->iv[i].lat);
		}
	}
	return 0;
}

static void put_hist(FILE *fp, const struct histogram *h)
{
	uint64_t bits = 0;

	if (!h->buckets || h->count == 0) {
		fputs(" 0", fp);
		return;
	}
	memcpy(&bits, &h->sumsq, sizeof(bits));
	fprintf(fp, " %llu %llu %llu %llu %llu", (unsigned long long)h->count,
		(unsigned long long)h->min, (unsigned long long)h->max,
		(unsigned long long)h->sum, (unsigned long long)bits);
	for (size_t i = 0; i < HIST_BUCKETS; i++)
		if (h->buckets[i])
			fprintf(fp, " %zu:%llu", i, (unsigned long long)h->buckets[i]);
}

int result_marshall(const struct lg_result *r, char **data, size_t *len)
{
	FILE *fp = open_memstream(data, len);

	if (!fp)
		return -1;
	fprintf(fp, "%s\ntest %s\n", RESULT_MAGIC, r->test);
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		fprintf(fp, "%s %llu\n", fields[i].name,
			(unsigned long long)*field_ptr((struct lg_result *)(uintptr_t)r, &fields[i]));
	fprintf(fp, "has_cpu %d\nintervals %zu\n", r->has_cpu, r->n_iv);
	for (size_t i = 0; i < N_HISTS; i++) {
		fputs(hists[i].name, fp);
		put_hist(fp, hist_ptr(r, i));
		fputc('\n', fp);
	}
	for (size_t i = 0; i < r->n_iv; i++) {
		const struct lg_interval *iv = &r->iv[i];
		fprintf(fp, "iv %zu %llu %llu %llu", i, (unsigned long long)iv->sent,
			(unsigned long long)iv->received, (unsigned long long)iv->bytes);
		put_hist(fp, &iv->lat);
		fputc('\n', fp);
	}
	fputs("end\n", fp);
	return fclose(fp) == 0 ? 0 : -1;
}

/* A token of a line being read, as a number. */
static int next_u64(char **save, uint64_t max, uint64_t *v)
{
	char *t = strtok_r(NULL, " ", save);

	return t && parse_u64(t, 0, max, v) == 0 ? 0 : -1;
}

static int get_hist(char **save, struct histogram *h)
{
	uint64_t count, min, max, sum, bits, total = 0;
	char *t;

	if (next_u64(save, UINT64_MAX, &count) != 0)
		return -1;
	if (count == 0)
		return strtok_r(NULL, " ", save) ? -1 : 0;
	if (!h->buckets && hist_init(h) != 0)
		return -1;
	if (next_u64(save, UINT64_MAX, &min) || next_u64(save, UINT64_MAX, &max) ||
	    next_u64(save, UINT64_MAX, &sum) || next_u64(save, UINT64_MAX, &bits) || min > max)
		return -1;
	while ((t = strtok_r(NULL, " ", save)) != NULL) {
		char *colon = strchr(t, ':');
		uint64_t idx, n;
		if (!colon)
			return -1;
		*colon = '\0';
		if (parse_u64(t, 0, HIST_BUCKETS - 1, &idx) || parse_u64(colon + 1, 1, UINT64_MAX, &n) ||
		    n > count - total)
			return -1;
		h->buckets[idx] += n;
		total += n;
	}
	if (total != count || hist_index(min) >= HIST_BUCKETS)
		return -1;
	h->count = count;
	h->min = min;
	h->max = max;
	h->sum = sum;
	memcpy(&h->sumsq, &bits, sizeof(bits));
	return 0;
}

static int parse_line(struct lg_result *r, char *line, char *err, size_t errlen)
{
	char *save = NULL, *key = strtok_r(line, " ", &save);
	uint64_t v, idx;

	if (!key)
		return 0;
	if (strcmp(key, "test") == 0) {
		char *t = strtok_r(NULL, " ", &save);
		if (!t || strlen(t) >= sizeof(r->test))
			goto bad;
		snprintf(r->test, sizeof(r->test), "%s", t);
		return 0;
	}
	for (size_t i = 0; i < N_HISTS; i++)
		if (strcmp(key, hists[i].name) == 0)
			return get_hist(&save, hist_ptr(r, i)) == 0 ? 0
				: (snprintf(err, errlen, "bad %s histogram", hists[i].what), -1);
	if (strcmp(key, "has_cpu") == 0) {
		if (next_u64(&save, 1, &v))
			goto bad;
		r->has_cpu = (int)v;
		return 0;
	}
	if (strcmp(key, "intervals") == 0) {
		if (r->iv || next_u64(&save, RESULT_MAX_INTERVALS, &v))
			goto bad;
		r->n_iv = (size_t)v;
		r->iv = calloc(v ? v : 1, sizeof(*r->iv));
		return r->iv ? 0 : (snprintf(err, errlen, "out of memory"), -1);
	}
	if (strcmp(key, "iv") == 0) {
		if (next_u64(&save, RESULT_MAX_INTERVALS, &idx) || idx >= r->n_iv)
			goto bad;
		struct lg_interval *iv = &r->iv[idx];
		if (next_u64(&save, UINT64_MAX, &iv->sent) || next_u64(&save, UINT64_MAX, &iv->received) ||
		    next_u64(&save, UINT64_MAX, &iv->bytes) || get_hist(&save, &iv->lat))
			goto bad;
		return 0;
	}
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(key, fields[i].name) == 0) {
			if (next_u64(&save, UINT64_MAX, field_ptr(r, &fields[i])) || strtok_r(NULL, " ", &save))
				goto bad;
			return 0;
		}
	return 0;   /* unknown keys are a newer peer's: skipped */
bad:
	snprintf(err, errlen, "bad '%s' line", key);
	return -1;
}

int result_unmarshall(const char *data, size_t len, struct lg_result *r, char *err, size_t errlen)
{
	char *copy, *save = NULL, *line;
	int rc = -1, ended = 0;

	memset(r, 0, sizeof(*r));
	if (init_hists(r) != 0 || !(copy = malloc(len + 1))) {
		snprintf(err, errlen, "out of memory");
		result_free(r);
		return -1;
	}
	memcpy(copy, data, len);
	copy[len] = '\0';
	if (strlen(copy) != len || strncmp(copy, RESULT_MAGIC "\n", sizeof(RESULT_MAGIC)) != 0) {
		snprintf(err, errlen, "not a loadgen result");
		goto out;
	}
	strtok_r(copy, "\n", &save);
	while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
		if (strcmp(line, "end") == 0) {
			ended = 1;
			break;
		}
		if (parse_line(r, line, err, errlen) != 0)
			goto out;
	}
	if (!ended) {
		snprintf(err, errlen, "truncated result (no end line)");
		goto out;
	}
	if (!r->test[0]) {
		snprintf(err, errlen, "no test line");
		goto out;
	}
	if (!r->iv && !(r->iv = calloc(1, sizeof(*r->iv)))) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (r->interval_ns == 0)
		r->interval_ns = 1000000000ULL;
	rc = 0;
out:
	free(copy);
	if (rc != 0)
		result_free(r);
	return rc;
}
