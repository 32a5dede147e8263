#include "conv.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"

/* Open addressing, linear probing, at most half full. */
struct conv_table {
	struct conv *slots;
	uint32_t nslots;           /* 2 * max */
	uint32_t max;
	uint32_t count;
	uint32_t next_index[256];  /* per IP protocol */
};

struct conv_table *conv_table_new(uint32_t max)
{
	struct conv_table *t = calloc(1, sizeof(*t));

	if (t != NULL) {
		t->max = max ? max : 1;
		t->nslots = 2 * t->max;
		/* calloc'd pages are only touched as conversations land on them. */
		t->slots = calloc(t->nslots, sizeof(*t->slots));
	}
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

static uint32_t endpoint_hash(const uint8_t *a, uint8_t alen, uint16_t port)
{
	uint32_t h = port;

	for (uint8_t i = 0; i + 4 <= alen; i += 4)
		h = mix(h, (uint32_t)a[i] << 24 | (uint32_t)a[i + 1] << 16 |
			(uint32_t)a[i + 2] << 8 | a[i + 3]);
	return h;
}

/* The same for both directions: the endpoint hashes are combined in
 * order. */
static uint32_t conv_hash(uint8_t proto, const uint8_t *a, uint16_t pa,
	const uint8_t *b, uint16_t pb, uint8_t alen)
{
	uint32_t ea = endpoint_hash(a, alen, pa), eb = endpoint_hash(b, alen, pb);

	if (ea > eb) {
		uint32_t t = ea; ea = eb; eb = t;
	}
	return mix(mix(mix(proto, alen), ea), eb);
}

static bool endpoint_is(const struct conv *c, int i, const uint8_t *a, uint16_t port)
{
	return c->port[i] == port && memcmp(c->addr[i], a, c->alen) == 0;
}

struct conv *conv_find(struct conv_table *t, uint8_t proto, const uint8_t *src,
	const uint8_t *dst, uint8_t alen, uint16_t sport, uint16_t dport, int *from)
{
	if (alen > CONV_ADDR_MAX)
		alen = CONV_ADDR_MAX;
	uint32_t h = conv_hash(proto, src, sport, dst, dport, alen);
	uint32_t i = h % t->nslots;

	for (;; i = (i + 1) % t->nslots) {
		struct conv *c = &t->slots[i];
		if (!c->used)
			break;
		if (c->proto != proto || c->alen != alen)
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
	if (t->count >= t->max) {
		memset(t->slots, 0, (size_t)t->nslots * sizeof(*t->slots));
		t->count = 0;
		i = h % t->nslots;
	}
	struct conv *c = &t->slots[i];
	memset(c, 0, sizeof(*c));
	c->used = true;
	c->proto = proto;
	c->alen = alen;
	memcpy(c->addr[0], src, alen);
	memcpy(c->addr[1], dst, alen);
	c->port[0] = sport;
	c->port[1] = dport;
	c->index = t->next_index[proto]++;
	t->count++;
	*from = 0;
	return c;
}
