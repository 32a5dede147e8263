#include "textfile.h"

#include <errno.h>
#include <stdio.h>

#include "outfile.h"

int textfile_write(const char *path, const char *text)
{
	struct outfile of;

	if (outfile_open(&of, path) != 0)
		return -1;
	if (fputs(text, of.fp) == EOF) {
		int saved = errno;
		outfile_abort(&of);
		errno = saved;
		return -1;
	}
	return outfile_commit(&of);
}
