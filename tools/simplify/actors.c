#include "actors.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void actors_init(struct actors *a)
{
	memset(a, 0, sizeof(*a));
}

void actors_free(struct actors *a)
{
	for (size_t i = 0; i < a->count; i++) {
		free(a->list[i].proto);
		free(a->list[i].addr);
		free(a->list[i].port);
	}
	free(a->list);
	free(a->slots);
	actors_init(a);
}

/* FNV-1a over the three fields, with a separator so ("ab","c") and
 * ("a","bc") differ. */
static uint64_t hash_str(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	h ^= 0xff;
	return h * 0x100000001b3ULL;
}

static uint64_t actor_hash(const char *proto, const char *addr, const char *port)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	h = hash_str(h, proto);
	h = hash_str(h, addr);
	return hash_str(h, port ? port : "");
}

static int same_port(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The slot holding the endpoint, or the empty slot where it belongs. */
static size_t *find_slot(const struct actors *a, uint64_t h,
			 const char *proto, const char *addr, const char *port)
{
	size_t mask = a->nslots - 1;

	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		size_t *slot = &a->slots[i];
		if (*slot == 0)
			return slot;
		const struct actor *e = &a->list[*slot - 1];
		if (strcmp(e->addr, addr) == 0 && same_port(e->port, port) &&
		    strcmp(e->proto, proto) == 0)
			return slot;
	}
}

static int grow_index(struct actors *a)
{
	size_t nslots = a->nslots ? a->nslots * 2 : 64;
	size_t *slots = calloc(nslots, sizeof(*slots));

	if (slots == NULL)
		return -1;
	free(a->slots);
	a->slots = slots;
	a->nslots = nslots;
	for (size_t i = 0; i < a->count; i++) {
		const struct actor *e = &a->list[i];
		*find_slot(a, actor_hash(e->proto, e->addr, e->port),
			   e->proto, e->addr, e->port) = i + 1;
	}
	return 0;
}

int actors_add(struct actors *a, const char *proto, const char *addr, const char *port)
{
	if (port != NULL && *port == '\0')
		port = NULL;
	if ((a->count + 1) * 2 > a->nslots && grow_index(a) != 0)
		return -1;

	uint64_t h = actor_hash(proto, addr, port);
	size_t *slot = find_slot(a, h, proto, addr, port);
	if (*slot != 0)
		return 0;

	if (a->count == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;
		struct actor *list = realloc(a->list, cap * sizeof(*list));
		if (list == NULL)
			return -1;
		a->list = list;
		a->cap = cap;
	}
	struct actor e = {
		.proto = strdup(proto),
		.addr = strdup(addr),
		.port = port ? strdup(port) : NULL,
	};
	if (e.proto == NULL || e.addr == NULL || (port && e.port == NULL)) {
		free(e.proto);
		free(e.addr);
		free(e.port);
		errno = ENOMEM;
		return -1;
	}
	a->list[a->count++] = e;
	*slot = a->count;
	return 1;
}
