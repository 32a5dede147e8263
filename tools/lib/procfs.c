#include "procfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

ssize_t procfs_read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;

	if (fd < 0)
		return -1;
	while (len + 1 < size) {
		ssize_t n = read(fd, buf + len, size - 1 - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return (ssize_t)len;
}

/* A cursor over the fields after the comm: space-separated decimals. */
struct fields {
	const char *p, *end;
};

static int next_field(struct fields *f, const char **start, size_t *len)
{
	while (f->p < f->end && *f->p == ' ')
		f->p++;
	if (f->p >= f->end || *f->p == '\n')
		return -1;
	*start = f->p;
	while (f->p < f->end && *f->p != ' ' && *f->p != '\n')
		f->p++;
	*len = (size_t)(f->p - *start);
	return 0;
}

/* A field as a signed decimal (some stat fields may be -1). */
static int field_i64(const char *s, size_t len, int64_t *out)
{
	int neg = 0;
	uint64_t v = 0;
	size_t i = 0;

	if (len > 0 && s[0] == '-')
		neg = 1, i = 1;
	if (i == len)
		return -1;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > INT64_MAX)
		return -1;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

int procfs_parse_stat(const char *text, size_t len, struct procfs_stat *st)
{
	const char *open = memchr(text, '(', len), *close = NULL;
	struct procfs_stat s;
	int64_t pid;

	memset(&s, 0, sizeof(s));
	for (size_t i = len; i > 0; i--)
		if (text[i - 1] == ')') {
			close = text + i - 1;
			break;
		}
	if (open == NULL || close == NULL || close < open || open == text ||
	    field_i64(text, (size_t)(open - 1 - text), &pid) < 0 || open[-1] != ' ')
		goto bad;
	s.pid = (pid_t)pid;
	size_t clen = (size_t)(close - open - 1);
	if (clen >= sizeof(s.comm))
		clen = sizeof(s.comm) - 1;
	memcpy(s.comm, open + 1, clen);

	/* Fields 3.. follow ") ": the state is a letter, the rest numbers. */
	struct fields f = { close + 1, text + len };
	const char *fs;
	size_t fl;
	for (int n = 3; n <= 24; n++) {
		int64_t v = 0;
		if (next_field(&f, &fs, &fl) < 0)
			goto bad;
		if (n == 3) {
			if (fl != 1)
				goto bad;
			s.state = fs[0];
			continue;
		}
		if (field_i64(fs, fl, &v) < 0)
			goto bad;
		switch (n) {
		case 4:  s.ppid = (pid_t)v; break;
		case 14: s.utime = (uint64_t)v; break;
		case 15: s.stime = (uint64_t)v; break;
		case 20: s.num_threads = v; break;
		case 22: s.starttime = (uint64_t)v; break;
		case 24: s.rss_pages = (uint64_t)(v < 0 ? 0 : v); break;
		default: break;
		}
	}
	*st = s;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

int procfs_read_stat(pid_t pid, struct procfs_stat *st)
{
	char path[64], buf[1024];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	n = procfs_read_file(path, buf, sizeof(buf));
	if (n < 0)
		return -1;
	if (n == 0) {	/* a zombie being reaped can read empty */
		errno = ESRCH;
		return -1;
	}
	return procfs_parse_stat(buf, (size_t)n, st);
}

uint64_t procfs_ticks_per_sec(void)
{
	static uint64_t hz;

	if (hz == 0) {
		long v = sysconf(_SC_CLK_TCK);
		hz = v > 0 ? (uint64_t)v : 100;
	}
	return hz;
}

uint64_t procfs_ticks_to_ns(uint64_t ticks)
{
	return ticks * (1000000000u / procfs_ticks_per_sec());
}

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t procfs_boottime_to_realtime(uint64_t boot_ns)
{
	static int64_t offset;
	static int measured;

	if (!measured) {
		/* Read the boot clock between two reads of the real-time clock
		 * and keep the pair read closest together. */
		uint64_t best = UINT64_MAX;
		for (int i = 0; i < 5; i++) {
			uint64_t r1 = clock_ns(CLOCK_REALTIME);
			uint64_t b = clock_ns(CLOCK_BOOTTIME);
			uint64_t r2 = clock_ns(CLOCK_REALTIME);
			if (r2 - r1 < best) {
				best = r2 - r1;
				offset = (int64_t)(r1 + (r2 - r1) / 2) - (int64_t)b;
			}
		}
		measured = 1;
	}
	return (uint64_t)((int64_t)boot_ns + offset);
}

int procfs_each_pid(int (*fn)(pid_t pid, void *ctx), void *ctx)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int rc = 0;

	if (d == NULL)
		return -1;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);

		if (*end == '\0' && pid > 0)
			rc = fn((pid_t)pid, ctx);
	}
	int saved = errno;
	closedir(d);
	errno = saved;
	return rc < 0 ? -1 : 0;
}
