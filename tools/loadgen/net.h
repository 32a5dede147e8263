/* Socket helpers shared by the tests, the servers and the control
 * protocol: name resolution, connect with a deadline, listen, send all. */
#ifndef LOADGEN_NET_H
#define LOADGEN_NET_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct net_addr {
	struct sockaddr_storage ss;
	socklen_t len;
};

/* host: a name or numeric address; returns 0, or -1 with err set. */
int net_resolve(const char *host, uint16_t port, int type, struct net_addr *a, char *err, size_t errlen);
/* A connected socket of TYPE (SOCK_STREAM gets TCP_NODELAY), blocking,
 * connected within timeout_ns; -1 with err set. */
int net_connect(const struct net_addr *a, int type, uint64_t timeout_ns, char *err, size_t errlen);
/* A bound (and for SOCK_STREAM listening) socket; host NULL = any. */
int net_listen(const char *host, uint16_t port, int type, char *err, size_t errlen);
/* Writes all of buf (MSG_NOSIGNAL); returns 0, or -1 with errno. */
int net_send_all(int fd, const void *buf, size_t len);
/* Splits "host[:port]" (or "[v6]:port"); port stays as given when absent. */
int net_split_hostport(const char *s, char *host, size_t hostlen, uint16_t *port);

#endif
