/* libFuzzer target over loadgen's result unmarshaller (a tester's reply to
 * STOP, as the controller reads it): any bytes are refused or give a
 * result that marshalls again and unmarshalls to the same bytes, and that
 * merges into an aggregate without fault. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "result.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_result r, again, all;
	char err[256], *m1 = NULL, *m2 = NULL;
	size_t l1 = 0, l2 = 0;

	if (result_unmarshall((const char *)data, size, &r, err, sizeof(err)) != 0)
		return 0;
	if (result_marshall(&r, &m1, &l1) != 0)
		abort();
	if (result_unmarshall(m1, l1, &again, err, sizeof(err)) != 0)
		abort();
	if (result_marshall(&again, &m2, &l2) != 0 || l1 != l2 || memcmp(m1, m2, l1) != 0)
		abort();
	if (result_init(&all, r.test, r.window_ns, r.interval_ns) == 0) {
		result_merge(&all, &r);
		result_merge(&all, &again);
		result_free(&all);
	}
	free(m1);
	free(m2);
	result_free(&r);
	result_free(&again);
	return 0;
}
