/* Whatever no dissector claims, shown as Wireshark shows it: a "data"
 * field (data.data, data.len), wrapped in the pseudo-protocol
 * "fake-field-wrapper" at the top level, or directly inside the protocol
 * that carries it (an ICMP echo's payload).  Without payload bytes (-s),
 * data keeps only data.len. */
#include "dissect.h"

/* Payloads up to this long are memoised (memo.h): most of a flood's are
 * the same from packet to packet. */
enum { MEMO_PAYLOAD_MAX = 40 };

/* A payload's key: where it is, its bytes, and what else its text
 * depends on (a name's address stands for the name). */
static bool payload_key(struct memo_key *k, const void *what, size_t pos, const uint8_t *p,
	size_t n)
{
	if (n > MEMO_PAYLOAD_MAX)
		return false;
	memo_key_num(k, (uintptr_t)what);
	memo_key_num(k, pos);
	memo_key_num(k, n);
	memo_key_bytes(k, p, n);
	return true;
}

void field_payload(struct dissect *d, const char *name, const char *label)
{
	struct pdml_buf *b = d->b;
	const struct cursor *c = &d->c;
	size_t n = cursor_left(c);

	if (n == 0 || d->no_payload || b->skip)
		return;
	struct memo_key k = MEMO_KEY_INIT;
	struct memo *m = payload_key(&k, name, c->pos, c->frame + c->pos, n) ? dissect_memo(d) : NULL;

	if (memo_begin(m, b, MEMO_PAYLOAD, &k))
		goto done;
	pdml_field_open(b, 2, name);
	pdml_str(b, label);
	pdml_u64(b, n);
	pdml_str(b, n == 1 ? " byte)" : " bytes)");
	pdml_field_at(b, n, c->pos);
	pdml_hexbytes(b, c->frame + c->pos, n, ':');
	pdml_field_value(b);
	pdml_hexbytes(b, c->frame + c->pos, n, 0);
	pdml_field_close(b);
done:
	memo_end(m, b, MEMO_PAYLOAD);
}

void data_field(struct dissect *d, int depth)
{
	struct pdml_buf *b = d->b;
	size_t n = cursor_left(&d->c);
	size_t pos = d->c.pos;

	if (n == 0)
		return;
	dissect_enter(d, "data", d->label);
	const uint8_t *p = cursor_bytes(&d->c, n);
	if (b->skip)
		return;
	struct memo_key k = MEMO_KEY_INIT;
	struct memo *m = payload_key(&k, NULL, pos, p, n) ? dissect_memo(d) : NULL;

	memo_key_num(&k, (uint64_t)depth << 1 | d->no_payload);
	if (memo_begin(m, b, MEMO_DATA, &k))
		goto done;
	pdml_indent(b, depth);
	pdml_lit(b, "<field name=\"data\" value=\"");
	if (!d->no_payload)
		pdml_hexbytes(b, p, n, 0);
	pdml_lit(b, "\">\n");
	if (!d->no_payload)
		field_hexdump(b, depth + 1, "data.data", "Data", pos, p, n);
	field_gen_uint(b, depth + 1, "data.len", "Length", pos, n);
	/* (sic: Wireshark indents this closing tag one level short) */
	pdml_indent(b, depth - 1);
	pdml_lit(b, "</field>\n");
done:
	memo_end(m, b, MEMO_DATA);
}

bool fragment_shown_as_data(const struct dissect *d, bool more, unsigned offset)
{
	if (!more && offset == 0)
		return false;
	if (offset != 0)
		return true;
	/* A first fragment Wireshark could keep for reassembly (all of it
	 * captured, not inside an ICMP error) waits for the rest and is
	 * shown as data; any other is dissected as far as it goes. */
	return d->b->nest == 0 && cursor_left(&d->c) == cursor_reported_left(&d->c);
}

int data_dissect(struct dissect *d)
{
	struct pdml_buf *b = d->b;

	if (cursor_left(&d->c) == 0)
		return 0;
	d->label = "Data";
	pdml_indent(b, 1);
	pdml_lit(b, "<proto name=\"fake-field-wrapper\">\n");
	data_field(d, 2);
	pdml_proto_end(b, 1);
	return 0;
}
