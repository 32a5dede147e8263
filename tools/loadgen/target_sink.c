/* Target plugin "sink": reads and counts everything sent to `port` (UDP
 * and TCP), answers nothing, and meters the CPU. */
#include "result.h"
#include "target.h"

LG_TARGET_PLUGIN(target_sink, "sink", TARGET_SINK, PK_PORT | PK_PROTO,
		 "discard server (proto=, port=) with the CPU meter")
