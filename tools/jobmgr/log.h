/* The daemon's event log: one line per event, "SECONDS.NANOS ROLE: what",
 * CLOCK_REALTIME, written whole to stderr or the -L file. */
#ifndef JOBMGR_LOG_H
#define JOBMGR_LOG_H

void log_open(const char *path, const char *role);
void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
