#include "outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int outfile_open(struct outfile *of, const char *path)
{
	memset(of, 0, sizeof(*of));
	of->fd = -1;
	if (strcmp(path, "-") == 0) {
		of->fp = stdout;
		of->fd = STDOUT_FILENO;
		return 0;
	}
	/* A device, a pipe or /dev/stdout is written as it is: renaming a
	 * temporary over it would replace it with a plain file. */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		of->fp = fopen(path, "w");
		if (of->fp == NULL)
			return -1;
		of->fd = fileno(of->fp);
		of->direct = 1;
		return 0;
	}

	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	const char *base = path + dirlen;
	size_t len = strlen(path) + sizeof("/.") + sizeof(".XXXXXX");

	of->path = strdup(path);
	of->tmp = malloc(len);
	if (of->path == NULL || of->tmp == NULL)
		goto fail;
	snprintf(of->tmp, len, "%.*s.%s.XXXXXX", (int)dirlen, path, base);
	of->fd = mkstemp(of->tmp);
	if (of->fd < 0)
		goto fail;
	/* mkstemp makes 0600; give the file the mode a plain open would. */
	mode_t mask = umask(0);
	umask(mask);
	(void)fchmod(of->fd, 0666 & ~mask);
	of->fp = fdopen(of->fd, "w");
	if (of->fp == NULL) {
		int saved = errno;
		close(of->fd);
		unlink(of->tmp);
		errno = saved;
		goto fail;
	}
	return 0;
fail:;
	int saved = errno;
	free(of->path);
	free(of->tmp);
	memset(of, 0, sizeof(*of));
	of->fd = -1;
	errno = saved;
	return -1;
}

const char *outfile_name(const struct outfile *of)
{
	return of->path ? of->path : "standard output";
}

int outfile_commit(struct outfile *of)
{
	if (of->fp == NULL)
		return 0;
	if (of->direct) {
		int failed = fflush(of->fp) != 0 || ferror(of->fp);
		if (fclose(of->fp) != 0)
			failed = 1;
		of->fp = NULL;
		of->direct = 0;
		if (failed && errno == 0)
			errno = EIO;
		return failed ? -1 : 0;
	}
	if (of->path == NULL) {
		int failed = fflush(of->fp) != 0 || ferror(of->fp);
		of->fp = NULL;
		if (failed && errno == 0)
			errno = EIO;
		return failed ? -1 : 0;
	}
	int failed = fflush(of->fp) != 0 || ferror(of->fp);
	if (!failed && fsync(of->fd) != 0 && errno != EINVAL)
		failed = 1;
	int saved = errno;
	if (fclose(of->fp) != 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	of->fp = NULL;
	if (!failed && rename(of->tmp, of->path) != 0) {
		failed = 1;
		saved = errno;
	}
	if (failed)
		unlink(of->tmp);
	free(of->tmp);
	free(of->path);
	of->tmp = of->path = NULL;
	errno = failed ? (saved ? saved : EIO) : 0;
	return failed ? -1 : 0;
}

void outfile_abort(struct outfile *of)
{
	if (of->fp != NULL && (of->path != NULL || of->direct))
		fclose(of->fp);
	if (of->tmp != NULL)
		unlink(of->tmp);
	free(of->tmp);
	free(of->path);
	memset(of, 0, sizeof(*of));
	of->fd = -1;
}
