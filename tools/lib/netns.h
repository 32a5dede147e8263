/* Entering a named network namespace (as made by `ip netns add`). */
#ifndef SONDE_NETNS_H
#define SONDE_NETNS_H

/* Moves the calling thread into /run/netns/NAME (or the namespace file NAME
 * when it contains a '/').  Returns 0, or -1 with errno set. */
int netns_enter(const char *name);

#endif
