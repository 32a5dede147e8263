#include "xml_errors.h"

#include <libxml/xmlerror.h>
#include <libxslt/xsltutils.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

static char pending[1024];
static size_t npending;

void xml_errors_flush(void)
{
	if (npending > 0)
		warnx_("%.*s", (int)npending, pending);
	npending = 0;
}

static void collect(void *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void collect(void *ctx, const char *fmt, ...)
{
	char piece[1024];
	va_list ap;

	(void)ctx;
	va_start(ap, fmt);
	vsnprintf(piece, sizeof(piece), fmt, ap);
	va_end(ap);

	for (const char *p = piece; *p; p++) {
		if (*p == '\n') {
			xml_errors_flush();
			continue;
		}
		if (npending == sizeof(pending) - 1)
			xml_errors_flush();
		pending[npending++] = *p;
	}
}

void xml_errors_to_stderr(void)
{
	xmlSetGenericErrorFunc(NULL, collect);
	xsltSetGenericErrorFunc(NULL, collect);
}
