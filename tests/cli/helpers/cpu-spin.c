/* cpu-spin: burns a known amount of CPU time, then prints what
 * getrusage(RUSAGE_SELF) measured, for cpumon's known-answer tests.
 *
 *   cpu-spin [-t THREADS] [-m] SECONDS
 *
 * THREADS threads (default 1) spin until the process as a whole has used
 * SECONDS of CPU time; with -m the main thread exits first (pthread_exit),
 * leaving the others to finish.  Prints "user_ns system_ns" on stdout. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static unsigned long long target_ns;
static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;
static int printed;

static unsigned long long tv_ns(struct timeval tv)
{
	return (unsigned long long)tv.tv_sec * 1000000000ull + (unsigned long long)tv.tv_usec * 1000ull;
}

static void *spin(void *arg)
{
	struct rusage ru;
	volatile unsigned long sink = 0;

	(void)arg;
	for (;;) {
		for (int i = 0; i < 100000; i++)
			sink += (unsigned long)i;
		getrusage(RUSAGE_SELF, &ru);
		if (tv_ns(ru.ru_utime) + tv_ns(ru.ru_stime) >= target_ns)
			break;
	}
	/* The first thread to see the target reports, and ends the process. */
	pthread_mutex_lock(&print_lock);
	if (!printed) {
		printed = 1;
		getrusage(RUSAGE_SELF, &ru);
		printf("%llu %llu\n", tv_ns(ru.ru_utime), tv_ns(ru.ru_stime));
		fflush(stdout);
		exit(0);
	}
	pthread_mutex_unlock(&print_lock);
	return NULL;
}

int main(int argc, char **argv)
{
	int threads = 1, main_exits = 0, c;

	while ((c = getopt(argc, argv, "t:m")) != -1) {
		switch (c) {
		case 't': threads = atoi(optarg); break;
		case 'm': main_exits = 1; break;
		default: return 2;
		}
	}
	if (optind != argc - 1 || threads < 1 || threads > 64) {
		fprintf(stderr, "usage: cpu-spin [-t THREADS] [-m] SECONDS\n");
		return 2;
	}
	target_ns = (unsigned long long)(strtod(argv[optind], NULL) * 1e9);
	for (int i = 1; i < threads; i++) {
		pthread_t t;
		if (pthread_create(&t, NULL, spin, NULL) != 0)
			return 1;
	}
	if (main_exits && threads > 1)
		pthread_exit(NULL);
	spin(NULL);
	return 0;
}
