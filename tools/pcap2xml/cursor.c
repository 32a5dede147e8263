#include "cursor.h"

#include "bytes.h"

void cursor_init(struct cursor *c, const uint8_t *frame, size_t caplen, size_t len)
{
	c->frame = frame;
	c->pos = 0;
	c->cap_end = caplen;
	/* A record claiming fewer bytes on the wire than it holds is
	 * treated as its captured size. */
	c->rep_end = len > caplen ? len : caplen;
	c->fault = CURSOR_OK;
}

bool cursor_have(struct cursor *c, size_t off, size_t n)
{
	size_t start = c->pos + off;

	/* Written to avoid overflow: start and n come from packet fields. */
	if (start <= c->cap_end && n <= c->cap_end - start)
		return true;
	if (start <= c->rep_end && n <= c->rep_end - start)
		c->fault = CURSOR_SHORT;
	else
		c->fault = CURSOR_MALFORMED;
	return false;
}

bool cursor_u8(struct cursor *c, uint8_t *v)
{
	if (!cursor_have(c, 0, 1))
		return false;
	*v = c->frame[c->pos++];
	return true;
}

bool cursor_be16(struct cursor *c, uint16_t *v)
{
	if (!cursor_peek_be16(c, 0, v))
		return false;
	c->pos += 2;
	return true;
}

bool cursor_be32(struct cursor *c, uint32_t *v)
{
	if (!cursor_have(c, 0, 4))
		return false;
	const uint8_t *p = c->frame + c->pos;
	*v = load_be32(p);
	c->pos += 4;
	return true;
}

const uint8_t *cursor_bytes(struct cursor *c, size_t n)
{
	if (!cursor_have(c, 0, n))
		return NULL;
	const uint8_t *p = c->frame + c->pos;
	c->pos += n;
	return p;
}

bool cursor_skip(struct cursor *c, size_t n)
{
	return cursor_bytes(c, n) != NULL;
}

bool cursor_peek_u8(struct cursor *c, size_t off, uint8_t *v)
{
	if (!cursor_have(c, off, 1))
		return false;
	*v = c->frame[c->pos + off];
	return true;
}

bool cursor_peek_be16(struct cursor *c, size_t off, uint16_t *v)
{
	if (!cursor_have(c, off, 2))
		return false;
	const uint8_t *p = c->frame + c->pos + off;
	*v = load_be16(p);
	return true;
}

void cursor_limit(struct cursor *c, size_t n)
{
	if (n < cursor_reported_left(c)) {
		c->rep_end = c->pos + n;
		if (c->cap_end > c->rep_end)
			c->cap_end = c->rep_end;
	}
}
