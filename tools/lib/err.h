/* Error reporting shared by every tool: messages go to stderr as
 * "tool: what failed: why", exit status 0 ok, 1 failure, 2 usage. */
#ifndef SONDE_ERR_H
#define SONDE_ERR_H

#include <stdnoreturn.h>

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* The tool's name as it prefixes every message; set by err_init(). */
extern const char *progname;

void err_init(const char *argv0);

/* "tool: message" */
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "tool: message: strerror(errno)" */
void warn_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same, then exit(status). */
noreturn void errx_(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
noreturn void err_(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "tool: message" then "usage hint" and exit 2. */
noreturn void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Checks that stdout was written completely; exits 1 with a message if not.
 * Call before returning from main() in every tool that writes to stdout. */
void close_stdout(void);

#endif
