/* Unit tests of the guest scope (-g): the processes whose network namespace
 * is the caller's.  A child that moved to a namespace of its own
 * (unshare(CLONE_NEWNET), which needs root: without it that part is left
 * out, said on stderr) is not in scope; a child that stayed is. */
#include "unit.h"
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"
#include "proctable.h"
#include "scope.h"

/* A child that (when own_netns) enters a new network namespace, says so
 * on a pipe, and waits to be killed.  Returns its pid, or -1 when the
 * namespace could not be made. */
static pid_t child(int own_netns)
{
	int p[2];
	char ok;
	pid_t pid;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(p[0]);
		ok = own_netns && unshare(CLONE_NEWNET) != 0 ? 'n' : 'y';
		if (write(p[1], &ok, 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	ck_assert_int_eq(read(p[0], &ok, 1), 1);
	close(p[0]);
	if (ok != 'y') {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	return pid;
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

START_TEST(guest_scope_holds_its_namespace_only)
{
	struct scope sc;
	struct proctable *t = proctable_new(65536, 0);
	pid_t here = child(0), away = child(1);

	scope_init(&sc);
	scope_opt_guest(&sc, 'g');
	ck_assert_int_eq(sc.kind, SCOPE_NET);
	ck_assert_str_eq(scope_name(&sc), "guest");
	ck_assert_int_eq(scope_start(&sc), 0);
	ck_assert_uint_eq(sc.net_ino, scope_net_ino(0));
	ck_assert_uint_eq(sc.net_ino, scope_net_ino(getpid()));

	ck_assert_int_ge(scope_track(&sc, t), 2);
	ck_assert_ptr_nonnull(proctable_find_pid(t, getpid()));
	ck_assert_ptr_nonnull(proctable_find_pid(t, here));
	ck_assert_int_eq(scope_in_net(&sc, here), 1);
	if (away < 0) {
		fprintf(stderr, "check_scope_net: no network namespace of its own (not root?): "
			"the other-namespace case is not checked\n");
	} else {
		ck_assert_uint_ne(scope_net_ino(away), sc.net_ino);
		ck_assert_int_eq(scope_in_net(&sc, away), 0);
		ck_assert_ptr_null(proctable_find_pid(t, away));
	}

	/* A later walk adds only the newcomers of the namespace. */
	pid_t late = child(0);
	ck_assert_int_eq(scope_discover(&sc, t), 1);
	ck_assert_ptr_nonnull(proctable_find_pid(t, late));
	ck_assert_int_eq(scope_discover(&sc, t), 0);

	reap(late);
	reap(here);
	if (away > 0)
		reap(away);
	/* A process that is gone has no namespace to read. */
	ck_assert_uint_eq(scope_net_ino(here), 0);
	proctable_free(t);
}
END_TEST

START_TEST(other_scopes_hold_every_namespace)
{
	struct scope sc;

	scope_init(&sc);
	ck_assert_str_eq(scope_name(&sc), "all");
	ck_assert_int_eq(scope_in_net(&sc, getpid()), 1);
	ck_assert_int_eq(scope_in_net(&sc, 1), 1);
}
END_TEST

START_TEST(guest_and_pid_conflict_exits_2)
{
	struct scope sc;

	scope_init(&sc);
	scope_opt_guest(&sc, 'g');
	scope_opt_pid(&sc, 'p', "1");
}
END_TEST

START_TEST(pid_and_guest_conflict_exits_2)
{
	struct scope sc;

	scope_init(&sc);
	scope_opt_pid(&sc, 'p', "1");
	scope_opt_guest(&sc, 'g');
}
END_TEST

START_TEST(guest_and_command_conflict_exits_2)
{
	struct scope sc;
	char cmd[] = "true", *argv[] = { cmd, NULL };

	scope_init(&sc);
	scope_opt_guest(&sc, 'g');
	scope_opt_command(&sc, 1, argv);
}
END_TEST

int main(void)
{
	err_init("check_scope_net");
	Suite *s = unit_suite("scope_net", NULL, NULL, UNIT_TESTS(
		guest_scope_holds_its_namespace_only, other_scopes_hold_every_namespace));
	TCase *exits = tcase_create("usage");
	tcase_add_exit_test(exits, guest_and_pid_conflict_exits_2, 2);
	tcase_add_exit_test(exits, pid_and_guest_conflict_exits_2, 2);
	tcase_add_exit_test(exits, guest_and_command_conflict_exits_2, 2);
	suite_add_tcase(s, exits);
	return unit_run(s);
}
