/* simplify's endpoint set: each (proto, addr, port) once, in order of
 * first appearance, through many insertions (index growth). */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>

#include "actors.h"

START_TEST(dedup_in_first_appearance_order)
{
	struct actors a;

	actors_init(&a);
	ck_assert_int_eq(actors_add(&a, "tcp", "198.18.0.1", "40000"), 1);
	ck_assert_int_eq(actors_add(&a, "tcp", "198.18.0.2", "7000"), 1);
	ck_assert_int_eq(actors_add(&a, "tcp", "198.18.0.1", "40000"), 0);
	ck_assert_int_eq(actors_add(&a, "udp", "198.18.0.1", "40000"), 1);
	ck_assert_int_eq(actors_add(&a, "arp", "02:00:00:00:00:01", NULL), 1);
	ck_assert_int_eq(actors_add(&a, "arp", "02:00:00:00:00:01", ""), 0);
	ck_assert_uint_eq(a.count, 4);
	ck_assert_str_eq(a.list[0].addr, "198.18.0.1");
	ck_assert_str_eq(a.list[1].port, "7000");
	ck_assert_str_eq(a.list[2].proto, "udp");
	ck_assert_ptr_null(a.list[3].port);
	actors_free(&a);
	ck_assert_uint_eq(a.count, 0);
}
END_TEST

START_TEST(fields_do_not_run_together)
{
	struct actors a;

	actors_init(&a);
	ck_assert_int_eq(actors_add(&a, "tcp", "10.0.0.1", "12"), 1);
	ck_assert_int_eq(actors_add(&a, "tcp", "10.0.0.11", "2"), 1);
	ck_assert_int_eq(actors_add(&a, "tcp1", "0.0.0.1", "12"), 1);
	ck_assert_uint_eq(a.count, 3);
	actors_free(&a);
}
END_TEST

START_TEST(many_endpoints)
{
	struct actors a;
	char port[16];

	actors_init(&a);
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 5000; i++) {
			snprintf(port, sizeof(port), "%d", i);
			ck_assert_int_eq(actors_add(&a, "udp", "198.18.0.9", port), round == 0);
		}
	ck_assert_uint_eq(a.count, 5000);
	ck_assert_str_eq(a.list[4321].port, "4321");
	ck_assert_uint_ge(a.nslots, 2 * a.count);
	actors_free(&a);
}
END_TEST

int main(void)
{
	return unit_run(unit_suite("simplify_actors", NULL, NULL, UNIT_TESTS(
		dedup_in_first_appearance_order,
		fields_do_not_run_together,
		many_endpoints)));
}
