/* The one checked parser for numbers given on a command line or in a file:
 * whole numbers, durations and sizes.  Each returns 0 and stores the value,
 * or returns -1 with errno EINVAL (not a number of that kind) or ERANGE
 * (outside [min, max]) and leaves the output untouched. */
#ifndef SONDE_PARSE_H
#define SONDE_PARSE_H

#include <stdint.h>

int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
int parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);

/* "250ms", "1.5s", "2m", "100us", "3ns", "1h"; a bare number is seconds. */
int parse_duration_ns(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/* "4096", "64k", "2M", "1G" (binary multiples, K/k alike), bytes. */
int parse_size(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/* Parses an option's argument with one of the parsers above or exits 2
 * with "tool: -X: 'arg': not a number|out of range (min..max)". */
uint64_t opt_u64(char opt, const char *arg, uint64_t min, uint64_t max);
uint64_t opt_duration_ns(char opt, const char *arg, uint64_t min, uint64_t max);
uint64_t opt_size(char opt, const char *arg, uint64_t min, uint64_t max);

#endif
