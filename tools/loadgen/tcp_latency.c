/* Client test "tcp-latency": TCP echo round trips at a fixed open-loop
 * rate, pipelined on each connection (requests never wait for replies);
 * the engine is latency.c. */
#include "client.h"
#include "output.h"
#include "result.h"

LG_CLIENT_TEST(test_tcp_latency, "tcp-latency", KIND_TCP_LATENCY, PK_CLIENT_COMMON | PK_DIST | PK_SEED | PK_SPIN | PK_PACE,
	       "TCP echo round trips at a fixed open-loop rate, pipelined")
