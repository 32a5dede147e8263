/* Where simplify finds its default stylesheet, simplify.xsl, when -x is
 * not given.  The first of these that is set wins:
 *   1. $SONDE_XSLDIR/simplify.xsl (environment)
 *   2. SONDE_XSLDIR/simplify.xsl, if the build defines SONDE_XSLDIR
 *   3. DIR/../../reports/xsl/simplify.xsl, DIR the folder of the running
 *      executable (/proc/self/exe), which is the source tree for a tool
 *      built in O=build (or any O one level below the top). */
#ifndef SIMPLIFY_XSL_PATH_H
#define SIMPLIFY_XSL_PATH_H

/* The candidate path for stylesheet NAME given the environment's dir (or
 * NULL), the compiled-in dir (or NULL) and the executable's path.  Returns
 * a malloc'd string, or NULL with errno set. */
char *xsl_path_candidate(const char *name, const char *envdir,
			 const char *builtin, const char *exe);

/* The same for the running process (getenv, the build's define,
 * /proc/self/exe). */
char *xsl_path_default(const char *name);

#endif
