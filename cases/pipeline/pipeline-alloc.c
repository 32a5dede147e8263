/* pipeline-alloc: the memory stage of the pipeline case.  Allocates MB
 * megabytes, touches every page (so they are resident), holds them for a
 * moment, frees them and exits 0.
 *
 *   pipeline-alloc MB [HOLD_MS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
	char *end;
	unsigned long mb, hold_ms = 300;
	struct timespec ts;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: pipeline-alloc MB [HOLD_MS]\n");
		return 2;
	}
	mb = strtoul(argv[1], &end, 10);
	if (*end != '\0' || mb == 0 || mb > 4096) {
		fprintf(stderr, "pipeline-alloc: %s: not a size in MB (1..4096)\n", argv[1]);
		return 2;
	}
	if (argc == 3) {
		hold_ms = strtoul(argv[2], &end, 10);
		if (*end != '\0' || hold_ms > 60000) {
			fprintf(stderr, "pipeline-alloc: %s: not a time in ms (0..60000)\n", argv[2]);
			return 2;
		}
	}
	size_t size = mb << 20;
	char *p = malloc(size);
	if (p == NULL) {
		perror("pipeline-alloc: malloc");
		return 1;
	}
	memset(p, 0x5a, size);	/* every page resident */
	ts.tv_sec = (time_t)(hold_ms / 1000);
	ts.tv_nsec = (long)(hold_ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);
	printf("pipeline-alloc: %lu MB allocated, touched and freed (check byte %d)\n",
	       mb, p[size - 1]);
	free(p);
	return 0;
}
