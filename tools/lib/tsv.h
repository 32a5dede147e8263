/* The TSV writer every monitor uses.  A file is
 *
 *   # TOOL key=value ...        one comment line: what wrote it and how
 *   col1<TAB>col2<TAB>...       the header line: column names
 *   v1<TAB>v2<TAB>...           one record per line
 *
 * Each record is built in memory and written with one write(2) when it
 * ends, so a monitor killed at any moment leaves only complete lines, and a
 * reader following the file (tail -f) never sees half a record.  Fields
 * are escaped as in PostgreSQL's text format: backslash, tab, newline and
 * carriage return become \\, \t, \n and \r, so every line has exactly one
 * field per column.  Numbers are formatted without stdio.  Readers skip
 * lines starting with '#' (gnuplot does so by itself). */
#ifndef SONDE_TSV_H
#define SONDE_TSV_H

#include <stddef.h>
#include <stdint.h>

struct tsv {
	int fd;          /* where records go */
	char *buf;       /* the record being built */
	size_t len, cap;
	size_t ncols;    /* columns in the header */
	size_t col;      /* fields added to the current record */
	int error;       /* first errno met (ENOMEM, EIO, ...), 0 if none */
};

/* A field written for "no value" (not measured, not applicable). */
#define TSV_NONE "-"

/* Starts a writer on fd (not owned: the caller closes it). */
void tsv_init(struct tsv *t, int fd);
void tsv_free(struct tsv *t);

/* Writes the comment line "# META" (skipped when meta is NULL) and the
 * header line.  Returns 0, or -1 with errno set. */
int tsv_header(struct tsv *t, const char *meta, const char *const *cols, size_t ncols);

/* Fields of the current record, left to right. */
void tsv_str(struct tsv *t, const char *s);          /* escaped text */
void tsv_strn(struct tsv *t, const char *s, size_t n);
void tsv_u64(struct tsv *t, uint64_t v);
void tsv_i64(struct tsv *t, int64_t v);
/* v / 10^decimals with exactly that many decimals: (1234, 2) -> "12.34". */
void tsv_fixed(struct tsv *t, int64_t v, unsigned decimals);
void tsv_none(struct tsv *t);                         /* "-" */

/* Ends the record and writes it.  Returns 0, or -1 with errno set when the
 * record has not as many fields as the header has columns (EINVAL, nothing
 * written) or when writing failed. */
int tsv_end(struct tsv *t);

/* Formats v in decimal into out (at least 21 bytes); returns the length. */
size_t tsv_fmt_u64(char *out, uint64_t v);

#endif
