/* Unit tests of tools/lib/exitwatch: the CPU split as getrusage() does it,
 * the queue of exits, and each source on a real child process (as root;
 * skipped with a note otherwise).  (check_cpumon_*: links libbpf.) */
#include "unit.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "exitwatch_int.h"
#include "procfs.h"

START_TEST(cpu_split_as_cputime_adjust)
{
	uint64_t u, s;

	/* the exact runtime, split in the sampled ratio 3:1 */
	exitwatch_cpu_split(1000, 30, 10, &u, &s);
	ck_assert_uint_eq(u, 750);
	ck_assert_uint_eq(s, 250);
	/* no system ticks: all user; no user ticks: all system */
	exitwatch_cpu_split(1000, 0, 0, &u, &s);
	ck_assert_uint_eq(u, 1000);
	ck_assert_uint_eq(s, 0);
	exitwatch_cpu_split(1000, 0, 4, &u, &s);
	ck_assert_uint_eq(u, 0);
	ck_assert_uint_eq(s, 1000);
	/* no runtime: the sampled figures */
	exitwatch_cpu_split(0, 7, 9, &u, &s);
	ck_assert_uint_eq(u, 7);
	ck_assert_uint_eq(s, 9);
	/* a day of CPU: no overflow in the product */
	exitwatch_cpu_split(86400000000000ull, 86400000000000ull, 86400000000000ull, &u, &s);
	ck_assert_uint_eq(u, 43200000000000ull);
	ck_assert_uint_eq(s, 43200000000000ull);
}
END_TEST

static struct exitwatch_exit an_exit(pid_t pid, uint64_t start)
{
	struct exitwatch_exit e;

	memset(&e, 0, sizeof(e));
	e.pid = pid;
	e.start = start;
	return e;
}

START_TEST(queue_takes_by_pid_and_in_order)
{
	struct exitwatch_exit q[3], e;
	struct exitwatch w;

	memset(&w, 0, sizeof(w));
	w.q = q;
	w.cap = 3;
	w.head = 2;	/* the ring wraps */
	e = an_exit(10, 100);
	exitwatch_push(&w, &e);
	e = an_exit(11, 110);
	exitwatch_push(&w, &e);
	e = an_exit(12, 0);	/* start not known */
	exitwatch_push(&w, &e);
	e = an_exit(13, 130);
	exitwatch_push(&w, &e);	/* full: counted, not kept */
	ck_assert_uint_eq(w.overflow, 1);
	ck_assert_uint_eq(w.len, 3);

	/* another start time is another process */
	ck_assert_int_eq(exitwatch_take(&w, 11, 999, &e), 0);
	ck_assert_int_eq(exitwatch_take(&w, 11, 110, &e), 1);
	ck_assert_int_eq(e.pid, 11);
	/* an unknown start matches by pid */
	ck_assert_int_eq(exitwatch_take(&w, 12, 120, &e), 1);
	ck_assert_int_eq(exitwatch_take(&w, 12, 120, &e), 0);
	e = an_exit(14, 140);
	exitwatch_push(&w, &e);
	ck_assert_int_eq(exitwatch_next(&w, &e), 1);
	ck_assert_int_eq(e.pid, 10);
	ck_assert_int_eq(exitwatch_next(&w, &e), 1);
	ck_assert_int_eq(e.pid, 14);
	ck_assert_int_eq(exitwatch_next(&w, &e), 0);
}
END_TEST

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* A child that touches 16 MiB and spins 30 ms of CPU, then exits 0;
 * returns its exit as the source tells it (waited for at most 5 s). */
static int child_exit(enum exitwatch_kind kind, struct exitwatch_exit *out, pid_t *child,
		      uint64_t *child_start)
{
	struct exitwatch_filter f = { .subtree = 1, .net_ino = 0 };
	char why[256];
	struct exitwatch *w = exitwatch_open(kind, &f, why, sizeof(why));
	int hold[2], found = 0;
	struct procfs_stat st;

	if (w == NULL) {
		fprintf(stderr, "# skipped: %s\n", why);
		return -1;
	}
	ck_assert_int_eq(pipe(hold), 0);
	*child = fork();
	ck_assert_int_ge(*child, 0);
	if (*child == 0) {
		char c;
		if (read(hold[0], &c, 1) != 1)
			_exit(2);
		volatile char *m = mmap(NULL, 16u << 20, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		for (size_t i = 0; m != MAP_FAILED && i < (16u << 20); i += 4096)
			m[i] = 1;
		struct timespec ts;
		do
			clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
		while (ts.tv_nsec < 30000000 && ts.tv_sec == 0);
		_exit(0);
	}
	ck_assert_int_eq(procfs_read_stat(*child, &st), 0);
	*child_start = st.starttime;
	ck_assert_int_eq(exitwatch_track(w, *child), 0);
	ck_assert_int_eq(write(hold[1], "g", 1), 1);
	/* the proc source reads the zombie: not reaped before the event */
	for (uint64_t end = mono_ms() + 5000; !found && mono_ms() < end;) {
		struct pollfd pfd = { .fd = exitwatch_fd(w), .events = POLLIN };
		poll(&pfd, 1, 100);
		ck_assert_int_eq(exitwatch_poll(w), 0);
		found = exitwatch_take(w, *child, *child_start, out);
	}
	waitpid(*child, NULL, 0);
	close(hold[0]);
	close(hold[1]);
	ck_assert_uint_eq(exitwatch_lost(w), 0);
	exitwatch_close(w);
	ck_assert_msg(found, "no exit event for the child");
	return 0;
}

START_TEST(bpf_source_on_a_real_child)
{
	struct exitwatch_exit e;
	uint64_t start;
	pid_t child;

	if (child_exit(EXITWATCH_BPF, &e, &child, &start) < 0)
		return;
	ck_assert_int_eq(e.pid, child);
	ck_assert_int_eq(e.ppid, getpid());
	ck_assert_uint_eq(e.start, start);
	ck_assert_uint_eq(e.flags, EXITWATCH_CPU_KNOWN | EXITWATCH_RSS_KNOWN);
	/* 30 ms spun, exactly counted (plus the touching and the exit) */
	ck_assert_uint_ge(e.user_ns + e.system_ns, 30000000);
	ck_assert_uint_le(e.user_ns + e.system_ns, 80000000);
	/* the child starts with its parent's resident pages, then touches 16 MiB */
	struct procfs_mem mine;
	ck_assert_int_eq(procfs_read_status_mem(getpid(), &mine), 0);
	ck_assert_uint_ge(e.maxrss_kb, 16384);
	ck_assert_uint_le(e.maxrss_kb, 16384 + mine.hwm_kb + 2048);
}
END_TEST

START_TEST(proc_source_on_a_real_child)
{
	struct exitwatch_exit e;
	uint64_t start;
	pid_t child;

	if (child_exit(EXITWATCH_PROC, &e, &child, &start) < 0)
		return;
	ck_assert_int_eq(e.pid, child);
	ck_assert_int_eq(e.ppid, getpid());
	ck_assert_uint_eq(e.start, start);
	/* read from the zombie, in clock ticks; no peak */
	ck_assert_uint_eq(e.flags, EXITWATCH_CPU_KNOWN);
	ck_assert_uint_ge(e.user_ns + e.system_ns, procfs_ticks_to_ns(2));
	ck_assert_uint_le(e.user_ns + e.system_ns, 100000000);
}
END_TEST

int main(void)
{
	return unit_run(unit_suite("exitwatch", NULL, NULL,
				   UNIT_TESTS(cpu_split_as_cputime_adjust,
					      queue_takes_by_pid_and_in_order,
					      bpf_source_on_a_real_child,
					      proc_source_on_a_real_child)));
}
