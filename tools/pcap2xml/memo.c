#include "memo.h"

void memo_init(struct memo *m)
{
	memset(m, 0, sizeof(*m));
	for (size_t i = 0; i < MEMO_SITES; i++)
		pdml_buf_init(&m->slot[i].text, 256, -1);
}

void memo_free(struct memo *m)
{
	for (size_t i = 0; i < MEMO_SITES; i++)
		pdml_buf_free(&m->slot[i].text);
	memset(m, 0, sizeof(*m));
}

/* The keys are short: compared a word at a time, inline. */
static inline bool key_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t x, y;
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			return false;
	}
	for (; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

bool memo_begin(struct memo *m, struct pdml_buf *b, enum memo_site s, const struct memo_key *k)
{
	if (m == NULL)
		return false;
	struct memo_slot *slot = &m->slot[s];

	slot->active = false;
	if (b->skip || b->fd >= 0 || k->n > MEMO_KEY_MAX)
		return false;
	if (slot->nest == b->nest && slot->keylen == k->n && key_equal(slot->key, k->k, k->n)) {
		slot->active = true;
		if (slot->valid) {
			pdml_put(b, slot->text.data, slot->text.len);
			slot->hit = true;
			slot->start = b->len;
			b->skip = true;
			m->hits++;
			return true;
		}
		/* The second time in a row: the text is kept. */
		slot->hit = false;
		slot->start = b->len;
		m->misses++;
		return false;
	}
	/* A new key is only noted: keeping the text of each packet when
	 * packets of different flows alternate would cost more than it
	 * saves. */
	slot->valid = false;
	slot->nest = b->nest;
	slot->keylen = k->n;
	memcpy(slot->key, k->k, k->n);
	m->misses++;
	return false;
}

void memo_end(struct memo *m, struct pdml_buf *b, enum memo_site s)
{
	if (m == NULL)
		return;
	struct memo_slot *slot = &m->slot[s];

	if (!slot->active)
		return;
	slot->active = false;
	if (slot->hit) {
		/* Drop what raw writes left in skip mode. */
		b->len = slot->start;
		b->skip = false;
		return;
	}
	size_t n = b->len - slot->start;
	if (n > MEMO_TEXT_MAX)
		return;
	slot->text.len = 0;
	pdml_put(&slot->text, b->data + slot->start, n);
	slot->valid = true;
}
