#include "counters.h"

#include <inttypes.h>

void counters_print(FILE *fp, const struct capture_counters *c)
{
	fprintf(fp, "%" PRIu64 " packet%s captured\n", c->captured, c->captured == 1 ? "" : "s");
	if (!c->have_stats)
		return;
	fprintf(fp, "%" PRIu64 " packet%s received by filter\n", c->received, c->received == 1 ? "" : "s");
	fprintf(fp, "%" PRIu64 " packet%s dropped by kernel\n", c->dropped, c->dropped == 1 ? "" : "s");
	if (c->have_ifdropped)
		fprintf(fp, "%" PRIu64 " packet%s dropped by interface\n", c->ifdropped,
		        c->ifdropped == 1 ? "" : "s");
}

void counters_write_tsv(FILE *fp, const char *iface, const struct capture_counters *c)
{
	fputs(COUNTERS_TSV_HEADER, fp);
	fprintf(fp, "%s\t%" PRIu64, iface, c->captured);
	if (c->have_stats)
		fprintf(fp, "\t%" PRIu64 "\t%" PRIu64, c->received, c->dropped);
	else
		fputs("\t-\t-", fp);
	if (c->have_stats && c->have_ifdropped)
		fprintf(fp, "\t%" PRIu64 "\n", c->ifdropped);
	else
		fputs("\t-\n", fp);
}
