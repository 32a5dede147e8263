/* A process whose main thread exits first: the main thread starts a second
 * one and leaves with pthread_exit(); the second thread lives on for a
 * moment and ends the process with exit(7).  procmon must report ONE exit,
 * of the process, with status 7, when the last thread is gone. */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

static void *last_thread(void *arg)
{
	struct timespec pause = { 0, 100 * 1000 * 1000 };

	(void)arg;
	nanosleep(&pause, NULL);
	exit(7);
}

int main(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, last_thread, NULL) != 0)
		return 1;
	pthread_exit(NULL);
}
