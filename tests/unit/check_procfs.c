/* Unit tests of the /proc readers (tools/lib/procfs*.c) against fixture
 * files in tests/data/procfs/ (copied from a real 6.1 kernel, plus a few
 * made by hand for the odd cases), and against this process's own /proc. */
#include "unit.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procfs.h"

static char text[65536];
static size_t text_len;

/* Loads tests/data/procfs/NAME into text. */
static void fixture(const char *name)
{
	char path[4096];
	const char *top = getenv("SONDE_TOP");

	if (top != NULL)
		snprintf(path, sizeof(path), "%s/tests/data/procfs/%s", top, name);
	else    /* __FILE__ is TOP/tests/unit/check_procfs.c */
		snprintf(path, sizeof(path), "%.*s/../data/procfs/%s",
			 (int)(strrchr(__FILE__, '/') - __FILE__), __FILE__, name);
	ssize_t n = procfs_read_file(path, text, sizeof(text));
	ck_assert_msg(n > 0, "cannot read %s", path);
	text_len = (size_t)n;
}

START_TEST(status_of_a_process)
{
	struct procfs_mem m;

	fixture("status-process");
	ck_assert_int_eq(procfs_parse_status_mem(text, text_len, &m), 0);
	ck_assert_int_eq(m.has_mm, 1);
	ck_assert_uint_eq(m.rss_kb, 1696);
	ck_assert_uint_eq(m.hwm_kb, 1696);
}
END_TEST

START_TEST(status_of_a_kernel_thread)
{
	struct procfs_mem m = { 1, 7, 7 };

	fixture("status-kthread");
	ck_assert_int_eq(procfs_parse_status_mem(text, text_len, &m), 0);
	ck_assert_int_eq(m.has_mm, 0);
	ck_assert_uint_eq(m.rss_kb, 0);
}
END_TEST

START_TEST(status_with_a_bad_unit)
{
	struct procfs_mem m;

	fixture("status-bad-unit");
	errno = 0;
	ck_assert_int_eq(procfs_parse_status_mem(text, text_len, &m), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(pss_from_smaps_rollup)
{
	uint64_t pss = 0;

	fixture("smaps_rollup");
	ck_assert_int_eq(procfs_parse_pss(text, text_len, &pss), 0);
	ck_assert_uint_eq(pss, 246);
	ck_assert_int_eq(procfs_parse_pss("Rss: 1 kB\n", 10, &pss), -1);
	ck_assert_int_eq(errno, ENODATA);
}
END_TEST

START_TEST(cpu_lines_of_proc_stat)
{
	struct procfs_cpu c[8];

	fixture("stat-2cpus");
	ck_assert_int_eq(procfs_parse_cpus(text, text_len, c, 8), 3);
	ck_assert_int_eq(c[0].cpu, -1);
	ck_assert_uint_eq(c[0].user, 32610);
	ck_assert_uint_eq(c[0].steal, 100);
	ck_assert_int_eq(c[2].cpu, 1);
	ck_assert_uint_eq(c[2].idle, 101376);
	ck_assert_uint_eq(procfs_cpu_busy(&c[1]), 13844 + 11 + 8364 + 549 + 48);
	ck_assert_uint_eq(procfs_cpu_total(&c[1]), procfs_cpu_busy(&c[1]) + 109448 + 120);
	/* Fewer entries than CPUs: the first ones only. */
	ck_assert_int_eq(procfs_parse_cpus(text, text_len, c, 2), 2);
}
END_TEST

START_TEST(cut_cpu_line_is_refused)
{
	struct procfs_cpu c[8];

	fixture("stat-cut");
	ck_assert_int_eq(procfs_parse_cpus(text, text_len, c, 8), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(stat_with_parentheses_in_comm)
{
	struct procfs_stat st;

	fixture("stat-odd-comm");
	ck_assert_int_eq(procfs_parse_stat(text, text_len, &st), 0);
	ck_assert_str_eq(st.comm, "a) b) c");
	ck_assert_int_eq(st.ppid, 1);
	ck_assert_uint_eq(st.utime, 150);
	ck_assert_uint_eq(st.stime, 25);
	ck_assert_int_eq(st.num_threads, 3);
	ck_assert_uint_eq(st.starttime, 98765);
}
END_TEST

START_TEST(own_process_live)
{
	struct procfs_mem m;
	struct procfs_cpu c[2];
	uint64_t pss;

	ck_assert_int_eq(procfs_read_status_mem(getpid(), &m), 0);
	ck_assert_int_eq(m.has_mm, 1);
	ck_assert_uint_gt(m.rss_kb, 0);
	ck_assert_uint_ge(m.hwm_kb, m.rss_kb);
	ck_assert_int_eq(procfs_read_pss(getpid(), &pss), 0);
	ck_assert_uint_gt(pss, 0);
	ck_assert_int_ge(procfs_read_cpus(c, 2), 1);
	ck_assert_uint_gt(procfs_cpu_total(&c[0]), 0);
	errno = 0;
	ck_assert_int_eq(procfs_read_status_mem(0x3fffffff, &m), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

int main(void)
{
	return unit_run(unit_suite("procfs", NULL, NULL,
		UNIT_TESTS(status_of_a_process, status_of_a_kernel_thread,
			   status_with_a_bad_unit, pss_from_smaps_rollup,
			   cpu_lines_of_proc_stat, cut_cpu_line_is_refused,
			   stat_with_parentheses_in_comm, own_process_live)));
}
