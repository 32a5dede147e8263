/* Client test "udp-latency" (ipbench's "latency"): UDP echo round trips at
 * a fixed open-loop rate, constant or Poisson, over one or more sockets;
 * the engine is latency.c. */
#include "client.h"
#include "output.h"
#include "result.h"

LG_CLIENT_TEST(test_udp_latency, "udp-latency", KIND_UDP_LATENCY, PK_CLIENT_COMMON | PK_DIST | PK_SEED | PK_SPIN | PK_PACE,
	       "UDP echo round trips at a fixed open-loop rate")
