/* Unit tests of pcap2xml's bounds-checked cursor. */
#include "unit.h"
#include <stdint.h>
#include <stdlib.h>

#include "cursor.h"

static const uint8_t frame[8] = { 0x45, 0x00, 0x00, 0x3c, 0xde, 0xad, 0xbe, 0xef };

START_TEST(reads_in_network_order)
{
	struct cursor c;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;

	cursor_init(&c, frame, 8, 8);
	ck_assert(cursor_u8(&c, &u8));
	ck_assert_uint_eq(u8, 0x45);
	ck_assert(cursor_skip(&c, 1));
	ck_assert(cursor_be16(&c, &u16));
	ck_assert_uint_eq(u16, 0x003c);
	ck_assert(cursor_be32(&c, &u32));
	ck_assert_uint_eq(u32, 0xdeadbeef);
	ck_assert_uint_eq(c.pos, 8);
	ck_assert_uint_eq(cursor_left(&c), 0);
	ck_assert_int_eq(c.fault, CURSOR_OK);
}
END_TEST

START_TEST(never_reads_past_the_captured_length)
{
	struct cursor c;
	uint32_t u32 = 7;
	uint16_t u16;

	/* 6 of 8 bytes captured: a 4-byte read at 4 must fail, cut short. */
	cursor_init(&c, frame, 6, 8);
	ck_assert(cursor_skip(&c, 4));
	ck_assert(!cursor_be32(&c, &u32));
	ck_assert_uint_eq(u32, 7);
	ck_assert_uint_eq(c.pos, 4);
	ck_assert_int_eq(c.fault, CURSOR_SHORT);
	ck_assert(cursor_be16(&c, &u16));
	ck_assert_ptr_null(cursor_bytes(&c, 1));
	ck_assert(!cursor_peek_be16(&c, 0, &u16));
}
END_TEST

START_TEST(beyond_the_packet_is_malformed)
{
	struct cursor c;
	uint8_t u8;

	cursor_init(&c, frame, 8, 8);
	ck_assert(!cursor_have(&c, 6, 3));
	ck_assert_int_eq(c.fault, CURSOR_MALFORMED);
	/* Huge lengths from packet fields must not wrap around. */
	ck_assert(!cursor_have(&c, 1, SIZE_MAX));
	ck_assert(!cursor_have(&c, SIZE_MAX, 1));
	ck_assert(!cursor_peek_u8(&c, 8, &u8));
	ck_assert(cursor_peek_u8(&c, 7, &u8));
	ck_assert_uint_eq(u8, 0xef);
}
END_TEST

START_TEST(limit_shrinks_only)
{
	struct cursor c;

	cursor_init(&c, frame, 8, 8);
	ck_assert(cursor_skip(&c, 2));
	cursor_limit(&c, 4);
	ck_assert_uint_eq(cursor_left(&c), 4);
	ck_assert_uint_eq(cursor_reported_left(&c), 4);
	cursor_limit(&c, 100);
	ck_assert_uint_eq(cursor_left(&c), 4);
	ck_assert(!cursor_have(&c, 0, 5));
	ck_assert_int_eq(c.fault, CURSOR_MALFORMED);
}
END_TEST

int main(void)
{
	return unit_run(unit_suite("pcap2xml_cursor", NULL, NULL, UNIT_TESTS(
		reads_in_network_order,
		never_reads_past_the_captured_length,
		beyond_the_packet_is_malformed,
		limit_shrinks_only)));
}
