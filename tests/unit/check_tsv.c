/* Unit tests of the TSV writer the monitors share: header, escaping,
 * numbers, one write per complete record. */
#include "unit.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tsv.h"

static int pipefd[2];
static struct tsv t;

static void setup(void)
{
	ck_assert_int_eq(pipe(pipefd), 0);
	tsv_init(&t, pipefd[1]);
}

static void teardown(void)
{
	tsv_free(&t);
	close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
}

/* Everything written so far (the write end is closed). */
static const char *drain(void)
{
	static char out[4096];
	size_t n = 0;
	ssize_t r;

	close(pipefd[1]);
	pipefd[1] = -1;
	while ((r = read(pipefd[0], out + n, sizeof(out) - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	return out;
}

static const char *const cols2[] = { "a", "b" };

START_TEST(header_and_records)
{
	ck_assert_int_eq(tsv_header(&t, "cpumon backend=proc", cols2, 2), 0);
	tsv_u64(&t, 1);
	tsv_str(&t, "x");
	ck_assert_int_eq(tsv_end(&t), 0);
	tsv_i64(&t, -42);
	tsv_none(&t);
	ck_assert_int_eq(tsv_end(&t), 0);
	ck_assert_str_eq(drain(), "# cpumon backend=proc\na\tb\n1\tx\n-42\t-\n");
}
END_TEST

START_TEST(no_meta_line)
{
	ck_assert_int_eq(tsv_header(&t, NULL, cols2, 2), 0);
	ck_assert_str_eq(drain(), "a\tb\n");
}
END_TEST

START_TEST(escapes_separators)
{
	static const char *const one[] = { "s" };

	ck_assert_int_eq(tsv_header(&t, "two\nlines", one, 1), 0);
	tsv_str(&t, "tab\there\nnl\\bs\rcr");
	ck_assert_int_eq(tsv_end(&t), 0);
	tsv_strn(&t, "ab\tcd", 3);
	ck_assert_int_eq(tsv_end(&t), 0);
	tsv_str(&t, "");
	ck_assert_int_eq(tsv_end(&t), 0);
	ck_assert_str_eq(drain(), "# two lines\ns\ntab\\there\\nnl\\\\bs\\rcr\nab\\t\n\n");
}
END_TEST

START_TEST(numbers)
{
	static const char *const c[] = { "u", "i", "f1", "f2", "f3", "f4" };

	ck_assert_int_eq(tsv_header(&t, NULL, c, 6), 0);
	tsv_u64(&t, UINT64_MAX);
	tsv_i64(&t, INT64_MIN);
	tsv_fixed(&t, 1234, 2);
	tsv_fixed(&t, 5, 2);
	tsv_fixed(&t, -1005, 3);
	tsv_fixed(&t, 7, 0);
	ck_assert_int_eq(tsv_end(&t), 0);
	ck_assert_str_eq(drain(), "u\ti\tf1\tf2\tf3\tf4\n"
		"18446744073709551615\t-9223372036854775808\t12.34\t0.05\t-1.005\t7\n");
}
END_TEST

START_TEST(incomplete_record_is_not_written)
{
	ck_assert_int_eq(tsv_header(&t, NULL, cols2, 2), 0);
	tsv_u64(&t, 1);
	errno = 0;
	ck_assert_int_eq(tsv_end(&t), -1);
	ck_assert_int_eq(errno, EINVAL);
	tsv_u64(&t, 1);
	tsv_u64(&t, 2);
	tsv_u64(&t, 3);
	ck_assert_int_eq(tsv_end(&t), -1);
	tsv_u64(&t, 4);
	tsv_u64(&t, 5);
	ck_assert_int_eq(tsv_end(&t), 0);
	ck_assert_str_eq(drain(), "a\tb\n4\t5\n");
}
END_TEST

START_TEST(write_error_is_reported)
{
	ck_assert_int_eq(tsv_header(&t, NULL, cols2, 2), 0);
	close(pipefd[0]);
	pipefd[0] = open("/dev/null", 0);
	/* The reader is gone: EPIPE (SIGPIPE ignored for the test). */
	signal(SIGPIPE, SIG_IGN);
	tsv_u64(&t, 1);
	tsv_u64(&t, 2);
	ck_assert_int_eq(tsv_end(&t), -1);
	ck_assert_int_eq(errno, EPIPE);
}
END_TEST

START_TEST(long_fields_grow_the_record)
{
	static const char *const one[] = { "s" };
	char big[3000];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(tsv_header(&t, NULL, one, 1), 0);
	tsv_str(&t, big);
	ck_assert_int_eq(tsv_end(&t), 0);
	const char *out = drain();
	ck_assert_uint_eq(strlen(out), 2 + sizeof(big));
}
END_TEST

START_TEST(formats_u64)
{
	char b[21];

	ck_assert_uint_eq(tsv_fmt_u64(b, 0), 1);
	ck_assert_str_eq(b, "0");
	ck_assert_uint_eq(tsv_fmt_u64(b, 1000000007), 10);
	ck_assert_str_eq(b, "1000000007");
}
END_TEST

int main(void)
{
	return unit_run(unit_suite("tsv", setup, teardown,
		UNIT_TESTS(header_and_records, no_meta_line, escapes_separators, numbers,
			   incomplete_record_is_not_written, write_error_is_reported,
			   long_fields_grow_the_record, formats_u64)));
}
