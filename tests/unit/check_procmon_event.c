/* Unit tests of procmon's record writer: argv quoting, the CPU time split,
 * exit status columns. */
#include "unit.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "event.h"
#include "tsv.h"

START_TEST(quotes_args_like_a_shell)
{
	static const char args[] = "sh\0-c\0echo 'hi'\0a b\0\0x=1,y";
	char out[128];

	size_t n = event_quote_args(args, sizeof(args) - 1, out, sizeof(out));
	ck_assert_str_eq(out, "sh -c 'echo '\\''hi'\\''' 'a b' '' x=1,y");
	ck_assert_uint_eq(n, strlen(out));
}
END_TEST

START_TEST(quoting_is_bounded)
{
	static const char args[] = "abcdefghij\0klm";
	char out[8];

	ck_assert_uint_eq(event_quote_args(args, sizeof(args) - 1, out, sizeof(out)), 7);
	ck_assert_str_eq(out, "abcdefg");
}
END_TEST

START_TEST(cpu_split_follows_the_tick_ratio)
{
	struct procmon_event e = { .runtime_ns = 1000, .utime_ns = 30, .stime_ns = 10 };
	uint64_t u, s;

	event_cpu_split(&e, &u, &s);
	ck_assert_uint_eq(u, 750);
	ck_assert_uint_eq(s, 250);
	e.utime_ns = 0, e.stime_ns = 0;	/* no tick seen: all user, as the kernel */
	event_cpu_split(&e, &u, &s);
	ck_assert_uint_eq(u, 1000);
	ck_assert_uint_eq(s, 0);
}
END_TEST

START_TEST(exit_record_columns)
{
	int fds[2];
	char buf[512] = "";
	struct tsv t;
	struct event_clock c;
	struct procmon_event e = { .kind = PROCMON_EXIT, .pid = 42, .ppid = 1, .uid = 1000,
		.exit_status = 9 | 0x80, .runtime_ns = 5, .utime_ns = 1, .maxrss_pages = 10,
		.comm = "worker" };

	ck_assert_int_eq(pipe(fds), 0);
	event_clock_init(&c);
	tsv_init(&t, fds[1]);
	ck_assert_int_eq(event_write_header(&t, "bpf"), 0);
	ck_assert_int_eq(event_write(&t, &c, &e), 0);
	ck_assert_int_gt(read(fds[0], buf, sizeof(buf) - 1), 0);
	ck_assert_int_eq(strncmp(buf, "# procmon backend=bpf\ntime\tevent\t", 33), 0);
	char *record = strchr(strchr(buf, '\n') + 1, '\n') + 1;
	/* after the time: signal 9 with a core dump */
	char expect[128];
	snprintf(expect, sizeof(expect), "\texit\t42\t1\t1000\tworker\t-\t9\t1\t5\t0\t%llu\t-\t-\t-\t-\n",
	         (unsigned long long)(10 * c.page_kb));
	ck_assert_str_eq(strchr(record, '\t'), expect);
	tsv_free(&t);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

int main(void)
{
	return unit_run(unit_suite("procmon_event", NULL, NULL, UNIT_TESTS(
		quotes_args_like_a_shell, quoting_is_bounded,
		cpu_split_follows_the_tick_ratio, exit_record_columns)));
}
