#include "convert.h"

#include <string.h>

void convert_header(struct pdml_buf *b, const char *capture_file)
{
	pdml_lit(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		"<pdml version=\"0\" creator=\"sonde/pcap2xml\"");
	if (capture_file != NULL) {
		pdml_lit(b, " capture_file=\"");
		pdml_escaped(b, capture_file, strlen(capture_file));
		pdml_putc(b, '"');
	}
	pdml_lit(b, ">\n");
}

void convert_footer(struct pdml_buf *b)
{
	pdml_lit(b, "</pdml>\n");
}

int convert_run(struct capfile *cf, struct packet_writer *pw, const struct convert_opts *o)
{
	struct capfile_record rec;
	uint64_t written = 0;
	int rc = 0;

	while (written < o->count && pw->count < o->last) {
		rc = capfile_next(cf, &rec);
		if (rc != 1)
			break;
		bool shown = pw->count + 1 >= o->first;
		packet_write(pw, &rec, shown);
		written += shown;
		if (pw->out->error)
			return -1;
	}
	return rc < 0 ? -1 : 0;
}
