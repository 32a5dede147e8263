/* Unit tests of loadgen's control protocol parser (ipbench's line
 * protocol): SETUP fields and quoting, status lines, Content-length, and
 * the bounded line reader over a real socket pair. */
#include "unit.h"
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "loadgen.h"
#include "proto.h"

START_TEST(setup_fields)
{
	char v[64];

	ck_assert_int_eq(proto_field("hostname::\"10.0.0.1\" port::\"7\" args::\"rate=5,size=64\"", "args", v, sizeof(v)), 0);
	ck_assert_str_eq(v, "rate=5,size=64");
	ck_assert_int_eq(proto_field("hostname::\"10.0.0.1\" port::\"7\"", "port", v, sizeof(v)), 0);
	ck_assert_str_eq(v, "7");
	ck_assert_int_eq(proto_field("args::\"\"", "args", v, sizeof(v)), 0);
	ck_assert_str_eq(v, "");
	ck_assert_int_eq(proto_field("hostname::\"h\"", "args", v, sizeof(v)), 1);
	/* A key inside another value is not the key. */
	ck_assert_int_eq(proto_field("args::\"x port::\\\"9\\\"\"", "port", v, sizeof(v)), 1);
	ck_assert_int_eq(proto_field("args::\"a\\\"b\\\\c\"", "args", v, sizeof(v)), 0);
	ck_assert_str_eq(v, "a\"b\\c");
	ck_assert_int_eq(proto_field("args::\"unterminated", "args", v, sizeof(v)), -1);
	ck_assert_int_eq(proto_field("args::\"bad\\escape\"", "args", v, sizeof(v)), -1);
	ck_assert_int_eq(proto_field("args::\"0123456789\"", "args", v, 10), -1);
}
END_TEST

START_TEST(quoting_round_trip)
{
	char q[64], line[80], back[64];

	ck_assert_int_eq(proto_quote("say \"hi\" \\o/", q, sizeof(q)), 0);
	snprintf(line, sizeof(line), "args::\"%s\"", q);
	ck_assert_int_eq(proto_field(line, "args", back, sizeof(back)), 0);
	ck_assert_str_eq(back, "say \"hi\" \\o/");
	ck_assert_int_eq(proto_quote("two\nlines", q, sizeof(q)), -1);
	ck_assert_int_eq(proto_quote("0123456789", q, 5), -1);
}
END_TEST

START_TEST(status_lines)
{
	size_t len;

	ck_assert_int_eq(proto_status("100 IPBENCH V1.0"), 100);
	ck_assert_int_eq(proto_status("220 VALID DATA (Data to follow)"), 220);
	ck_assert_int_eq(proto_status("200"), 200);
	ck_assert_int_eq(proto_status("20"), -1);
	ck_assert_int_eq(proto_status("2000 x"), -1);
	ck_assert_int_eq(proto_status("abc def"), -1);
	ck_assert_int_eq(proto_status("099 x"), -1);
	ck_assert_int_eq(proto_content_length("Content-length: 42", &len), 0);
	ck_assert_uint_eq(len, 42);
	ck_assert_int_eq(proto_content_length("content-length:7", &len), 0);
	ck_assert_uint_eq(len, 7);
	ck_assert_int_eq(proto_content_length("Content-length: 999999999999", &len), -1);
	ck_assert_int_eq(proto_content_length("Content-length: -1", &len), -1);
	ck_assert_int_eq(proto_content_length("Length: 5", &len), -1);
}
END_TEST

START_TEST(bounded_reader)
{
	int sv[2];
	struct proto_conn c;
	char line[PROTO_LINE_MAX + 1], data[8];
	static char big[PROTO_LINE_MAX + 10];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	proto_init(&c, sv[0]);
	const char *in = "HELLO\r\nSTOP\nabcdefg";
	ck_assert_int_eq(write(sv[1], in, strlen(in)), (ssize_t)strlen(in));
	ck_assert_int_eq(proto_read_line(&c, line, sizeof(line), mono_ns() + 1000000000ULL), 5);
	ck_assert_str_eq(line, "HELLO");
	ck_assert_int_eq(proto_read_line(&c, line, sizeof(line), mono_ns() + 1000000000ULL), 4);
	ck_assert_str_eq(line, "STOP");
	ck_assert_int_eq(proto_read_data(&c, data, 7, mono_ns() + 1000000000ULL), 0);
	ck_assert_int_eq(memcmp(data, "abcdefg", 7), 0);
	/* Nothing more: the deadline ends the wait. */
	uint64_t t0 = mono_ns();
	ck_assert_int_eq(proto_read_line(&c, line, sizeof(line), t0 + 50000000ULL), -1);
	ck_assert_int_eq(errno, ETIMEDOUT);
	ck_assert_uint_lt(mono_ns() - t0, 1000000000ULL);
	/* A line longer than the bound is refused, not buffered forever. */
	memset(big, 'x', sizeof(big));
	ck_assert_int_eq(write(sv[1], big, sizeof(big)), (ssize_t)sizeof(big));
	ck_assert_int_eq(proto_read_line(&c, line, sizeof(line), mono_ns() + 1000000000ULL), -1);
	ck_assert_int_eq(errno, EMSGSIZE);
	/* The peer gone: ECONNRESET. */
	proto_init(&c, sv[0]);
	close(sv[1]);
	ck_assert_int_eq(proto_read_line(&c, line, sizeof(line), mono_ns() + 1000000000ULL), -1);
	ck_assert_int_eq(errno, ECONNRESET);
	close(sv[0]);
}
END_TEST

int main(void)
{
	return unit_run(unit_suite("loadgen_proto", NULL, NULL,
		UNIT_TESTS(setup_fields, quoting_round_trip, status_lines, bounded_reader)));
}
