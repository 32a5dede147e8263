/* The demo case's wire format, shared by its client and server.
 *
 * TCP: a request is a 4-byte big-endian length followed by that many bytes;
 * the reply has the same framing and carries the request's bytes in reverse
 * order followed by REPLY_EXTRA bytes of '#', so replies are a little larger
 * than requests and both directions carry data.
 * UDP: a datagram "ping N" is answered by "pong N". */
#ifndef DEMO_H
#define DEMO_H

#include <stddef.h>
#include <stdint.h>

#define DEMO_TCP_PORT 7000
#define DEMO_UDP_PORT 7001
#define DEMO_MAX_MSG 65536
#define DEMO_REPLY_EXTRA 16

/* Reads or writes exactly n bytes; returns 0, or -1 on error or early EOF. */
int demo_read_full(int fd, void *buf, size_t n);
int demo_write_full(int fd, const void *buf, size_t n);

/* Builds the reply to a request of len bytes into out (len + REPLY_EXTRA). */
void demo_make_reply(const unsigned char *req, size_t len, unsigned char *out);

#endif
