#include "parallel.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capfile.h"
#include "err.h"
#include "packet.h"
#include "pdml.h"

/* What the threads share: whose turn it is to write (a batch number),
 * whether the conversion has failed (then nobody waits any more), and
 * the first batch in which a thread's input ended.  Every thread reads
 * the same records, so they all end in the same batch; but a file that
 * grows (or shrinks) while it is read could end sooner for one: the
 * others then write no batch past the turns that thread passes, and the
 * output is the packets up to there, in order. */
struct shared {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	uint64_t turn;
	uint64_t end;
	bool failed;
	int ofd;
};

struct worker {
	struct convert_batches cb;   /* first: the callbacks get it */
	struct shared *sh;
	pthread_t thread;
	const char *path;
	const struct convert_opts *o;
	bool no_payload, summary;
	struct pdml_buf out;         /* this thread's batch, in memory */
	/* The outcome. */
	bool stopped;                /* a callback said stop */
	bool damaged;
	int open_errno;
	char err[160];
};

unsigned parallel_default_jobs(void)
{
	cpu_set_t set;
	int n = 1;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		n = CPU_COUNT(&set);
	if (n < 1)
		n = 1;
	return (unsigned)n > PARALLEL_DEFAULT_JOBS ? PARALLEL_DEFAULT_JOBS : (unsigned)n;
}

static void fail(struct shared *sh)
{
	pthread_mutex_lock(&sh->lock);
	sh->failed = true;
	pthread_cond_broadcast(&sh->cond);
	pthread_mutex_unlock(&sh->lock);
}

/* Waits until batch may be written; false when the conversion failed or
 * will never come to it. */
static bool wait_turn(struct shared *sh, uint64_t batch)
{
	pthread_mutex_lock(&sh->lock);
	while (sh->turn != batch && !sh->failed && batch <= sh->end)
		pthread_cond_wait(&sh->cond, &sh->lock);
	bool ok = sh->turn == batch && !sh->failed;
	pthread_mutex_unlock(&sh->lock);
	return ok;
}

/* Writes what this thread holds of batch, in its turn. */
static bool write_batch(struct worker *w, uint64_t batch)
{
	if (!wait_turn(w->sh, batch)) {
		w->stopped = true;
		return false;
	}
	if (pdml_write_to(&w->out, w->sh->ofd) != 0) {
		w->stopped = true;
		fail(w->sh);
		return false;
	}
	return true;
}

/* This thread's input ended in batch. */
static void ended(struct shared *sh, uint64_t batch)
{
	pthread_mutex_lock(&sh->lock);
	if (batch < sh->end)
		sh->end = batch;
	pthread_cond_broadcast(&sh->cond);
	pthread_mutex_unlock(&sh->lock);
}

static bool spill(struct convert_batches *cb, uint64_t batch)
{
	return write_batch((struct worker *)cb, batch);
}

static bool end(struct convert_batches *cb, uint64_t batch)
{
	struct worker *w = (struct worker *)cb;

	if (!write_batch(w, batch))
		return false;
	pthread_mutex_lock(&w->sh->lock);
	w->sh->turn = batch + 1;
	pthread_cond_broadcast(&w->sh->cond);
	pthread_mutex_unlock(&w->sh->lock);
	return true;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int fd = open(w->path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		w->open_errno = errno;
		fail(w->sh);
		return NULL;
	}
	/* Holds the interface table of a pcapng section: not for the stack. */
	struct capfile *cf = calloc(1, sizeof(*cf));
	if (cf == NULL)
		errx_(EXIT_FAIL, "out of memory");
	struct packet_writer pw;
	pdml_buf_init(&w->out, 1024 * 1024, -1);
	packet_writer_init(&pw, &w->out, CONV_MAX);
	pw.no_payload = w->no_payload;
	pw.summary = w->summary;

	int rc = capfile_open(cf, fd, packet_linktype_supported);
	if (rc != 0)
		fail(w->sh);    /* the file changed since main() read it */
	else
		rc = convert_run_batches(cf, &pw, w->o, &w->cb);
	ended(w->sh, w->cb.batch);
	if (rc != 0 && !w->stopped) {
		/* Every thread meets damage at the same record and ends there
		 * as at the end of the file: the one whose batch it cuts
		 * writes the packets before it, in its turn. */
		w->damaged = true;
		memcpy(w->err, cf->err, sizeof(w->err));
		w->err[sizeof(w->err) - 1] = '\0';
	}
	packet_writer_free(&pw);
	pdml_buf_free(&w->out);
	capfile_close(cf);
	free(cf);
	close(fd);
	return NULL;
}

int parallel_convert(const char *path, int ofd, unsigned jobs, const struct convert_opts *o,
	bool no_payload, bool summary, struct parallel_result *r)
{
	struct shared sh = { .end = UINT64_MAX, .ofd = ofd };
	struct worker *w = calloc(jobs, sizeof(*w));

	memset(r, 0, sizeof(*r));
	if (w == NULL)
		errx_(EXIT_FAIL, "out of memory");
	pthread_mutex_init(&sh.lock, NULL);
	pthread_cond_init(&sh.cond, NULL);
	for (unsigned i = 0; i < jobs; i++) {
		w[i].cb = (struct convert_batches){ .jobs = jobs, .id = i, .end = end, .spill = spill };
		w[i].sh = &sh;
		w[i].path = path;
		w[i].o = o;
		w[i].no_payload = no_payload;
		w[i].summary = summary;
		int e = pthread_create(&w[i].thread, NULL, worker_main, &w[i]);
		if (e != 0) {
			errno = e;
			err_(EXIT_FAIL, "starting thread %u of %u", i + 1, jobs);
		}
	}
	for (unsigned i = 0; i < jobs; i++)
		pthread_join(w[i].thread, NULL);

	int rc = 0;
	for (unsigned i = 0; i < jobs; i++) {
		if (w[i].open_errno != 0) {
			errno = w[i].open_errno;
			err_(EXIT_FAIL, "%s", path);
		}
		if (w[i].out.error != 0 && r->write_error == 0)
			r->write_error = w[i].out.error;
		if (w[i].damaged && !r->damaged) {
			r->damaged = true;
			memcpy(r->err, w[i].err, sizeof(r->err));
		}
	}
	if (r->write_error != 0 || r->damaged)
		rc = -1;
	pthread_cond_destroy(&sh.cond);
	pthread_mutex_destroy(&sh.lock);
	free(w);
	return rc;
}
