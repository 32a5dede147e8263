#include "xsl_path.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *join(const char *dir, const char *rest, const char *name)
{
	char *path;

	if (asprintf(&path, "%s%s/%s", dir, rest, name) < 0)
		return NULL;
	return path;
}

char *xsl_path_candidate(const char *name, const char *envdir,
			 const char *builtin, const char *exe)
{
	if (envdir != NULL && *envdir != '\0')
		return join(envdir, "", name);
	if (builtin != NULL && *builtin != '\0')
		return join(builtin, "", name);
	if (exe == NULL) {
		errno = ENOENT;
		return NULL;
	}
	const char *slash = strrchr(exe, '/');
	if (slash == NULL) {
		errno = ENOENT;
		return NULL;
	}
	char *dir = strndup(exe, (size_t)(slash - exe));
	if (dir == NULL)
		return NULL;
	char *path = join(dir, "/../../reports/xsl", name);
	free(dir);
	return path;
}

char *xsl_path_default(const char *name)
{
#ifdef SONDE_XSLDIR
	const char *builtin = SONDE_XSLDIR;
#else
	const char *builtin = NULL;
#endif
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n < 0)
		n = 0;
	exe[n] = '\0';
	return xsl_path_candidate(name, getenv("SONDE_XSLDIR"), builtin, n ? exe : NULL);
}
