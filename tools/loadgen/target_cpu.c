/* Target plugin "cpu" (also under ipbench's name cpu_target_lukem): the
 * CPU meter alone, beside whatever server is being measured. */
#include "result.h"
#include "target.h"

LG_TARGET_PLUGIN(target_cpu, "cpu", TARGET_CPU, 0, "CPU meter only (ipbench's cpu_target_lukem)")
