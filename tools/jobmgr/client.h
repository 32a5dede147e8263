/* The client commands of jobmgr: submit, status, wait, cancel, list,
 * shutdown.  Each returns the command's exit status. */
#ifndef JOBMGR_CLIENT_H
#define JOBMGR_CLIENT_H

int client_main(int argc, char **argv);

#endif
