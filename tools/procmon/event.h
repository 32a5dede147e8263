/* procmon's output: one TSV record per event (fork, exec, exit) and a
 * final "end" record with the count of lost events.  The columns:
 *
 *   time  event  pid  ppid  uid  comm  exit_code  signal  core
 *   user_ns  system_ns  maxrss_kb  filename  args  args_note  lost
 *
 * Fields that do not apply to an event are "-". */
#ifndef PROCMON_EVENT_H
#define PROCMON_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "../../bpf/procmon.h"

struct tsv;

/* What the writer needs to know about the host, measured once. */
struct event_clock {
	uint64_t page_kb;   /* page size in KiB */
};

void event_clock_init(struct event_clock *c);

/* Writes the comment line (backend named) and the column header. */
int event_write_header(struct tsv *t, const char *backend);

/* Writes one event's record; times are converted from boot time to
 * CLOCK_REALTIME. */
int event_write(struct tsv *t, const struct event_clock *c, const struct procmon_event *e);

/* Writes the final record: time now, event "end", the lost count. */
int event_write_end(struct tsv *t, uint64_t lost);

/* argv as NUL-terminated strings (len bytes; the last NUL may be missing
 * when cut) into one line: arguments separated by spaces, each quoted as
 * a POSIX shell would need ('it'\''s'), so spaces stay unambiguous.
 * Returns the length written to out (size > 0; always NUL-terminated, cut
 * at size - 1). */
size_t event_quote_args(const char *args, size_t len, char *out, size_t size);

/* The process's user and system CPU time from an exit event: the exact
 * runtime split in the ratio of the sampled user:system times, as the
 * kernel's cputime_adjust() does for getrusage(). */
void event_cpu_split(const struct procmon_event *e, uint64_t *user_ns, uint64_t *system_ns);

#endif
