#include "event.h"

#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "exitwatch.h"
#include "procfs.h"
#include "tsv.h"

static const char *const columns[] = {
	"time", "event", "pid", "ppid", "uid", "comm", "exit_code", "signal", "core",
	"user_ns", "system_ns", "maxrss_kb", "filename", "args", "args_note", "lost",
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

void event_clock_init(struct event_clock *c)
{
	long page = sysconf(_SC_PAGESIZE);

	c->page_kb = page > 0 ? (uint64_t)page / 1024 : 4;
	procfs_boottime_to_realtime(0);	/* measure the clock offset now */
}

int event_write_header(struct tsv *t, const char *backend)
{
	char meta[64] = "procmon backend=";

	strncat(meta, backend, sizeof(meta) - strlen(meta) - 1);
	return tsv_header(t, meta, columns, NCOLUMNS);
}

/* A character a shell takes literally outside quotes. */
static int shell_plain(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || (ch != 0 && strchr("%+,-./:=@_^", ch));
}

/* Appends to out[*n], keeping room for the final NUL. */
static void append(char *out, size_t size, size_t *n, const char *s, size_t len)
{
	if (*n + 1 >= size)
		return;
	if (len > size - 1 - *n)
		len = size - 1 - *n;
	memcpy(out + *n, s, len);
	*n += len;
}

size_t event_quote_args(const char *args, size_t len, char *out, size_t size)
{
	size_t n = 0, i = 0;

	while (i < len) {
		const char *arg = args + i;
		const void *nul = memchr(arg, '\0', len - i);
		size_t alen = nul ? (size_t)((const char *)nul - arg) : len - i;
		int plain = alen > 0;

		for (size_t k = 0; k < alen && plain; k++)
			plain = shell_plain((unsigned char)arg[k]);
		if (n > 0)
			append(out, size, &n, " ", 1);
		if (plain) {
			append(out, size, &n, arg, alen);
		} else {
			append(out, size, &n, "'", 1);
			for (size_t k = 0; k < alen; k++) {
				if (arg[k] == '\'')
					append(out, size, &n, "'\\''", 4);
				else
					append(out, size, &n, arg + k, 1);
			}
			append(out, size, &n, "'", 1);
		}
		i += alen + 1;
	}
	out[n] = '\0';
	return n;
}

void event_cpu_split(const struct procmon_event *e, uint64_t *user_ns, uint64_t *system_ns)
{
	exitwatch_cpu_split(e->runtime_ns, e->utime_ns, e->stime_ns, user_ns, system_ns);
}

static void write_note(struct tsv *t, unsigned flags)
{
	static const struct { unsigned flag; const char *name; } notes[] = {
		{ PROCMON_ARGS_TRUNCATED, "truncated" },
		{ PROCMON_ARGS_UNREADABLE, "unreadable" },
		{ PROCMON_ARGS_LATE, "late" },
		{ PROCMON_FILENAME_TRUNCATED, "filename_truncated" },
	};
	char buf[80] = "";

	for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++)
		if (flags & notes[i].flag) {
			if (buf[0])
				strcat(buf, ",");
			strcat(buf, notes[i].name);
		}
	if (buf[0])
		tsv_str(t, buf);
	else
		tsv_none(t);
}

static void write_exit_fields(struct tsv *t, const struct event_clock *c,
                              const struct procmon_event *e)
{
	int st = e->exit_status;

	if (WIFSIGNALED(st)) {
		tsv_none(t);
		tsv_i64(t, WTERMSIG(st));
		tsv_i64(t, WCOREDUMP(st) ? 1 : 0);
	} else {
		tsv_i64(t, WEXITSTATUS(st));
		tsv_none(t);
		tsv_i64(t, 0);
	}
	if (e->flags & PROCMON_CPU_UNKNOWN) {
		tsv_none(t);
		tsv_none(t);
	} else {
		uint64_t user, sys;
		event_cpu_split(e, &user, &sys);
		tsv_u64(t, user);
		tsv_u64(t, sys);
	}
	if (e->flags & PROCMON_RSS_UNKNOWN)
		tsv_none(t);
	else
		tsv_u64(t, e->maxrss_pages * c->page_kb);
}

int event_write(struct tsv *t, const struct event_clock *c, const struct procmon_event *e)
{
	static const char *const kinds[] = { "?", "fork", "exec", "exit" };
	char comm[PROCMON_COMM_LEN + 1];

	memcpy(comm, e->comm, PROCMON_COMM_LEN);
	comm[PROCMON_COMM_LEN] = '\0';
	tsv_u64(t, procfs_boottime_to_realtime(e->time_ns));
	tsv_str(t, kinds[e->kind <= PROCMON_EXIT ? e->kind : 0]);
	tsv_i64(t, e->pid);
	tsv_i64(t, e->ppid);
	if (e->uid == (unsigned)-1)	/* not known: gone before it was read */
		tsv_none(t);
	else
		tsv_u64(t, e->uid);
	tsv_str(t, comm);
	if (e->kind == PROCMON_EXIT) {
		write_exit_fields(t, c, e);
	} else {
		for (int i = 0; i < 6; i++)
			tsv_none(t);
	}
	if (e->kind == PROCMON_EXEC) {
		static char line[4 * PROCMON_ARGS_LEN + 8];
		size_t flen = e->filename_len < PROCMON_FILENAME_LEN ? e->filename_len : PROCMON_FILENAME_LEN - 1;
		size_t alen = e->args_len <= PROCMON_ARGS_LEN ? e->args_len : PROCMON_ARGS_LEN;

		tsv_strn(t, e->filename, strnlen(e->filename, flen));
		tsv_strn(t, line, event_quote_args(e->args, alen, line, sizeof(line)));
		write_note(t, e->flags);
	} else {
		tsv_none(t);
		tsv_none(t);
		tsv_none(t);
	}
	tsv_none(t);
	return tsv_end(t);
}

int event_write_end(struct tsv *t, uint64_t lost)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	tsv_u64(t, (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec);
	tsv_str(t, "end");
	for (size_t i = 2; i < NCOLUMNS - 1; i++)
		tsv_none(t);
	tsv_u64(t, lost);
	return tsv_end(t);
}
