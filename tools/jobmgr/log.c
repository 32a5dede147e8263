#include "log.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "err.h"

static int log_fd = STDERR_FILENO;
static const char *log_role = "jobmgr";

void log_open(const char *path, const char *role)
{
	log_role = role;
	if (path == NULL)
		return;
	log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (log_fd < 0)
		err_(EXIT_FAIL, "%s", path);
}

void logmsg(const char *fmt, ...)
{
	char line[1024];
	struct timespec ts;
	va_list ap;
	int n;

	clock_gettime(CLOCK_REALTIME, &ts);
	n = snprintf(line, sizeof(line), "%lld.%09ld %s: ", (long long)ts.tv_sec, ts.tv_nsec, log_role);
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	if ((size_t)n >= sizeof(line))
		n = (int)sizeof(line) - 1;
	line[n++] = '\n';
	(void)!write(log_fd, line, (size_t)n);
}
