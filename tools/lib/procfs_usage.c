/* /proc readers of CPU and memory usage: /proc/PID/status (VmRSS, VmHWM),
 * /proc/PID/smaps_rollup (Pss) and the cpu lines of /proc/stat.  Each
 * parses a bounded buffer line by line; nothing here uses scanf. */
#include "procfs.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* A cursor over text, one line at a time. */
struct lines {
	const char *p, *end;
};

static int next_line(struct lines *l, const char **line, size_t *len)
{
	if (l->p >= l->end)
		return 0;
	const char *nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
	const char *stop = nl ? nl : l->end;
	*line = l->p;
	*len = (size_t)(stop - l->p);
	l->p = nl ? nl + 1 : l->end;
	return 1;
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* An unsigned decimal at *p (after blanks); advances *p past it. */
static int take_u64(const char **p, const char *end, uint64_t *out)
{
	const char *s = skip_blanks(*p, end);
	uint64_t v = 0;

	if (s >= end || *s < '0' || *s > '9')
		return -1;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*p = s;
	*out = v;
	return 0;
}

/* "Key:   1234 kB" -> 1234 when the line starts with key (with its colon). */
static int kb_value(const char *line, size_t len, const char *key, uint64_t *kb)
{
	size_t klen = strlen(key);
	const char *p = line + klen, *end = line + len;

	if (len < klen || memcmp(line, key, klen) != 0)
		return 0;
	if (take_u64(&p, end, kb) < 0)
		return -1;
	p = skip_blanks(p, end);
	if ((size_t)(end - p) != 2 || memcmp(p, "kB", 2) != 0)
		return -1;
	return 1;
}

int procfs_parse_status_mem(const char *text, size_t len, struct procfs_mem *m)
{
	struct lines l = { text, text + len };
	struct procfs_mem r = { 0, 0, 0 };
	const char *line;
	size_t n;
	int seen = 0;

	while (next_line(&l, &line, &n)) {
		int rc = kb_value(line, n, "VmRSS:", &r.rss_kb);
		if (rc == 0)
			rc = kb_value(line, n, "VmHWM:", &r.hwm_kb) * 2;
		if (rc < 0)
			goto bad;
		seen |= rc;
	}
	if (seen != 0 && seen != 3)
		goto bad;       /* one without the other: not a status file */
	r.has_mm = seen == 3;
	*m = r;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

static ssize_t read_pid_file(pid_t pid, const char *name, char *buf, size_t size)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	n = procfs_read_file(path, buf, size);
	if (n == 0) {   /* a process being reaped can read empty */
		errno = ESRCH;
		return -1;
	}
	return n;
}

int procfs_read_status_mem(pid_t pid, struct procfs_mem *m)
{
	char buf[4096];         /* status is ~1.5 kB; Vm lines are early */
	ssize_t n = read_pid_file(pid, "status", buf, sizeof(buf));

	if (n < 0)
		return -1;
	/* A cut last line is dropped rather than misread. */
	if ((size_t)n == sizeof(buf) - 1) {
		char *nl = memrchr(buf, '\n', (size_t)n);
		n = nl ? nl - buf : 0;
	}
	return procfs_parse_status_mem(buf, (size_t)n, m);
}

int procfs_parse_pss(const char *text, size_t len, uint64_t *pss_kb)
{
	struct lines l = { text, text + len };
	const char *line;
	size_t n;

	while (next_line(&l, &line, &n)) {
		int rc = kb_value(line, n, "Pss:", pss_kb);
		if (rc < 0) {
			errno = EINVAL;
			return -1;
		}
		if (rc > 0)
			return 0;
	}
	errno = ENODATA;
	return -1;
}

int procfs_read_pss(pid_t pid, uint64_t *pss_kb)
{
	char buf[2048];         /* smaps_rollup is ~1 kB, Pss on line 3 */
	ssize_t n = read_pid_file(pid, "smaps_rollup", buf, sizeof(buf));

	if (n < 0)
		return -1;
	return procfs_parse_pss(buf, (size_t)n, pss_kb);
}

uint64_t procfs_cpu_busy(const struct procfs_cpu *c)
{
	return c->user + c->nice + c->system + c->irq + c->softirq + c->steal;
}

uint64_t procfs_cpu_total(const struct procfs_cpu *c)
{
	return procfs_cpu_busy(c) + c->idle + c->iowait;
}

/* "cpu  1 2 3 ..." or "cpu7 1 2 3 ...": 8 counters (later ones, guest
 * time, are already counted in user and nice). */
static int parse_cpu_line(const char *line, size_t len, struct procfs_cpu *c)
{
	const char *p = line + 3, *end = line + len;
	uint64_t *fields[] = { &c->user, &c->nice, &c->system, &c->idle,
			       &c->iowait, &c->irq, &c->softirq, &c->steal };
	uint64_t cpu;

	if (p < end && *p == ' ') {
		c->cpu = -1;
	} else {
		if (take_u64(&p, end, &cpu) < 0 || cpu > 1u << 20 || p >= end || *p != ' ')
			return -1;
		c->cpu = (int)cpu;
	}
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (take_u64(&p, end, fields[i]) < 0)
			return -1;
	return 0;
}

int procfs_parse_cpus(const char *text, size_t len, struct procfs_cpu *cpus, size_t max)
{
	struct lines l = { text, text + len };
	const char *line;
	size_t n, count = 0;

	while (next_line(&l, &line, &n) && count < max) {
		if (n < 3 || memcmp(line, "cpu", 3) != 0)
			continue;
		if (parse_cpu_line(line, n, &cpus[count]) < 0 ||
		    (count == 0) != (cpus[count].cpu == -1)) {
			errno = EINVAL;
			return -1;
		}
		count++;
	}
	if (count == 0) {
		errno = EINVAL;
		return -1;
	}
	return (int)count;
}

int procfs_read_cpus(struct procfs_cpu *cpus, size_t max)
{
	/* The cpu lines come first; 64 kB covers ~700 CPUs of them. */
	static char buf[65536];
	ssize_t n = procfs_read_file("/proc/stat", buf, sizeof(buf));

	if (n < 0)
		return -1;
	return procfs_parse_cpus(buf, (size_t)n, cpus, max);
}
