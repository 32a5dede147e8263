/* The daemons' stop flag, set by jobmgr.c's SIGINT/SIGTERM handler.  It
 * lives outside main's file so that the daemon code links without it
 * (the fuzz target and the unit tests link everything but main). */
#include "daemon.h"

volatile int stop_requested;
