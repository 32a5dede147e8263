#include "conv.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"

/* Open addressing, linear probing, at most half full. */
#define CONV_SLOTS (2 * CONV_MAX)

struct conv_table {
	struct conv *slots;
	uint32_t count;
	uint32_t next_index[256];  /* per IP protocol */
};

struct conv_table *conv_table_new(void)
{
	struct conv_table *t = calloc(1, sizeof(*t));

	if (t != NULL)
		t->slots = calloc(CONV_SLOTS, sizeof(*t->slots));
	if (t == NULL || t->slots == NULL)
		errx_(EXIT_FAIL, "out of memory");
	return t;
}

void conv_table_free(struct conv_table *t)
{
	if (t != NULL)
		free(t->slots);
	free(t);
}

static uint32_t mix(uint32_t h, uint32_t v)
{
	h ^= v;
	h *= 0x9e3779b1u;
	return h ^ (h >> 15);
}

static uint32_t endpoint_word(const uint8_t a[4])
{
	return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
}

/* The same for both directions: the endpoints are combined in order. */
static uint32_t conv_hash(uint8_t proto, const uint8_t a[4], uint16_t pa,
	const uint8_t b[4], uint16_t pb)
{
	uint32_t ea = endpoint_word(a), eb = endpoint_word(b);

	if (ea > eb || (ea == eb && pa > pb)) {
		uint32_t t = ea; ea = eb; eb = t;
		uint16_t tp = pa; pa = pb; pb = tp;
	}
	uint32_t h = mix(proto, ea);
	h = mix(h, eb);
	return mix(h, (uint32_t)pa << 16 | pb);
}

static bool endpoint_is(const struct conv *c, int i, const uint8_t a[4], uint16_t port)
{
	return c->port[i] == port && memcmp(c->addr[i], a, 4) == 0;
}

struct conv *conv_find(struct conv_table *t, uint8_t proto,
	const uint8_t src[4], const uint8_t dst[4], uint16_t sport, uint16_t dport,
	int *from)
{
	uint32_t i = conv_hash(proto, src, sport, dst, dport) % CONV_SLOTS;

	for (;; i = (i + 1) % CONV_SLOTS) {
		struct conv *c = &t->slots[i];
		if (!c->used)
			break;
		if (c->proto != proto)
			continue;
		if (endpoint_is(c, 0, src, sport) && endpoint_is(c, 1, dst, dport)) {
			*from = 0;
			return c;
		}
		if (endpoint_is(c, 1, src, sport) && endpoint_is(c, 0, dst, dport)) {
			*from = 1;
			return c;
		}
	}
	if (t->count >= CONV_MAX) {
		memset(t->slots, 0, CONV_SLOTS * sizeof(*t->slots));
		t->count = 0;
		i = conv_hash(proto, src, sport, dst, dport) % CONV_SLOTS;
	}
	struct conv *c = &t->slots[i];
	memset(c, 0, sizeof(*c));
	c->used = true;
	c->proto = proto;
	memcpy(c->addr[0], src, 4);
	memcpy(c->addr[1], dst, 4);
	c->port[0] = sport;
	c->port[1] = dport;
	c->index = t->next_index[proto]++;
	t->count++;
	*from = 0;
	return c;
}
