/* SIGINT and SIGTERM end loops and interrupt blocking calls (no
 * SA_RESTART), so a daemon, a server or a run stops soon and cleanly. */
#include <signal.h>
#include <string.h>

#include "commands.h"
#include "loadgen.h"

volatile sig_atomic_t lg_interrupted;

static void on_signal(int sig)
{
	(void)sig;
	lg_interrupted = 1;
}

void handle_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}
