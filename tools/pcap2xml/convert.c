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
	return convert_run_batches(cf, pw, o, NULL);
}

int convert_run_batches(struct capfile *cf, struct packet_writer *pw,
	const struct convert_opts *o, struct convert_batches *cb)
{
	struct capfile_record rec;
	uint64_t written = 0, batch = 0;
	unsigned in_batch = 0;
	size_t batch_bytes = 0;
	bool mine = true;
	int rc = 0;

	while (written < o->count && pw->count < o->last) {
		if (cb != NULL && (in_batch == CONVERT_BATCH_PACKETS ||
				batch_bytes >= CONVERT_BATCH_BYTES)) {
			if (mine && !cb->end(cb, batch))
				return -1;
			batch++;
			in_batch = 0;
			batch_bytes = 0;
		}
		rc = capfile_next(cf, &rec);
		if (rc != 1)
			break;
		mine = cb == NULL || batch % cb->jobs == cb->id;
		pw->silent = !mine;
		if (cb != NULL)
			cb->batch = batch;
		bool shown = pw->count + 1 >= o->first;
		packet_write(pw, &rec, shown);
		written += shown;
		in_batch++;
		batch_bytes += rec.caplen;
		if (pw->out->error)
			return -1;
		if (mine && cb != NULL && pw->out->len + cb->held >= CONVERT_SPILL &&
			!cb->spill(cb, batch))
			return -1;
		if (cb != NULL && cb->pending && !cb->poll(cb))
			return -1;
	}
	if (cb != NULL) {
		cb->batch = batch;
		if (batch % cb->jobs == cb->id && !cb->end(cb, batch))
			return -1;
	}
	return rc < 0 ? -1 : 0;
}
