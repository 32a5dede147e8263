/* The subcommands of loadgen, each a main() of its own. */
#ifndef LOADGEN_COMMANDS_H
#define LOADGEN_COMMANDS_H

int daemon_main(int argc, char **argv);
int run_main(int argc, char **argv);
int server_main(int argc, char **argv, int sink);
/* SIGINT/SIGTERM set lg_interrupted; SIGPIPE ignored (signals.c). */
void handle_signals(void);

#endif
