/* Unit tests of cpumon's arithmetic: shares of a CPU from CPU time and
 * from /proc/stat counters. */
#include "unit.h"
#include <stdint.h>

#include "cpu_usage.h"

START_TEST(share_of_one_cpu)
{
	ck_assert_int_eq(cpu_pct_centi(0, 1000), 0);
	ck_assert_int_eq(cpu_pct_centi(500000000, 1000000000), 5000);
	ck_assert_int_eq(cpu_pct_centi(1000000000, 1000000000), 10000);
	/* two threads spinning: 200% */
	ck_assert_int_eq(cpu_pct_centi(2000000000, 1000000000), 20000);
	/* rounded to the nearest hundredth: 1/3 -> 33.33, 2/3 -> 66.67 */
	ck_assert_int_eq(cpu_pct_centi(1, 3), 3333);
	ck_assert_int_eq(cpu_pct_centi(2, 3), 6667);
	ck_assert_int_eq(cpu_pct_centi(5, 0), 0);
	/* a day of CPU time over a day: no overflow */
	ck_assert_int_eq(cpu_pct_centi(86400000000000ull, 86400000000000ull), 10000);
}
END_TEST

START_TEST(busy_share_between_readings)
{
	struct procfs_cpu a = { 0, 100, 0, 50, 800, 50, 0, 0, 0 };
	struct procfs_cpu b = a;

	/* nothing passed: no share to tell */
	ck_assert_int_eq(cpu_busy_centi(&a, &b), -1);
	b.user += 30;
	b.system += 10;
	b.idle += 50;
	b.iowait += 10;
	ck_assert_int_eq(cpu_busy_centi(&a, &b), 4000);
	/* counters going back (CPU hot-plug) count as nothing passed */
	ck_assert_int_eq(cpu_busy_centi(&b, &a), -1);
	b = a;
	b.steal += 5;
	b.irq += 5;
	ck_assert_int_eq(cpu_busy_centi(&a, &b), 10000);
}
END_TEST

START_TEST(cumulative_times_of_a_cpu)
{
	struct procfs_cpu c = { 1, 10, 5, 20, 99, 99, 3, 2, 7 };
	uint64_t tick = procfs_ticks_to_ns(1);

	ck_assert_uint_eq(cpu_user_ns(&c), 15 * tick);
	ck_assert_uint_eq(cpu_system_ns(&c), 25 * tick);
}
END_TEST

int main(void)
{
	return unit_run(unit_suite("cpumon", NULL, NULL,
		UNIT_TESTS(share_of_one_cpu, busy_share_between_readings,
			   cumulative_times_of_a_cpu)));
}
