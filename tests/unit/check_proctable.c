/* Unit tests of the process table: (pid, start) keys, pid reuse, the
 * subtree rule, removal amid collisions, the size bound, iteration, and
 * seeding from the real /proc. */
#include "unit.h"
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "procfs.h"
#include "proctable.h"

static struct proctable *t;

static void setup(void)
{
	t = proctable_new(64, sizeof(uint64_t));
	ck_assert_ptr_nonnull(t);
}

static void teardown(void)
{
	proctable_free(t);
}

START_TEST(add_then_find_by_pid_and_start)
{
	int added;
	struct proc *p = proctable_add(t, 100, 5000, 1, &added);

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(added, 1);
	ck_assert_ptr_eq(proctable_find(t, 100, 5000), p);
	ck_assert_ptr_null(proctable_find(t, 100, 5001));
	ck_assert_ptr_eq(proctable_find_pid(t, 100), p);
	ck_assert_ptr_eq(proctable_add(t, 100, 5000, 7, &added), p);
	ck_assert_int_eq(added, 0);
	ck_assert_int_eq(p->ppid, 7);
	ck_assert_uint_eq(proctable_count(t), 1);
}
END_TEST

START_TEST(extra_data_is_zeroed_and_kept)
{
	struct proc *p = proctable_add(t, 42, 1, 1, NULL);
	uint64_t *d = proc_data(p);

	ck_assert_uint_eq(*d, 0);
	*d = 77;
	ck_assert_uint_eq(*(uint64_t *)proc_data(proctable_find_pid(t, 42)), 77);
	/* a reused pid starts afresh */
	p = proctable_add(t, 42, 2, 1, NULL);
	ck_assert_uint_eq(*(uint64_t *)proc_data(p), 0);
}
END_TEST

START_TEST(reused_pid_replaces_stale_entry)
{
	int added;

	proctable_add(t, 300, 10, 1, NULL);
	struct proc *p = proctable_add(t, 300, 20, 2, &added);
	ck_assert_int_eq(added, 1);
	ck_assert_uint_eq(proctable_count(t), 1);
	ck_assert_ptr_null(proctable_find(t, 300, 10));
	ck_assert_ptr_eq(proctable_find(t, 300, 20), p);
}
END_TEST

START_TEST(child_added_only_under_tracked_older_parent)
{
	int added;

	proctable_add(t, 10, 100, 1, NULL);
	/* parent tracked and older: in scope */
	ck_assert_ptr_nonnull(proctable_add_child(t, 11, 150, 10, &added));
	ck_assert_int_eq(added, 1);
	/* grandchild through the child */
	ck_assert_ptr_nonnull(proctable_add_child(t, 12, 160, 11, &added));
	/* parent not tracked: out of scope, errno 0 */
	errno = 99;
	ck_assert_ptr_null(proctable_add_child(t, 20, 200, 19, &added));
	ck_assert_int_eq(errno, 0);
	ck_assert_int_eq(added, 0);
	/* the tracked pid 10 is younger than this child: the child's real
	 * parent was an earlier holder of pid 10, not in scope */
	ck_assert_ptr_null(proctable_add_child(t, 21, 50, 10, &added));
	ck_assert_uint_eq(proctable_count(t), 3);
}
END_TEST

START_TEST(remove_keeps_colliding_entries_reachable)
{
	/* 48 pids in a 64-entry table (index of 128 slots): many share probe
	 * runs; remove every other one and find the rest. */
	for (pid_t pid = 1; pid <= 48; pid++)
		ck_assert_ptr_nonnull(proctable_add(t, pid * 128, (uint64_t)pid, 1, NULL));
	for (pid_t pid = 1; pid <= 48; pid += 2)
		proctable_remove(t, proctable_find_pid(t, pid * 128));
	ck_assert_uint_eq(proctable_count(t), 24);
	for (pid_t pid = 1; pid <= 48; pid++) {
		struct proc *p = proctable_find_pid(t, pid * 128);
		if (pid % 2)
			ck_assert_ptr_null(p);
		else
			ck_assert_int_eq(p != NULL && p->start == (uint64_t)pid, 1);
	}
}
END_TEST

START_TEST(full_table_says_enospc)
{
	for (pid_t pid = 1; pid <= 64; pid++)
		ck_assert_ptr_nonnull(proctable_add(t, pid, 1, 1, NULL));
	errno = 0;
	ck_assert_ptr_null(proctable_add(t, 65, 1, 1, NULL));
	ck_assert_int_eq(errno, ENOSPC);
	/* after a removal there is room again */
	proctable_remove(t, proctable_find_pid(t, 3));
	ck_assert_ptr_nonnull(proctable_add(t, 65, 1, 1, NULL));
}
END_TEST

START_TEST(remember_keeps_an_entry_and_empties_a_full_table)
{
	struct proc *p = proctable_remember(t, 7);

	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_eq(proctable_remember(t, 7), p);
	for (pid_t pid = 8; pid < 8 + 63; pid++)
		ck_assert_ptr_nonnull(proctable_remember(t, pid));
	ck_assert_uint_eq(proctable_count(t), 64);
	/* full: the old facts are forgotten, the new one kept */
	ck_assert_ptr_nonnull(proctable_remember(t, 500));
	ck_assert_uint_eq(proctable_count(t), 1);
	ck_assert_ptr_null(proctable_find_pid(t, 7));
	ck_assert_ptr_nonnull(proctable_find_pid(t, 500));
	proctable_clear(t);
	ck_assert_uint_eq(proctable_count(t), 0);
}
END_TEST

START_TEST(bad_sizes_rejected)
{
	errno = 0;
	ck_assert_ptr_null(proctable_new(0, 0));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(proctable_new((size_t)1 << 25, 0));
}
END_TEST

START_TEST(iteration_visits_each_once_and_allows_removal)
{
	size_t cursor = 0, n = 0;
	struct proc *p;
	uint64_t seen = 0;

	for (pid_t pid = 1; pid <= 40; pid++)
		proctable_add(t, pid, 1, 1, NULL);
	while ((p = proctable_next(t, &cursor)) != NULL) {
		ck_assert_int_eq((seen >> p->pid) & 1, 0);
		seen |= 1ull << p->pid;
		n++;
		if (p->pid % 4 == 0)
			proctable_remove(t, p);
	}
	ck_assert_uint_eq(n, 40);
	ck_assert_uint_eq(proctable_count(t), 30);
}
END_TEST

START_TEST(seed_finds_subtree_from_proc)
{
	int fds[2];
	char c;

	ck_assert_int_eq(pipe(fds), 0);
	pid_t child = fork();
	if (child == 0) {
		pid_t grandchild = fork();
		if (grandchild == 0) {
			close(fds[0]);
			pause();
			_exit(0);
		}
		/* tell the parent both exist */
		ck_assert_int_eq(write(fds[1], &grandchild, sizeof(grandchild)), sizeof(grandchild));
		pause();
		_exit(0);
	}
	close(fds[1]);
	pid_t grandchild;
	ck_assert_int_eq(read(fds[0], &grandchild, sizeof(grandchild)), sizeof(grandchild));
	(void)c;

	ck_assert_int_eq(proctable_seed(t, child), 2);
	struct proc *g = proctable_find_pid(t, grandchild);
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(g->ppid, child);
	struct procfs_stat st;
	ck_assert_int_eq(procfs_read_stat(grandchild, &st), 0);
	ck_assert_uint_eq(g->start, st.starttime);
	ck_assert_ptr_null(proctable_find_pid(t, getpid()));	/* not the parent */

	kill(grandchild, SIGKILL);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	close(fds[0]);
}
END_TEST

START_TEST(seed_of_missing_pid_is_esrch)
{
	errno = 0;
	/* pid_max is at most 4194304; beyond that no process exists */
	ck_assert_int_eq(proctable_seed(t, 4194304 + 1), -1);
	ck_assert_int_eq(errno, ESRCH);
}
END_TEST

int main(void)
{
	return unit_run(unit_suite("proctable", setup, teardown, UNIT_TESTS(
		add_then_find_by_pid_and_start, extra_data_is_zeroed_and_kept,
		reused_pid_replaces_stale_entry, child_added_only_under_tracked_older_parent,
		remove_keeps_colliding_entries_reachable, full_table_says_enospc,
		remember_keeps_an_entry_and_empties_a_full_table,
		bad_sizes_rejected, iteration_visits_each_once_and_allows_removal,
		seed_finds_subtree_from_proc, seed_of_missing_pid_is_esrch)));
}
