/* Client test "tcp-stream": TCP throughput to a sink, one thread per
 * connection, unlimited or at a message rate; the engine is stream.c. */
#include "client.h"
#include "output.h"
#include "result.h"

LG_CLIENT_TEST(test_tcp_stream, "tcp-stream", KIND_TCP_STREAM, PK_CLIENT_COMMON | PK_DIST | PK_SEED,
	       "TCP throughput to a sink, unlimited or at a message rate")
