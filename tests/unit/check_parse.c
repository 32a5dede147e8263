/* Unit tests of the one number parser every tool uses. */
#include "unit.h"
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "parse.h"

START_TEST(whole_numbers)
{
	uint64_t v = 7;

	ck_assert_int_eq(parse_u64("0", 0, 10, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(parse_u64("18446744073709551615", 0, UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, UINT64_MAX);
	ck_assert_int_eq(parse_u64("18446744073709551616", 0, UINT64_MAX, &v), -1);
	ck_assert_int_eq(errno, ERANGE);
	ck_assert_int_eq(parse_u64("11", 0, 10, &v), -1);
	ck_assert_int_eq(errno, ERANGE);
	v = 7;
	ck_assert_int_eq(parse_u64("", 0, 10, &v), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(parse_u64("-1", 0, 10, &v), -1);
	ck_assert_int_eq(parse_u64(" 1", 0, 10, &v), -1);
	ck_assert_int_eq(parse_u64("1x", 0, 10, &v), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_uint_eq(v, 7);
}
END_TEST

START_TEST(signed_numbers)
{
	int64_t v;

	ck_assert_int_eq(parse_i64("-9223372036854775808", INT64_MIN, INT64_MAX, &v), 0);
	ck_assert(v == INT64_MIN);
	ck_assert_int_eq(parse_i64("9223372036854775808", INT64_MIN, INT64_MAX, &v), -1);
	ck_assert_int_eq(parse_i64("-5", -4, 4, &v), -1);
	ck_assert_int_eq(errno, ERANGE);
	ck_assert_int_eq(parse_i64("-4", -4, 4, &v), 0);
	ck_assert_int_eq(v, -4);
}
END_TEST

START_TEST(durations)
{
	uint64_t v;

	ck_assert_int_eq(parse_duration_ns("2", 0, UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, 2000000000);
	ck_assert_int_eq(parse_duration_ns("100ms", 0, UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, 100000000);
	ck_assert_int_eq(parse_duration_ns("1.5s", 0, UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, 1500000000);
	ck_assert_int_eq(parse_duration_ns("0.25ms", 0, UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, 250000);
	ck_assert_int_eq(parse_duration_ns("2m", 0, UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, 120000000000ULL);
	ck_assert_int_eq(parse_duration_ns("7us", 0, UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, 7000);
	ck_assert_int_eq(parse_duration_ns("1.s", 0, UINT64_MAX, &v), -1);
	ck_assert_int_eq(parse_duration_ns("1 s", 0, UINT64_MAX, &v), -1);
	ck_assert_int_eq(parse_duration_ns("5parsecs", 0, UINT64_MAX, &v), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(parse_duration_ns("99999999999h", 0, UINT64_MAX, &v), -1);
	ck_assert_int_eq(errno, ERANGE);
}
END_TEST

START_TEST(sizes)
{
	uint64_t v;

	ck_assert_int_eq(parse_size("4096", 0, UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, 4096);
	ck_assert_int_eq(parse_size("64k", 0, UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, 65536);
	ck_assert_int_eq(parse_size("2M", 0, UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, 2097152);
	ck_assert_int_eq(parse_size("1.5K", 0, UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, 1536);
	ck_assert_int_eq(parse_size("1G", 0, 1024, &v), -1);
	ck_assert_int_eq(errno, ERANGE);
	ck_assert_int_eq(parse_size("1Q", 0, UINT64_MAX, &v), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

int main(void)
{
	return unit_run(unit_suite("parse", NULL, NULL, UNIT_TESTS(
		whole_numbers,
		signed_numbers,
		durations,
		sizes)));
}
