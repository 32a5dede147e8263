/* offload-work MS [STATUS]: a compute job of about MS milliseconds of CPU
 * (a busy hash loop), printing its checksum; exits STATUS (default 0). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	uint64_t ms, end, h = 1469598103934665603ULL, rounds = 0;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: offload-work MS [STATUS]\n");
		return 2;
	}
	ms = strtoull(argv[1], NULL, 10);
	end = now_ms() + ms;
	while (now_ms() < end)
		for (int i = 0; i < 10000; i++, rounds++)
			h = (h ^ rounds) * 1099511628211ULL;
	printf("%llu ms %016llx\n", (unsigned long long)ms, (unsigned long long)h);
	return argc == 3 ? atoi(argv[2]) : 0;
}
