/* Giving up root for good once the capture is open (pcapture -Z). */
#ifndef PCAPTURE_PRIVDROP_H
#define PCAPTURE_PRIVDROP_H

#include <sys/types.h>

/* Whether USER (UID, GID and its supplementary groups) may access PATH
 * with MODE (as access(2)), checked while still root by taking the user's
 * effective ids for the moment of the check.  Returns 0, or -1 with errno
 * set (EACCES when the user may not). */
int privdrop_user_access(const char *user, uid_t uid, gid_t gid, const char *path, int mode);

/* Switches the whole process to USER (uid, gid and USER's supplementary
 * groups) and checks that root cannot be regained.  Returns 0, or -1 with
 * the failed step in *WHAT and errno set. */
int privdrop(const char *user, uid_t uid, gid_t gid, const char **what);

#endif
