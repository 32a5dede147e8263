#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "clock.h"
#include "loadgen.h"
#include "net.h"
#include "wire.h"

#define MAX_OUT (64u << 20)       /* a TCP client's unread replies, at most */
#define MAX_PENDING 1000000       /* replies held for `delay`, at most */

/* A TCP connection: how far into the current request, and replies the
 * client has not read yet. */
struct tconn {
	int fd;
	int framed;                  /* -1 unknown, 0 plain echo, 1 framed */
	unsigned char hdr[WIRE_HEADER];
	size_t hdr_have;
	uint64_t left;               /* bytes of the current request still to read */
	unsigned char *out;
	size_t out_len, out_cap;
	int dead;                    /* to be closed once its input is handled */
	struct tconn *next;
};

/* A reply held until `due` (FIFO: the delay is the same for all). */
struct pending {
	uint64_t due;
	struct tconn *conn;          /* NULL for UDP */
	struct sockaddr_storage to;
	socklen_t tolen;
	unsigned char *data;
	size_t len;
	struct pending *next;
};

struct server {
	int udp, tcp, epfd;
	int tfd;                     /* timerfd: the head pending reply is due */
	uint64_t armed;              /* when tfd is set to fire, 0 = disarmed */
	int sink;
	uint64_t delay_ns;
	atomic_int stop;
	_Atomic uint64_t messages, bytes;
	struct tconn *conns;
	struct pending *head, *tail;
	size_t npending;
	unsigned char *buf;
	pthread_t tid;
	int threaded;
};

struct server *server_open(const char *host, uint16_t port, enum lg_proto proto, int sink,
			   uint64_t delay_ns, char *err, size_t errlen)
{
	struct server *s = calloc(1, sizeof(*s));

	if (!s || !(s->buf = malloc(65536))) {
		free(s);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->udp = s->tcp = s->tfd = -1;
	s->sink = sink;
	s->delay_ns = delay_ns;
	s->epfd = epoll_create1(EPOLL_CLOEXEC);
	/* Held replies wake the loop through a timer of nanosecond precision:
	 * epoll_wait's milliseconds would either spin through the last one
	 * (a timeout of 0) or add up to a millisecond to every delay. */
	if (delay_ns && (s->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)) < 0) {
		snprintf(err, errlen, "timerfd: %s", strerror(errno));
		goto fail;
	}
	if (proto != PROTO_TCP && (s->udp = net_listen(host, port, SOCK_DGRAM, err, errlen)) < 0)
		goto fail;
	if (proto != PROTO_UDP && (s->tcp = net_listen(host, port, SOCK_STREAM, err, errlen)) < 0)
		goto fail;
	/* Listening sockets are told from connections by their data pointer. */
	int *fds[3] = { &s->udp, &s->tcp, &s->tfd };
	for (int i = 0; i < 3; i++) {
		if (*fds[i] < 0)
			continue;
		fcntl(*fds[i], F_SETFL, fcntl(*fds[i], F_GETFL) | O_NONBLOCK);
		struct epoll_event ev = { .events = EPOLLIN, .data.ptr = fds[i] };
		if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, *fds[i], &ev) != 0) {
			snprintf(err, errlen, "epoll: %s", strerror(errno));
			goto fail;
		}
	}
	return s;
fail:
	server_close(s);
	return NULL;
}

static void count(struct server *s, size_t n)
{
	atomic_fetch_add(&s->messages, 1);
	atomic_fetch_add(&s->bytes, n);
}

struct server_counts server_counts(struct server *s)
{
	struct server_counts c = { atomic_load(&s->messages), atomic_load(&s->bytes) };
	return c;
}

static void conn_close(struct server *s, struct tconn *c)
{
	struct tconn **pp;

	for (pp = &s->conns; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	for (struct pending *p = s->head; p; p = p->next)
		if (p->conn == c)
			p->conn = NULL, p->tolen = 0;    /* dropped when due */
	epoll_ctl(s->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	free(c->out);
	free(c);
}

/* Sends what a connection has queued; 0, or -1 when it is to be closed. */
static int conn_flush(struct server *s, struct tconn *c)
{
	while (c->out_len > 0) {
		ssize_t n = send(c->fd, c->out, c->out_len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				break;
			return -1;
		}
		memmove(c->out, c->out + n, c->out_len - (size_t)n);
		c->out_len -= (size_t)n;
	}
	struct epoll_event ev = { .events = EPOLLIN | (c->out_len ? EPOLLOUT : 0), .data.ptr = c };
	epoll_ctl(s->epfd, EPOLL_CTL_MOD, c->fd, &ev);
	return 0;
}

static int conn_queue(struct server *s, struct tconn *c, const unsigned char *data, size_t len)
{
	if (c->out_len + len > MAX_OUT)
		return -1;
	if (c->out_len + len > c->out_cap) {
		size_t cap = (c->out_len + len) * 2;
		unsigned char *p = realloc(c->out, cap);
		if (!p)
			return -1;
		c->out = p;
		c->out_cap = cap;
	}
	memcpy(c->out + c->out_len, data, len);
	c->out_len += len;
	return conn_flush(s, c);
}

/* Sends a reply now, or holds it for the delay. */
static void reply(struct server *s, struct tconn *c, const struct sockaddr_storage *to, socklen_t tolen,
		  const unsigned char *data, size_t len)
{
	if (s->delay_ns == 0) {
		if (c) {
			if (conn_queue(s, c, data, len) != 0)
				c->dead = 1;
		} else {
			sendto(s->udp, data, len, MSG_DONTWAIT, (const struct sockaddr *)to, tolen);
		}
		return;
	}
	struct pending *p = calloc(1, sizeof(*p));
	if (!p || s->npending >= MAX_PENDING || !(p->data = malloc(len ? len : 1))) {
		free(p);
		return;   /* dropped: the client counts it as lost */
	}
	p->due = mono_ns() + s->delay_ns;
	p->conn = c;
	if (to)
		memcpy(&p->to, to, tolen);
	p->tolen = tolen;
	memcpy(p->data, data, len);
	p->len = len;
	if (s->tail)
		s->tail->next = p;
	else
		s->head = p;
	s->tail = p;
	s->npending++;
}

static void release_due(struct server *s)
{
	uint64_t now = mono_ns();

	while (s->head && s->head->due <= now) {
		struct pending *p = s->head;
		s->head = p->next;
		if (!s->head)
			s->tail = NULL;
		s->npending--;
		if (p->conn) {
			if (conn_queue(s, p->conn, p->data, p->len) != 0)
				conn_close(s, p->conn);
		} else if (p->tolen) {
			sendto(s->udp, p->data, p->len, MSG_DONTWAIT, (struct sockaddr *)&p->to, p->tolen);
		}
		free(p->data);
		free(p);
	}
}

/* A framed reply: the request's header with the reply's length, padded. */
static void framed_reply(struct server *s, struct tconn *c, const struct sockaddr_storage *to, socklen_t tolen,
			 const struct wire_msg *m)
{
	size_t len = m->reply_len ? m->reply_len : m->len;
	unsigned char *r = calloc(1, len < WIRE_HEADER ? WIRE_HEADER : len);
	struct wire_msg out = *m;

	if (!r)
		return;
	out.len = (uint32_t)len;
	out.reply_len = 0;
	wire_put(r, &out);
	reply(s, c, to, tolen, r, len);
	free(r);
}

/* Counts a datagram of n bytes in s->buf and answers it. */
static void udp_datagram(struct server *s, const struct sockaddr_storage *from, socklen_t fl, size_t n)
{
	struct wire_msg m;

	count(s, n);
	if (s->sink)
		return;
	if (wire_get(s->buf, n, &m) == 0 && m.reply_len && m.reply_len != (uint32_t)n && m.reply_len <= LG_MAX_UDP_SIZE)
		framed_reply(s, NULL, from, fl, &m);
	else
		reply(s, NULL, from, fl, s->buf, n);
}

static void udp_readable(struct server *s)
{
	for (int i = 0; i < 256; i++) {
		struct sockaddr_storage from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(s->udp, s->buf, 65536, MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
		if (n < 0)
			return;
		udp_datagram(s, &from, fl, (size_t)n);
	}
}

/* UDP alone and nothing held: the loop blocks in recvfrom, as sockperf's
 * server does, so a datagram costs one receive and one send, not an
 * epoll round and a receive that finds nothing more (0.5-0.8 us of a
 * loopback round trip here).  The receive timeout lets a stop request be
 * seen; a signal interrupts it at once. */
static void udp_blocking(struct server *s)
{
	struct timeval tv = { 0, 50000 };

	fcntl(s->udp, F_SETFL, fcntl(s->udp, F_GETFL) & ~O_NONBLOCK);
	setsockopt(s->udp, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (!atomic_load(&s->stop) && !lg_interrupted) {
		struct sockaddr_storage from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(s->udp, s->buf, 65536, 0, (struct sockaddr *)&from, &fl);
		if (n >= 0)
			udp_datagram(s, &from, fl, (size_t)n);
	}
}

/* Consumes n bytes of a framed stream: headers are read, bodies skipped,
 * and each complete request answered. */
static void framed_input(struct server *s, struct tconn *c, const unsigned char *p, size_t n)
{
	while (n > 0) {
		if (c->hdr_have < WIRE_HEADER) {
			size_t k = WIRE_HEADER - c->hdr_have < n ? WIRE_HEADER - c->hdr_have : n;
			memcpy(c->hdr + c->hdr_have, p, k);
			c->hdr_have += k;
			p += k;
			n -= k;
			if (c->hdr_have < WIRE_HEADER)
				return;
			struct wire_msg m;
			if (wire_get(c->hdr, WIRE_HEADER, &m) != 0) {
				c->framed = 0;    /* not ours after all: echo from here on */
				return;
			}
			c->left = m.len - WIRE_HEADER;
		}
		size_t k = c->left < n ? (size_t)c->left : n;
		c->left -= k;
		p += k;
		n -= k;
		if (c->left == 0) {
			struct wire_msg m;
			wire_get(c->hdr, WIRE_HEADER, &m);
			if (!s->sink)
				framed_reply(s, c, NULL, 0, &m);
			c->hdr_have = 0;
		}
	}
}

static void tcp_readable(struct server *s, struct tconn *c)
{
	for (int i = 0; i < 64; i++) {
		ssize_t n = recv(c->fd, s->buf, 65536, MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
			conn_close(s, c);
			return;
		}
		if (n < 0)
			return;
		count(s, (size_t)n);
		if (c->framed < 0)
			c->framed = (size_t)n >= 4 && s->buf[0] == 0x4c && s->buf[1] == 0x47 && s->buf[2] == 0x4e &&
				    s->buf[3] == 0x31;
		if (c->framed)
			framed_input(s, c, s->buf, (size_t)n);
		else if (!s->sink)
			reply(s, c, NULL, 0, s->buf, (size_t)n);
		if (c->dead) {
			conn_close(s, c);
			return;
		}
		if (c->out_len > MAX_OUT / 2)
			return;   /* let the client read before reading more */
	}
}

static void tcp_accept(struct server *s)
{
	for (;;) {
		int fd = accept4(s->tcp, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		struct tconn *c = calloc(1, sizeof(*c));
		if (!c) {
			close(fd);
			continue;
		}
		c->fd = fd;
		c->framed = -1;
		c->next = s->conns;
		s->conns = c;
		struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
		epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev);
	}
}

/* Sets the timer to the head pending reply's due time, if it changed. */
static void arm_timer(struct server *s)
{
	if (s->tfd >= 0)
		timer_arm_mono(s->tfd, &s->armed, s->head ? s->head->due : 0);
}

void server_run(struct server *s)
{
	if (s->udp >= 0 && s->tcp < 0 && s->tfd < 0) {
		udp_blocking(s);
		return;
	}
	while (!atomic_load(&s->stop) && !lg_interrupted) {
		struct epoll_event evs[64];
		arm_timer(s);
		int n = epoll_wait(s->epfd, evs, 64, 50);
		for (int i = 0; i < n; i++) {
			if (evs[i].data.ptr == &s->udp)
				udp_readable(s);
			else if (evs[i].data.ptr == &s->tcp)
				tcp_accept(s);
			else if (evs[i].data.ptr == &s->tfd) {
				uint64_t expirations;
				if (read(s->tfd, &expirations, sizeof(expirations)) < 0)
					continue;   /* EAGAIN: re-armed meanwhile */
			} else {
				struct tconn *c = evs[i].data.ptr;
				if ((evs[i].events & EPOLLOUT) && conn_flush(s, c) != 0)
					conn_close(s, c);
				else if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
					tcp_readable(s, c);
			}
		}
		release_due(s);
	}
}

static void *server_thread(void *arg)
{
	server_run(arg);
	return NULL;
}

int server_start_thread(struct server *s)
{
	if (pthread_create(&s->tid, NULL, server_thread, s) != 0)
		return -1;
	s->threaded = 1;
	return 0;
}

void server_stop(struct server *s)
{
	atomic_store(&s->stop, 1);
	if (s->threaded) {
		pthread_join(s->tid, NULL);
		s->threaded = 0;
	}
}

void server_close(struct server *s)
{
	if (!s)
		return;
	server_stop(s);
	while (s->conns)
		conn_close(s, s->conns);
	while (s->head) {
		struct pending *p = s->head;
		s->head = p->next;
		free(p->data);
		free(p);
	}
	if (s->udp >= 0)
		close(s->udp);
	if (s->tcp >= 0)
		close(s->tcp);
	if (s->tfd >= 0)
		close(s->tfd);
	if (s->epfd >= 0)
		close(s->epfd);
	free(s->buf);
	free(s);
}

