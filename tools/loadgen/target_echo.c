/* Target plugin "echo": answers every request (UDP and TCP on `port`),
 * holding each reply `delay` when asked, and meters the CPU. */
#include "result.h"
#include "target.h"

LG_TARGET_PLUGIN(target_echo, "echo", TARGET_ECHO, PK_PORT | PK_DELAY | PK_PROTO,
		 "echo server (delay=, proto=, port=) with the CPU meter")
