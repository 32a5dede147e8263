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
	struct packet_writer *pw;
	/* This thread's batches, in memory: the one being written into
	 * (pw->out, buf[cur]) and, while cb.pending, a complete one waiting
	 * for its turn (buf[1 - cur], batch `waiting`).  So a thread whose
	 * turn has not come goes on with the next batch instead of waiting
	 * at once; it waits only when that one is complete too. */
	struct pdml_buf buf[2];
	int cur;
	uint64_t waiting;
	/* The outcome. */
	bool stopped;                /* a callback said stop */
	bool damaged;
	int open_errno;
	char err[CAPFILE_ERR_MAX];
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

/* Whether it is batch's turn now, without waiting. */
static bool is_turn(struct shared *sh, uint64_t batch)
{
	return __atomic_load_n(&sh->turn, __ATOMIC_ACQUIRE) == batch;
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

/* Writes what b holds of batch, in its turn; when the batch is complete,
 * the turn passes to the next. */
static bool write_batch(struct worker *w, struct pdml_buf *b, uint64_t batch, bool complete)
{
	if (!wait_turn(w->sh, batch)) {
		w->stopped = true;
		return false;
	}
	if (pdml_write_to(b, w->sh->ofd) != 0) {
		w->stopped = true;
		fail(w->sh);
		return false;
	}
	if (complete) {
		pthread_mutex_lock(&w->sh->lock);
		__atomic_store_n(&w->sh->turn, batch + 1, __ATOMIC_RELEASE);
		pthread_cond_broadcast(&w->sh->cond);
		pthread_mutex_unlock(&w->sh->lock);
	}
	return true;
}

/* Writes the batch waiting for its turn, waiting for it if need be. */
static bool write_waiting(struct worker *w)
{
	if (!w->cb.pending)
		return true;
	w->cb.pending = false;
	w->cb.held = 0;
	return write_batch(w, &w->buf[1 - w->cur], w->waiting, true);
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

/* The text held is over CONVERT_SPILL: the batch waiting is written
 * first, then, if this one alone is still over, what it holds so far. */
static bool spill(struct convert_batches *cb, uint64_t batch)
{
	struct worker *w = (struct worker *)cb;

	if (!write_waiting(w))
		return false;
	return w->buf[w->cur].len < CONVERT_SPILL || write_batch(w, &w->buf[w->cur], batch, false);
}

/* Batch is complete: written now if its turn has come, else kept
 * waiting while the next one is made in the other buffer. */
static bool end(struct convert_batches *cb, uint64_t batch)
{
	struct worker *w = (struct worker *)cb;

	if (!write_waiting(w))
		return false;
	if (is_turn(w->sh, batch))
		return write_batch(w, &w->buf[w->cur], batch, true);
	cb->pending = true;
	cb->held = w->buf[w->cur].len;
	w->waiting = batch;
	w->cur = 1 - w->cur;
	w->pw->out = &w->buf[w->cur];
	return true;
}

static bool poll_turn(struct convert_batches *cb)
{
	struct worker *w = (struct worker *)cb;

	return !is_turn(w->sh, w->waiting) || write_waiting(w);
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
	for (int i = 0; i < 2; i++)
		pdml_buf_init(&w->buf[i], 1024 * 1024, -1);
	packet_writer_init(&pw, &w->buf[0], CONV_MAX);
	pw.no_payload = w->no_payload;
	pw.summary = w->summary;
	w->pw = &pw;

	int rc = capfile_open(cf, fd, packet_linktype_supported);
	if (rc != 0)
		fail(w->sh);    /* the file changed since main() read it */
	else
		rc = convert_run_batches(cf, &pw, w->o, &w->cb);
	/* A batch still waiting comes before the end. */
	if (!w->stopped && !write_waiting(w) && rc == 0)
		rc = -1;
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
	for (int i = 0; i < 2; i++)
		pdml_buf_free(&w->buf[i]);
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
		w[i].cb = (struct convert_batches){ .jobs = jobs, .id = i, .end = end,
			.spill = spill, .poll = poll_turn };
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
		for (int k = 0; k < 2; k++)
			if (w[i].buf[k].error != 0 && r->write_error == 0)
				r->write_error = w[i].buf[k].error;
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
