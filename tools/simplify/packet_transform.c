#include "packet_transform.h"

#include <libexslt/exslt.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xsltutils.h>

xsltStylesheetPtr packet_transform_load(const char *path)
{
	static int exslt_registered;

	if (!exslt_registered) {
		exsltRegisterAll();
		exslt_registered = 1;
	}
	return xsltParseStylesheetFile((const xmlChar *)path);
}

xmlDocPtr packet_transform(xsltStylesheetPtr style, xmlDocPtr packet, const char **params)
{
	/* A context of our own, to quote the parameters as strings (as
	 * xsltproc --stringparam does) and to see whether the run failed. */
	xsltTransformContextPtr ctxt = xsltNewTransformContext(style, packet);
	xmlDocPtr result = NULL;

	if (ctxt == NULL)
		return NULL;
	if (params == NULL || xsltQuoteUserParams(ctxt, params) == 0)
		result = xsltApplyStylesheetUser(style, packet, NULL, NULL, NULL, ctxt);
	if (result != NULL && ctxt->state != XSLT_STATE_OK) {
		xmlFreeDoc(result);
		result = NULL;
	}
	xsltFreeTransformContext(ctxt);
	return result;
}
