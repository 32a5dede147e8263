/* mem-touch: makes a known amount of memory resident, for memmon's
 * known-answer tests.
 *
 *   mem-touch MB [HOLD_SECONDS]
 *
 * Maps MB MiB of anonymous memory, writes every page, keeps it for
 * HOLD_SECONDS (default 0), then exits. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: mem-touch MB [HOLD_SECONDS]\n");
		return 2;
	}
	size_t len = (size_t)strtoul(argv[1], NULL, 10) << 20;
	double hold = argc == 3 ? strtod(argv[2], NULL) : 0;
	long page = sysconf(_SC_PAGESIZE);
	volatile char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mem-touch: mmap");
		return 1;
	}
	for (size_t off = 0; off < len; off += (size_t)page)
		p[off] = 1;
	if (hold > 0) {
		struct timespec ts = { (time_t)hold, (long)((hold - (double)(time_t)hold) * 1e9) };
		nanosleep(&ts, NULL);
	}
	return 0;
}
