#include "err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *progname = "sonde";

void err_init(const char *argv0)
{
	const char *slash;

	if (argv0 == NULL || *argv0 == '\0')
		return;
	slash = strrchr(argv0, '/');
	progname = slash ? slash + 1 : argv0;
}

static void vreport(const char *fmt, va_list ap, int errnum)
{
	/* Built in one buffer and written at once, so lines of several
	 * processes sharing a stderr do not interleave. */
	char line[1024];
	int n = snprintf(line, sizeof(line), "%s: ", progname);

	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	if ((size_t)n >= sizeof(line))
		n = (int)sizeof(line) - 1;
	if (errnum)
		n += snprintf(line + n, sizeof(line) - (size_t)n, ": %s", strerror(errnum));
	if ((size_t)n >= sizeof(line) - 1)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	(void)!write(STDERR_FILENO, line, (size_t)n);
}

void warnx_(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap, 0);
	va_end(ap);
}

void warn_(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap, saved);
	va_end(ap);
	errno = saved;
}

void errx_(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap, 0);
	va_end(ap);
	exit(status);
}

void err_(int status, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap, saved);
	va_end(ap);
	exit(status);
}

void usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap, 0);
	va_end(ap);
	fprintf(stderr, "Try '%s -h' for more information.\n", progname);
	exit(EXIT_USAGE);
}

void close_stdout(void)
{
	int failed = ferror(stdout);

	if (fclose(stdout) != 0 || failed)
		err_(EXIT_FAIL, "standard output");
}
