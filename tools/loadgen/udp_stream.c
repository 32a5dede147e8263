/* Client test "udp-stream": UDP datagrams to a sink, unlimited or at a
 * message rate (the sink's count shows the loss); the engine is stream.c. */
#include "client.h"
#include "output.h"
#include "result.h"

LG_CLIENT_TEST(test_udp_stream, "udp-stream", KIND_UDP_STREAM, PK_CLIENT_COMMON | PK_DIST | PK_SEED,
	       "UDP throughput to a sink, unlimited or at a message rate")
