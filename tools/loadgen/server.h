/* The target's servers: echo (every request answered, with the reply size
 * it asks for, optionally held `delay` first) and sink (everything read
 * and counted, nothing answered), over UDP, TCP or both on one port.  One
 * thread, epoll, non-blocking sockets: a slow or stopped client never
 * stalls the others; UDP alone without a delay is a blocking
 * recvfrom/sendto loop. */
#ifndef LOADGEN_SERVER_H
#define LOADGEN_SERVER_H

#include <stdatomic.h>
#include <stdint.h>

#include "params.h"

struct server;

struct server_counts {
	uint64_t messages, bytes;
};

/* Binds the sockets (errors here, before any client is told to go);
 * host NULL = any address.  Returns NULL with err set. */
struct server *server_open(const char *host, uint16_t port, enum lg_proto proto, int sink,
			   uint64_t delay_ns, char *err, size_t errlen);
/* Serves until server_stop() or lg_interrupted. */
void server_run(struct server *s);
/* Runs server_run() in a thread of its own. */
int server_start_thread(struct server *s);
void server_stop(struct server *s);
/* Messages (datagrams or TCP reads) and bytes received so far. */
struct server_counts server_counts(struct server *s);
/* Stops the thread, if any, and frees everything. */
void server_close(struct server *s);

#endif
