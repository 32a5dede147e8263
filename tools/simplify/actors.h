/* The endpoints seen in a capture: each distinct (proto, addr, port) once,
 * in the order of first appearance, so the list is deterministic.  Memory
 * grows with the number of endpoints, never with the number of packets. */
#ifndef SIMPLIFY_ACTORS_H
#define SIMPLIFY_ACTORS_H

#include <stddef.h>

struct actor {
	char *proto;
	char *addr;
	char *port;     /* NULL when the protocol has no ports (arp, icmp) */
};

struct actors {
	struct actor *list;     /* in order of first appearance */
	size_t count, cap;
	size_t *slots;          /* hash index: 0 empty, else list index + 1 */
	size_t nslots;          /* a power of two, kept at least twice count */
};

void actors_init(struct actors *a);
void actors_free(struct actors *a);

/* Adds the endpoint unless already known (port may be NULL or "", both
 * meaning no port).  Returns 1 if added, 0 if known, -1 with errno ENOMEM. */
int actors_add(struct actors *a, const char *proto, const char *addr, const char *port);

#endif
