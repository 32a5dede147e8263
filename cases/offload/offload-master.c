/* offload-master: offloads a batch of compute jobs of uneven length
 * through jobmgr, plus one that fails and one that times out, gathers the
 * results and prints one TSV line per job (slave, state, times) on its
 * standard output (program.log; the master's job log has the same). Exits 0
 * when every job ended as expected. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jobclient.h"

#define NJOBS 12

int main(int argc, char **argv)
{
	const char *master = "127.0.0.1:2711", *token_file = getenv("SONDE_TOKEN_FILE");
	char why[512], *token, ms[NJOBS + 2][16];
	struct jobclient c;
	uint64_t ids[NJOBS + 2];
	int expect_state[NJOBS + 2], expect_code[NJOBS + 2], bad = 0, opt;

	while ((opt = getopt(argc, argv, "m:t:")) != -1) {
		if (opt == 'm')
			master = optarg;
		else if (opt == 't')
			token_file = optarg;
		else
			return 2;
	}
	if (token_file == NULL || (token = jobclient_read_token(token_file, why, sizeof(why))) == NULL) {
		fprintf(stderr, "offload-master: token: %s\n", token_file ? why : "-t TOKENFILE needed");
		return 1;
	}
	if (jobclient_connect(&c, master, token) < 0) {
		fprintf(stderr, "offload-master: %s\n", jobclient_error(&c));
		return 1;
	}
	for (int i = 0; i < NJOBS + 2; i++) {
		/* uneven: 40 ms to 480 ms; job NJOBS fails, NJOBS+1 times out */
		char st[] = "3";
		char *argv_job[] = { (char *)(uintptr_t)"offload-work", ms[i], i == NJOBS ? st : NULL, NULL };
		struct jm_spec spec = { .argv = argv_job, .argc = i == NJOBS ? 3 : 2 };

		snprintf(ms[i], sizeof(ms[i]), "%d", i == NJOBS + 1 ? 10000 : 40 * (1 + (i * 7) % 12));
		if (i == NJOBS + 1)
			spec.timeout_ms = 500;
		expect_state[i] = i == NJOBS + 1 ? JM_TIMEDOUT : JM_EXITED;
		expect_code[i] = i == NJOBS ? 3 : (i == NJOBS + 1 ? 9 : 0);
		if (jobclient_submit(&c, &spec, &ids[i]) < 0) {
			fprintf(stderr, "offload-master: submit: %s\n", jobclient_error(&c));
			return 1;
		}
	}
	printf("job\tms\tslave\tstate\tcode\tsubmit_ns\tstart_ns\tend_ns\tqueued_ms\trun_ms\toutput\n");
	for (int i = 0; i < NJOBS + 2; i++) {
		struct jm_status st;
		const char *nl;
		int outn;

		if (jobclient_wait(&c, ids[i], &st) < 0) {
			fprintf(stderr, "offload-master: wait %llu: %s\n", (unsigned long long)ids[i], jobclient_error(&c));
			return 1;
		}
		nl = st.outlen ? memchr(st.out, '\n', st.outlen) : NULL;
		outn = nl ? (int)(nl - (const char *)st.out) : (int)st.outlen;
		printf("%llu\t%s\t%s\t%s\t%d\t%llu\t%llu\t%llu\t%.3f\t%.3f\t%.*s\n", (unsigned long long)st.job, ms[i],
		       st.slave, jm_state_name(st.state), st.code, (unsigned long long)st.submit_ns,
		       (unsigned long long)st.start_ns, (unsigned long long)st.end_ns,
		       (double)(st.start_ns - st.submit_ns) / 1e6, (double)(st.end_ns - st.start_ns) / 1e6,
		       outn, st.out ? (const char *)st.out : "");
		if ((int)st.state != expect_state[i] || st.code != expect_code[i]) {
			fprintf(stderr, "offload-master: job %llu: %s %d, expected %s %d\n", (unsigned long long)st.job,
			        jm_state_name(st.state), st.code, jm_state_name((uint32_t)expect_state[i]), expect_code[i]);
			bad = 1;
		}
		jm_status_free(&st);
	}
	jobclient_close(&c);
	free(token);
	return bad;
}
