/* Whatever no dissector claims, shown as Wireshark shows it: a "data"
 * field wrapped in the pseudo-protocol "fake-field-wrapper". */
#include "dissect.h"

int data_dissect(struct dissect *d)
{
	struct pdml_buf *b = d->b;
	size_t n = cursor_left(&d->c);
	size_t pos = d->c.pos;

	if (n == 0)
		return 0;
	dissect_enter(d, "data", "Data");
	const uint8_t *p = cursor_bytes(&d->c, n);

	pdml_lit(b, "  <proto name=\"fake-field-wrapper\">\n    <field name=\"data\" value=\"");
	pdml_hexbytes(b, p, n, 0);
	pdml_lit(b, "\">\n");
	pdml_field_open(b, 3, "data.data");
	pdml_lit(b, "Data: ");
	pdml_hexbytes(b, p, n, 0);
	pdml_field_at(b, n, pos);
	pdml_hexbytes(b, p, n, ':');
	pdml_field_value(b);
	pdml_hexbytes(b, p, n, 0);
	pdml_field_close(b);
	field_gen_uint(b, 3, "data.len", "Length", pos, n);
	/* (sic: Wireshark indents this closing tag one level short) */
	pdml_lit(b, "  </field>\n  </proto>\n");
	return 0;
}
