#include "privdrop.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <unistd.h>

int privdrop_user_access(const char *user, uid_t uid, gid_t gid, const char *path, int mode)
{
	uid_t euid = geteuid();
	gid_t egid = getegid();
	int rc, saved;

	if (initgroups(user, gid) != 0 || setegid(gid) != 0)
		return -1;
	if (seteuid(uid) != 0) {
		saved = errno;
		(void)!setegid(egid);
		errno = saved;
		return -1;
	}
	rc = faccessat(AT_FDCWD, path, mode, AT_EACCESS);
	saved = errno;
	/* Back to the ids we had, or stop here: going on half-switched
	 * would be worse than failing. */
	if (seteuid(euid) != 0 || setegid(egid) != 0)
		return -1;
	errno = saved;
	return rc;
}

int privdrop(const char *user, uid_t uid, gid_t gid, const char **what)
{
	uid_t ruid, euid, suid;
	gid_t rgid, egid, sgid;

	/* Groups first: once the uid is gone, they can no longer be set. */
	*what = "initgroups";
	if (initgroups(user, gid) != 0)
		return -1;
	*what = "setresgid";
	if (setresgid(gid, gid, gid) != 0)
		return -1;
	*what = "setresuid";
	if (setresuid(uid, uid, uid) != 0)
		return -1;

	/* Verify: every id is the user's, and root is not to be had back. */
	*what = "checking the new ids";
	if (getresuid(&ruid, &euid, &suid) != 0 || getresgid(&rgid, &egid, &sgid) != 0)
		return -1;
	if (ruid != uid || euid != uid || suid != uid ||
	    rgid != gid || egid != gid || sgid != gid) {
		errno = EPERM;
		return -1;
	}
	if (uid != 0 && (setuid(0) == 0 || seteuid(0) == 0)) {
		*what = "root could be regained";
		errno = EPERM;
		return -1;
	}
	return 0;
}
