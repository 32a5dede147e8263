#include "net.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"

/* Datagram sockets get room for bursts: at 100000 requests/s a default
 * receive buffer overflows after a few ms of scheduling delay. */
static void widen_buffers(int fd, int type)
{
	int size = 4 << 20;

	if (type != SOCK_DGRAM)
		return;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
}

int net_resolve(const char *host, uint16_t port, int type, struct net_addr *a, char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = type }, *res;
	char service[8];
	int rc;

	snprintf(service, sizeof(service), "%u", port);
	rc = getaddrinfo(host, service, &hints, &res);
	if (rc != 0) {
		snprintf(err, errlen, "%s: %s", host, gai_strerror(rc));
		return -1;
	}
	memcpy(&a->ss, res->ai_addr, res->ai_addrlen);
	a->len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

int net_connect(const struct net_addr *a, int type, uint64_t timeout_ns, char *err, size_t errlen)
{
	int fd = socket(a->ss.ss_family, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), one = 1, soerr = 0;
	socklen_t sl = sizeof(soerr);

	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	if (type == SOCK_STREAM)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	widen_buffers(fd, type);
	if (connect(fd, (const struct sockaddr *)&a->ss, a->len) != 0) {
		struct pollfd pfd = { .fd = fd, .events = POLLOUT };
		int ms = (int)(timeout_ns / 1000000) + 1;
		if (errno != EINPROGRESS) {
			soerr = errno;
		} else if (poll(&pfd, 1, ms) != 1) {
			soerr = ETIMEDOUT;
		} else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0) {
			soerr = errno;
		}
		if (soerr) {
			snprintf(err, errlen, "connect: %s", strerror(soerr));
			close(fd);
			return -1;
		}
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

int net_listen(const char *host, uint16_t port, int type, char *err, size_t errlen)
{
	struct net_addr a;
	int fd, one = 1;

	if (net_resolve(host ? host : "0.0.0.0", port, type, &a, err, errlen) != 0)
		return -1;
	fd = socket(a.ss.ss_family, type | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	widen_buffers(fd, type);
	if (bind(fd, (struct sockaddr *)&a.ss, a.len) != 0 || (type == SOCK_STREAM && listen(fd, 128) != 0)) {
		snprintf(err, errlen, "%s port %u: %s", type == SOCK_STREAM ? "tcp" : "udp", port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int net_send_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int net_split_hostport(const char *s, char *host, size_t hostlen, uint16_t *port)
{
	const char *colon, *end;
	uint64_t v;

	if (s[0] == '[') {
		end = strchr(s, ']');
		if (!end)
			return -1;
		colon = end[1] == ':' ? end + 1 : NULL;
		if (!colon && end[1] != '\0')
			return -1;
		s++;
	} else {
		colon = strrchr(s, ':');
		if (colon && strchr(s, ':') != colon)
			colon = NULL;   /* a bare IPv6 address */
		end = colon ? colon : s + strlen(s);
	}
	if (end == s || (size_t)(end - s) >= hostlen)
		return -1;
	memcpy(host, s, (size_t)(end - s));
	host[end - s] = '\0';
	if (colon) {
		if (parse_u64(colon + 1, 1, 65535, &v) != 0)
			return -1;
		*port = (uint16_t)v;
	}
	return 0;
}
