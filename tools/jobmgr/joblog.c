#include "joblog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "log.h"
#include "tsv.h"

static struct tsv jl;
static int jl_open;
static const char *jl_path;

static const char *const cols[] = {
	"job", "argv", "slave", "state", "code", "submit_ns", "start_ns", "end_ns", "queued_ms", "run_ms",
};

void joblog_open(const char *path, const char *listen, uint64_t heartbeat_ns)
{
	char meta[256];
	int fd;

	if (path == NULL)
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		err_(EXIT_FAIL, "-J %s", path);
	tsv_init(&jl, fd);
	snprintf(meta, sizeof(meta), "jobmgr master listen=%s heartbeat_ms=%llu", listen,
	         (unsigned long long)(heartbeat_ns / 1000000));
	if (tsv_header(&jl, meta, cols, sizeof(cols) / sizeof(cols[0])) < 0)
		err_(EXIT_FAIL, "-J %s", path);
	jl_open = 1;
	jl_path = path;
}

/* Milliseconds from a to b with microseconds, 0 when either is unknown. */
static void put_ms(uint64_t a, uint64_t b)
{
	tsv_fixed(&jl, a && b > a ? (int64_t)((b - a) / 1000) : 0, 3);
}

void joblog_job(const struct jm_spec *spec, const struct jm_status *st)
{
	char argv[2048];
	size_t n = 0;

	if (!jl_open)
		return;
	/* The command line as ps shows it: arguments joined by spaces. */
	argv[0] = '\0';
	for (uint32_t i = 0; i < spec->argc && n + 1 < sizeof(argv); i++)
		n += (size_t)snprintf(argv + n, sizeof(argv) - n, "%s%s", i ? " " : "", spec->argv[i]);
	tsv_u64(&jl, st->job);
	tsv_str(&jl, argv);
	tsv_str(&jl, *st->slave ? st->slave : TSV_NONE);
	tsv_str(&jl, jm_state_name(st->state));
	tsv_i64(&jl, st->code);
	tsv_u64(&jl, st->submit_ns);
	tsv_u64(&jl, st->start_ns);
	tsv_u64(&jl, st->end_ns);
	/* Queued until it started, or until it ended without starting. */
	put_ms(st->submit_ns, st->start_ns ? st->start_ns : st->end_ns);
	put_ms(st->start_ns, st->end_ns);
	if (tsv_end(&jl) < 0) {
		logmsg("job log %s: %s (no more records)", jl_path, strerror(errno));
		joblog_close();
	}
}

void joblog_close(void)
{
	if (!jl_open)
		return;
	close(jl.fd);
	tsv_free(&jl);
	jl_open = 0;
}
