/* Output files that never appear half-written under their final name: the
 * data goes to a temporary file beside the target ("DIR/.NAME.XXXXXX") and
 * is renamed over it only by outfile_commit().  "-" means standard output,
 * which is written directly, and so is an existing path that is not a
 * regular file (/dev/stdout, a named pipe, a device). */
#ifndef SONDE_OUTFILE_H
#define SONDE_OUTFILE_H

#include <stdio.h>

struct outfile {
	FILE *fp;        /* write here */
	int fd;          /* fileno(fp), for writers that bypass stdio */
	char *path;      /* final name, NULL for stdout */
	char *tmp;       /* temporary name, NULL for stdout */
	int direct;      /* not a regular file (a device, a pipe): written in place */
};

/* Returns 0, or -1 with errno set (the message is the caller's). */
int outfile_open(struct outfile *of, const char *path);
/* Flushes, syncs and renames into place.  Returns 0, or -1 with errno set
 * and the temporary removed. */
int outfile_commit(struct outfile *of);
/* Removes the temporary without touching the final name; safe to call
 * after commit or twice. */
void outfile_abort(struct outfile *of);
/* The name to use in messages. */
const char *outfile_name(const struct outfile *of);

#endif
