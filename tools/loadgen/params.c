#include "params.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

void params_defaults(struct lg_params *p)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->host, sizeof(p->host), "127.0.0.1");
	p->port = 7;
	p->rate = 1000;
	p->size = 64;
	p->duration_ns = 10000000000ULL;
	p->timeout_ns = 1000000000ULL;
	p->interval_ns = 1000000000ULL;
	p->connections = 1;
	p->dist = DIST_CONSTANT;
	p->persistent = 1;
	p->spin_ns = LG_SPIN_NS;
}

static const struct key {
	const char *name;
	unsigned bit;
} keys[] = {
	{ "host", PK_HOST }, { "port", PK_PORT }, { "rate", PK_RATE }, { "size", PK_SIZE },
	{ "reply", PK_REPLY }, { "duration", PK_DURATION }, { "warmup", PK_WARMUP },
	{ "cooldown", PK_COOLDOWN }, { "timeout", PK_TIMEOUT }, { "connections", PK_CONNS },
	{ "dist", PK_DIST }, { "persistent", PK_PERSISTENT }, { "interval", PK_INTERVAL },
	{ "seed", PK_SEED }, { "delay", PK_DELAY }, { "proto", PK_PROTO }, { "spin", PK_SPIN },
	{ "pace", PK_PACE },
};

/* A rate: a whole or decimal number of requests per second, "0" allowed
 * (as fast as possible).  Decimal digits are read through parse_u64 so
 * every number still goes through the one checked parser. */
static int parse_rate(const char *s, double *out)
{
	char whole[32], frac[16] = "0";
	const char *dot = strchr(s, '.');
	uint64_t w, f;
	size_t wl = dot ? (size_t)(dot - s) : strlen(s);

	if (wl == 0 || wl >= sizeof(whole) || (dot && (strlen(dot + 1) == 0 || strlen(dot + 1) > 9)))
		return errno = EINVAL, -1;
	memcpy(whole, s, wl);
	whole[wl] = '\0';
	if (dot)
		snprintf(frac, sizeof(frac), "%s", dot + 1);
	if (parse_u64(whole, 0, (uint64_t)LG_MAX_RATE, &w) != 0 || parse_u64(frac, 0, 999999999, &f) != 0)
		return -1;
	double v = (double)w;
	if (dot) {
		double scale = 1;
		for (size_t i = 0; i < strlen(frac); i++)
			scale *= 10;
		v += (double)f / scale;
	}
	if (v > LG_MAX_RATE)
		return errno = ERANGE, -1;
	*out = v;
	return 0;
}

/* V as the index of one of NAMES (ending with NULL), in the order of
 * their enum. */
static int pick(const char *v, const char *const *names, int *out)
{
	for (int i = 0; names[i]; i++)
		if (strcmp(v, names[i]) == 0) {
			*out = i;
			return 0;
		}
	errno = EINVAL;
	return -1;
}

static const char *const dists[] = { "constant", "poisson", NULL };
static const char *const protos[] = { "both", "udp", "tcp", NULL };
static const char *const paces[] = { "sleep", "spin", NULL };

static int set_value(struct lg_params *p, unsigned bit, const char *v)
{
	uint64_t n;
	int i;

	switch (bit) {
	case PK_HOST:
		if (strlen(v) == 0 || strlen(v) >= sizeof(p->host))
			return errno = EINVAL, -1;
		snprintf(p->host, sizeof(p->host), "%s", v);
		return 0;
	case PK_PORT:
		if (parse_u64(v, 1, 65535, &n) != 0)
			return -1;
		p->port = (uint16_t)n;
		return 0;
	case PK_RATE: return parse_rate(v, &p->rate);
	case PK_SIZE: return parse_size(v, LG_MIN_SIZE, LG_MAX_TCP_SIZE, &p->size);
	case PK_REPLY: return parse_size(v, LG_MIN_SIZE, LG_MAX_TCP_SIZE, &p->reply_size);
	case PK_DURATION: return parse_duration_ns(v, 1000000, 86400000000000ULL, &p->duration_ns);
	case PK_WARMUP: return parse_duration_ns(v, 0, 3600000000000ULL, &p->warmup_ns);
	case PK_COOLDOWN: return parse_duration_ns(v, 0, 3600000000000ULL, &p->cooldown_ns);
	case PK_TIMEOUT: return parse_duration_ns(v, 1000000, 600000000000ULL, &p->timeout_ns);
	case PK_INTERVAL: return parse_duration_ns(v, 10000000, 3600000000000ULL, &p->interval_ns);
	case PK_SPIN: return parse_duration_ns(v, 0, LG_MAX_SPIN_NS, &p->spin_ns);
	case PK_DELAY: return parse_duration_ns(v, 0, 10000000000ULL, &p->delay_ns);
	case PK_SEED: return parse_u64(v, 0, UINT64_MAX, &p->seed);
	case PK_CONNS:
		if (parse_u64(v, 1, LG_MAX_CONNS, &n) != 0)
			return -1;
		p->connections = (unsigned)n;
		return 0;
	case PK_PERSISTENT:
		if (parse_u64(v, 0, 1, &n) != 0)
			return -1;
		p->persistent = (int)n;
		return 0;
	case PK_DIST:
		if (pick(v, dists, &i) != 0)
			return -1;
		p->dist = (enum lg_dist)i;
		return 0;
	case PK_PACE:
		if (pick(v, paces, &i) != 0)
			return -1;
		p->pace = (enum lg_pace)i;
		return 0;
	case PK_PROTO:
		if (pick(v, protos, &i) != 0)
			return -1;
		p->proto = (enum lg_proto)i;
		return 0;
	}
	return errno = EINVAL, -1;
}

int params_parse(struct lg_params *p, const char *args, unsigned allowed, char *err, size_t errlen)
{
	char *copy = strdup(args), *save = NULL, *item;
	int rc = 0;

	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		const struct key *k = NULL;

		if (!eq) {
			snprintf(err, errlen, "argument '%s': not key=value", item);
			rc = -1;
			break;
		}
		*eq = '\0';
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (strcmp(keys[i].name, item) == 0)
				k = &keys[i];
		if (!k || !(k->bit & allowed)) {
			snprintf(err, errlen, "unknown argument '%s'", item);
			rc = -1;
			break;
		}
		if (set_value(p, k->bit, eq + 1) != 0) {
			snprintf(err, errlen, "%s='%s': %s", item, eq + 1,
				 errno == ERANGE ? "out of range" : "not a valid value");
			rc = -1;
			break;
		}
		p->given |= k->bit;
	}
	free(copy);
	return rc;
}
