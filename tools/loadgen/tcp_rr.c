/* Client test "tcp-rr": request/response of given sizes, persistent or a
 * connection per request, closed loop or at a rate; the engine is rr.c. */
#include "client.h"
#include "output.h"
#include "result.h"

LG_CLIENT_TEST(test_tcp_rr, "tcp-rr", KIND_TCP_RR, PK_CLIENT_COMMON | PK_REPLY | PK_PERSISTENT | PK_DIST | PK_SEED,
	       "TCP request/response of given sizes, persistent or a connection per request")
