/* The target side shared by the echo, sink and cpu plugins: an optional
 * server (started at setup, so it answers before any client starts) and
 * the CPU meter, read over exactly the measurement window. */
#ifndef LOADGEN_TARGET_H
#define LOADGEN_TARGET_H

#include "loadgen.h"

enum target_kind { TARGET_CPU, TARGET_ECHO, TARGET_SINK };

void *target_setup(const struct lg_test *t, enum target_kind kind, const struct lg_params *p, int dry,
		   char *err, size_t errlen);
int target_start(void *state, const struct lg_window *w, char *err, size_t errlen);
int target_stop(void *state);
int target_marshall(void *state, char **data, size_t *len);
void target_destroy(void *state);

/* Defines a target plugin VAR named NAME of KIND (the same functions for
 * all, see LG_CLIENT_TEST). */
#define LG_TARGET_PLUGIN(var, name_, kind, keys_, summary_)                                \
	static void *var##_setup(const struct lg_params *p, int dry, char *err, size_t errlen); \
	const struct lg_test var = {                                                        \
		.name = name_,                                                              \
		.summary = summary_,                                                        \
		.side = LG_TARGET,                                                          \
		.keys = keys_,                                                              \
		.setup = var##_setup,                                                       \
		.start = target_start,                                                      \
		.stop = target_stop,                                                        \
		.marshall = target_marshall,                                                \
		.destroy = target_destroy,                                                  \
		.unmarshall = result_unmarshall,                                            \
	};                                                                                  \
	static void *var##_setup(const struct lg_params *p, int dry, char *err, size_t errlen) \
	{                                                                                   \
		return target_setup(&var, kind, p, dry, err, errlen);                       \
	}

#endif
