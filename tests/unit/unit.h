/* What every Check unit test program shares: running its suite. */
#ifndef SONDE_UNIT_H
#define SONDE_UNIT_H

#include <check.h>

/* Runs every test of the suite (CK_FORK, CK_VERBOSITY, CK_TAP_LOG_FILE_NAME
 * from the environment, as tests/run-tests sets them) and returns the exit
 * status for main(): EXIT_SUCCESS when none failed. */
int unit_run(Suite *suite);

/* A suite of one test case holding the given tests, each run between
 * setup and teardown (checked fixtures; either may be NULL). */
Suite *unit_suite(const char *name, void (*setup)(void), void (*teardown)(void),
                  const TTest *const *tests, size_t count);

#define UNIT_TESTS(...) \
	((const TTest *const[]){ __VA_ARGS__ }), \
	(sizeof((const TTest *const[]){ __VA_ARGS__ }) / sizeof(const TTest *))

#endif
