#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

/* Reads the leading decimal digits of s; no sign, no blanks, at least one
 * digit.  *end points after them. */
static int read_digits(const char *s, uint64_t *value, const char **end)
{
	uint64_t v = 0;
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		unsigned d = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - d) / 10) {
			errno = ERANGE;
			return -1;
		}
		v = v * 10 + d;
	}
	*value = v;
	*end = p;
	return 0;
}

static int in_range(uint64_t v, uint64_t min, uint64_t max, uint64_t *out)
{
	if (v < min || v > max) {
		errno = ERANGE;
		return -1;
	}
	*out = v;
	return 0;
}

int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v;
	const char *end;

	errno = EINVAL;
	if (s == NULL || read_digits(s, &v, &end) < 0)
		return -1;
	if (*end != '\0') {
		errno = EINVAL;
		return -1;
	}
	return in_range(v, min, max, out);
}

int parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	uint64_t mag;
	int neg = s != NULL && *s == '-';

	if (parse_u64(s ? s + neg : s, 0, neg ? (uint64_t)INT64_MAX + 1 : INT64_MAX, &mag) < 0)
		return -1;
	int64_t v = neg ? (int64_t)(0 - mag) : (int64_t)mag;
	if (v < min || v > max) {
		errno = ERANGE;
		return -1;
	}
	*out = v;
	return 0;
}

/* Multiplies a decimal "int.frac" by unit (a power of ten or two) without
 * floating point, rejecting overflow and sub-unit remainders that would be
 * silently lost only when they are not whole units of the result. */
static int scale(uint64_t ipart, const char *frac, size_t fraclen, uint64_t unit, uint64_t *out)
{
	uint64_t v, f = 0, div = 1;

	if (unit != 0 && ipart > UINT64_MAX / unit) {
		errno = ERANGE;
		return -1;
	}
	v = ipart * unit;
	for (size_t i = 0; i < fraclen && div <= UINT64_MAX / 10 / 10; i++) {
		f = f * 10 + (uint64_t)(frac[i] - '0');
		div *= 10;
	}
	if (fraclen > 0) {
		/* unit * f / div, in two steps to stay inside 64 bits */
		uint64_t add = unit / div * f + unit % div * f / div;
		if (v > UINT64_MAX - add) {
			errno = ERANGE;
			return -1;
		}
		v += add;
	}
	*out = v;
	return 0;
}

struct unit {
	const char *suffix;
	uint64_t factor;
};

static int parse_scaled(const char *s, const struct unit *units, uint64_t bare,
                        uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t ipart, v;
	const char *p, *frac = NULL;
	size_t fraclen = 0;

	errno = EINVAL;
	if (s == NULL || read_digits(s, &ipart, &p) < 0)
		return -1;
	if (*p == '.') {
		frac = ++p;
		while (isdigit((unsigned char)*p))
			p++;
		fraclen = (size_t)(p - frac);
		if (fraclen == 0) {
			errno = EINVAL;
			return -1;
		}
	}
	uint64_t factor = 0;
	if (*p == '\0') {
		factor = bare;
	} else {
		for (const struct unit *u = units; u->suffix; u++)
			if (strcmp(p, u->suffix) == 0) {
				factor = u->factor;
				break;
			}
	}
	if (factor == 0) {
		errno = EINVAL;
		return -1;
	}
	if (scale(ipart, frac, fraclen, factor, &v) < 0)
		return -1;
	return in_range(v, min, max, out);
}

static const struct unit time_units[] = {
	{ "ns", 1 }, { "us", 1000 }, { "ms", 1000000 }, { "s", 1000000000 },
	{ "m", 60ULL * 1000000000 }, { "min", 60ULL * 1000000000 },
	{ "h", 3600ULL * 1000000000 }, { NULL, 0 },
};

int parse_duration_ns(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	return parse_scaled(s, time_units, 1000000000, min, max, out);
}

static const struct unit size_units[] = {
	{ "k", 1024 }, { "K", 1024 }, { "KiB", 1024 },
	{ "M", 1024 * 1024 }, { "MiB", 1024 * 1024 },
	{ "G", 1024ULL * 1024 * 1024 }, { "GiB", 1024ULL * 1024 * 1024 },
	{ NULL, 0 },
};

int parse_size(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	return parse_scaled(s, size_units, 1, min, max, out);
}

static uint64_t opt_or_exit(int rc, char opt, const char *arg, uint64_t v,
                            const char *kind, uint64_t min, uint64_t max)
{
	if (rc == 0)
		return v;
	if (errno == ERANGE)
		usage_error("-%c: '%s': out of range (%" PRIu64 "..%" PRIu64 ")", opt, arg, min, max);
	usage_error("-%c: '%s': not %s", opt, arg, kind);
}

uint64_t opt_u64(char opt, const char *arg, uint64_t min, uint64_t max)
{
	uint64_t v = 0;
	int rc = parse_u64(arg, min, max, &v);
	return opt_or_exit(rc, opt, arg, v, "a whole number", min, max);
}

uint64_t opt_duration_ns(char opt, const char *arg, uint64_t min, uint64_t max)
{
	uint64_t v = 0;
	int rc = parse_duration_ns(arg, min, max, &v);
	return opt_or_exit(rc, opt, arg, v, "a duration (like 500ms, 2s, 1m)", min, max);
}

uint64_t opt_size(char opt, const char *arg, uint64_t min, uint64_t max)
{
	uint64_t v = 0;
	int rc = parse_size(arg, min, max, &v);
	return opt_or_exit(rc, opt, arg, v, "a size (like 4096, 64k, 2M)", min, max);
}
