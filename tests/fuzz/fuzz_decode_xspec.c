/* libFuzzer target over decode's parser of XDR type descriptions: any
 * text parses or fails with a "FILE:LINE: what" message; a description
 * that parses then decodes the input's bytes by its entry type. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgxml.h"
#include "xdrdecode.h"
#include "xdrspec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xspec s;
	struct xtree t;
	char err[512] = "";

	if (xspec_parse(&s, "f.x", (const char *)data, size, err, sizeof(err)) < 0) {
		if (strncmp(err, "f.x:", 4) != 0)
			abort();
	} else {
		struct xentry e;
		if (xdecode_entry(&s, &e) == 0) {
			xtree_init(&t);
			xdecode_message(&e, data, size, &t);
			xmlFreeNode(msgxml_message("f", &t, size, 1));
			xtree_free(&t);
		}
	}
	xspec_free(&s);
	return 0;
}
