/* Unit tests of the /proc/PID/stat parser the process table seeds from:
 * comms with spaces and parentheses, malformed text, and a real read. */
#include "unit.h"
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"

#define TAIL " 4242 0 -1 4194560 100 0 0 0 250 37 0 0 20 0 3 0 123456 10000 77 18446744073709551615\n"

START_TEST(parses_fields)
{
	const char *text = "4242 (bash) S 4241 4242" TAIL;
	struct procfs_stat st;

	ck_assert_int_eq(procfs_parse_stat(text, strlen(text), &st), 0);
	ck_assert_int_eq(st.pid, 4242);
	ck_assert_str_eq(st.comm, "bash");
	ck_assert_int_eq(st.state, 'S');
	ck_assert_int_eq(st.ppid, 4241);
	ck_assert_uint_eq(st.utime, 250);
	ck_assert_uint_eq(st.stime, 37);
	ck_assert_int_eq(st.num_threads, 3);
	ck_assert_uint_eq(st.starttime, 123456);
	ck_assert_uint_eq(st.rss_pages, 77);
}
END_TEST

START_TEST(comm_with_spaces_and_parens)
{
	const char *text = "7 (a) b (c)) R 1 7" TAIL;
	struct procfs_stat st;

	ck_assert_int_eq(procfs_parse_stat(text, strlen(text), &st), 0);
	ck_assert_str_eq(st.comm, "a) b (c)");
	ck_assert_int_eq(st.state, 'R');
	ck_assert_int_eq(st.ppid, 1);
}
END_TEST

START_TEST(malformed_is_einval)
{
	static const char *bad[] = {
		"", "12", "12 (x", "x (y) S 1 2" TAIL, "12 (x) S 1 2 3\n",
		"12 (x) SS 1 2" TAIL, "12 (x) S one 2" TAIL,
	};
	struct procfs_stat st;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		ck_assert_int_eq(procfs_parse_stat(bad[i], strlen(bad[i]), &st), -1);
		ck_assert_int_eq(errno, EINVAL);
	}
}
END_TEST

START_TEST(reads_own_stat)
{
	struct procfs_stat st;

	ck_assert_int_eq(procfs_read_stat(getpid(), &st), 0);
	ck_assert_int_eq(st.pid, getpid());
	ck_assert_int_eq(st.ppid, getppid());
	ck_assert_int_eq(st.state, 'R');
	ck_assert_uint_gt(st.starttime, 0);
	errno = 0;
	ck_assert_int_eq(procfs_read_stat(4194304 + 1, &st), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

START_TEST(boot_to_realtime_is_close_to_now)
{
	struct timespec b, r;

	clock_gettime(CLOCK_BOOTTIME, &b);
	clock_gettime(CLOCK_REALTIME, &r);
	uint64_t boot = (uint64_t)b.tv_sec * 1000000000u + (uint64_t)b.tv_nsec;
	uint64_t real = (uint64_t)r.tv_sec * 1000000000u + (uint64_t)r.tv_nsec;
	uint64_t conv = procfs_boottime_to_realtime(boot);
	ck_assert_uint_lt(conv > real ? conv - real : real - conv, 1000000);	/* 1 ms */
	ck_assert_uint_eq(procfs_ticks_to_ns(3), 3 * (1000000000u / procfs_ticks_per_sec()));
}
END_TEST

int main(void)
{
	return unit_run(unit_suite("proctable_stat", NULL, NULL, UNIT_TESTS(
		parses_fields, comm_with_spaces_and_parens, malformed_is_einval,
		reads_own_stat, boot_to_realtime_is_close_to_now)));
}
