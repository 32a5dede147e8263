/* Unit tests of the process scope: a command held until released, its exit
 * status as a shell gives it (127/126 when it cannot run), abort, the pid
 * scope, and what scope_track puts in the table. */
#include "unit.h"
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "proctable.h"
#include "scope.h"

static char flag[] = "/tmp/check_scope.XXXXXX";

/* A NULL-terminated argv of copies (string literals are const here). */
static char **args(const char *first, ...)
{
	static char copies[8][128];
	static char *v[8];
	va_list ap;
	int n = 0;

	va_start(ap, first);
	for (const char *a = first; a != NULL && n < 7; a = va_arg(ap, const char *)) {
		snprintf(copies[n], sizeof(copies[n]), "%s", a);
		v[n] = copies[n];
		n++;
	}
	va_end(ap);
	v[n] = NULL;
	return v;
}

static int run(char **argv)
{
	struct scope sc;

	scope_init(&sc);
	scope_opt_command(&sc, 1, argv);	/* argc only needs to be > 0 */
	ck_assert_int_eq(sc.kind, SCOPE_CMD);
	ck_assert_int_eq(scope_start(&sc), 0);
	ck_assert_int_eq(scope_release(&sc), 0);
	return scope_wait(&sc);
}

START_TEST(command_exit_status_passes_through)
{
	ck_assert_int_eq(run(args("true", NULL)), 0);
	ck_assert_int_eq(run(args("sh", "-c", "exit 3", NULL)), 3);
	ck_assert_int_eq(run(args("sh", "-c", "kill -9 $$", NULL)), 128 + 9);
}
END_TEST

START_TEST(command_that_cannot_run_is_127_or_126)
{
	ck_assert_int_eq(run(args("/nonexistent/sonde-no-such-cmd", NULL)), 127);
	ck_assert_int_eq(run(args("sonde-no-such-cmd-on-path", NULL)), 127);
	ck_assert_int_eq(run(args("/tmp", NULL)), 126);	/* EACCES: found, not executable */
}
END_TEST

START_TEST(command_is_held_until_released)
{
	char script[128];
	struct scope sc;
	struct pollfd pfd;

	ck_assert_int_ne(mkstemp(flag), -1);
	unlink(flag);
	snprintf(script, sizeof(script), "touch %s", flag);
	char **argv = args("sh", "-c", script, NULL);
	scope_init(&sc);
	scope_opt_command(&sc, 3, argv);
	ck_assert_int_eq(scope_start(&sc), 0);
	ck_assert_int_ge(scope_pollfd(&sc), 0);
	usleep(100000);
	ck_assert_int_ne(access(flag, F_OK), 0);	/* not run yet */
	ck_assert_int_eq(scope_cmd_done(&sc), 0);

	struct proctable *t = proctable_new(8, 0);
	ck_assert_int_eq(scope_track(&sc, t), 1);
	ck_assert_ptr_nonnull(proctable_find(t, sc.pid, sc.start));
	proctable_free(t);

	ck_assert_int_eq(scope_release(&sc), 0);
	pfd = (struct pollfd){ .fd = scope_pollfd(&sc), .events = POLLIN };
	ck_assert_int_eq(poll(&pfd, 1, 5000), 1);	/* readable: it ended */
	ck_assert_int_eq(scope_cmd_done(&sc), 1);
	ck_assert_int_eq(scope_wait(&sc), 0);
	ck_assert_int_eq(access(flag, F_OK), 0);
	unlink(flag);
}
END_TEST

START_TEST(abort_never_runs_the_command)
{
	char script[128];
	struct scope sc;

	snprintf(flag, sizeof(flag), "/tmp/check_scope.%d", (int)getpid());
	snprintf(script, sizeof(script), "touch %s", flag);
	char **argv = args("sh", "-c", script, NULL);
	scope_init(&sc);
	scope_opt_command(&sc, 3, argv);
	ck_assert_int_eq(scope_start(&sc), 0);
	scope_abort(&sc);
	ck_assert_int_ne(access(flag, F_OK), 0);
	ck_assert_int_eq(sc.status != -1, 1);
}
END_TEST

START_TEST(pid_scope_checks_the_pid)
{
	struct scope sc;

	scope_init(&sc);
	scope_opt_pid(&sc, 'p', "4194304");
	errno = 0;
	ck_assert_int_eq(scope_start(&sc), -1);
	ck_assert_int_eq(errno, ESRCH);

	char self[16];
	snprintf(self, sizeof(self), "%d", (int)getpid());
	scope_init(&sc);
	scope_opt_pid(&sc, 'p', self);
	ck_assert_int_eq(scope_start(&sc), 0);
	ck_assert_uint_gt(sc.start, 0);
	struct proctable *t = proctable_new(64, 0);
	ck_assert_int_ge(scope_track(&sc, t), 1);
	ck_assert_ptr_nonnull(proctable_find(t, getpid(), sc.start));
	ck_assert_ptr_null(proctable_find_pid(t, getppid()));
	proctable_free(t);
	ck_assert_int_eq(scope_wait(&sc), 0);	/* nothing to wait for */
}
END_TEST

START_TEST(bad_pid_option_exits_2)
{
	struct scope sc;

	scope_init(&sc);
	scope_opt_pid(&sc, 'p', "12x");
}
END_TEST

START_TEST(pid_and_command_conflict_exits_2)
{
	struct scope sc;
	char **argv = args("true", NULL);

	scope_init(&sc);
	scope_opt_pid(&sc, 'p', "1");
	scope_opt_command(&sc, 1, argv);
}
END_TEST

int main(void)
{
	err_init("check_scope");
	Suite *s = unit_suite("scope", NULL, NULL, UNIT_TESTS(
		command_exit_status_passes_through, command_that_cannot_run_is_127_or_126,
		command_is_held_until_released, abort_never_runs_the_command,
		pid_scope_checks_the_pid));
	TCase *exits = tcase_create("usage");
	tcase_add_exit_test(exits, bad_pid_option_exits_2, 2);
	tcase_add_exit_test(exits, pid_and_command_conflict_exits_2, 2);
	suite_add_tcase(s, exits);
	return unit_run(s);
}
