#!/usr/bin/env bash
# bench-jobmgr: jobmgr's dispatch of trivial jobs (/bin/true) through a
# master and two slaves (4 slots each) on loopback, against running the
# same /bin/true directly (fork, exec, wait from a shell loop):
#   jobs_per_s   BENCH_JOBMGR_JOBS (2000) jobs submitted at once (submit
#                -N), from the first submission to the last end, as the
#                master's job log (-J) records them; direct: the loop's wall
#                time.  Goal: 1,000 jobs/s.
#   start_ms     submit -> start, one job at a time (BENCH_JOBMGR_LAT_JOBS,
#                200, each waited for), p50 and p99 from the job log; direct:
#                the fork+exec until /bin/true runs cannot be seen from
#                outside, so the peer is "-".
#   finish_ms    submit -> end of the same jobs; direct: each /bin/true's
#                fork-exec-wait time in the loop.  Goal: median added
#                latency under 2 ms.

. "$(dirname "$0")/lib.sh"

bench_init jobmgr jobmgr direct "dispatch of /bin/true through jobmgr (master + 2 slaves, loopback)"
: "${BENCH_JOBMGR_JOBS:=2000}" "${BENCH_JOBMGR_LAT_JOBS:=200}"
command -v jobmgr >/dev/null || bench_die "jobmgr is not built ($SONDE_BUILD/bin)"

port=$((30000 + $$ % 20000))
echo "bench-$$" >"$BENCH_TMP/token"
export SONDE_TOKEN_FILE=$BENCH_TMP/token

# One master and its slaves per run, so each run's job log is its own.
start_jobmgr() {
	local run=$1 s
	export JOBMGR_MASTER=127.0.0.1:$((port + run))
	jobmgr -r master -l "$JOBMGR_MASTER" -L "$BENCH_TMP/master.log" -J "$BENCH_TMP/jobs-$run.tsv" &
	master=$!
	bench_atexit "kill $master"
	bench_wait_for "jobmgr status >/dev/null 2>&1" 10 || bench_die "the master did not start: $(tail -3 "$BENCH_TMP/master.log")"
	slaves=()
	for s in 1 2; do
		jobmgr -r slave -m "$JOBMGR_MASTER" -n "s$s" -j 4 -L "$BENCH_TMP/s$s.log" &
		slaves+=($!)
		bench_atexit "kill $!"
	done
	jobmgr status -s s1,s2 -W 10s >/dev/null || bench_die "the slaves did not register: $(tail -3 "$BENCH_TMP/master.log")"
}
stop_jobmgr() {
	local p
	for p in "${slaves[@]}" "$master"; do bench_stop "$p" 5 || bench_die "jobmgr pid $p failed"; done
}

# percentile P FILE: the P-th percentile (nearest rank) of a column of numbers.
percentile() { sort -n "$2" | awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1; print v[i] }'; }
# records FILE: a job log's records.
records() { grep -v '^#' "$1" | tail -n +2; }

bench_xlabel "figure"
bench_figure jobs_per_s 'jobs/s' higher 'sonde>=1000' "throughput of $BENCH_JOBMGR_JOBS jobs submitted at once"
bench_figure start_ms ms lower - 'submit to start, one job at a time (p50, p99)'
bench_figure finish_ms ms lower - 'submit to end, one job at a time (p50, p99); direct: fork, exec, wait'
bench_figure added_ms ms lower 'sonde<2' 'median latency added by jobmgr (submit to end minus direct)'

for run in $(bench_run_ids); do
	start_jobmgr "$run"
	log=$BENCH_TMP/jobs-$run.tsv
	# Throughput: every job submitted at once, then waited for.
	jobmgr submit -N "$BENCH_JOBMGR_JOBS" -w -- /bin/true || bench_die "submit -N failed"
	# Latency: one job at a time.
	for ((i = 0; i < BENCH_JOBMGR_LAT_JOBS; i++)); do
		jobmgr submit -w -- /bin/true || bench_die "submit -w failed"
	done
	stop_jobmgr
	test "$(records "$log" | awk -F'\t' '$4 == "exited" && $5 == 0' | wc -l)" = $((BENCH_JOBMGR_JOBS + BENCH_JOBMGR_LAT_JOBS)) ||
		bench_die "not every job exited 0 (see $log)"
	records "$log" | awk -F'\t' -v n="$BENCH_JOBMGR_JOBS" '$1 <= n { if (!s || $6 < s) s = $6; if ($8 > e) e = $8 }
		END { printf "%.1f\n", n / ((e - s) / 1e9) }' >"$BENCH_TMP/tput"
	bench_sample jobs_per_s - jobmgr "$run" "$(cat "$BENCH_TMP/tput")"
	records "$log" | awk -F'\t' -v n="$BENCH_JOBMGR_JOBS" '$1 > n { print $9 }' >"$BENCH_TMP/start"
	records "$log" | awk -F'\t' -v n="$BENCH_JOBMGR_JOBS" '$1 > n { print $9 + $10 }' >"$BENCH_TMP/finish"
	jm_p50=$(percentile 50 "$BENCH_TMP/finish")
	bench_sample start_ms p50 jobmgr "$run" "$(percentile 50 "$BENCH_TMP/start")"
	bench_sample start_ms p99 jobmgr "$run" "$(percentile 99 "$BENCH_TMP/start")"
	bench_sample finish_ms p50 jobmgr "$run" "$jm_p50"
	bench_sample finish_ms p99 jobmgr "$run" "$(percentile 99 "$BENCH_TMP/finish")"

	# The peer: the same jobs run directly, fork + exec + wait each.
	runstat -o "$BENCH_TMP/direct.rusage" -- bash -c "for ((i = 0; i < $BENCH_JOBMGR_JOBS; i++)); do /bin/true; done" ||
		bench_die "the direct loop failed"
	bench_sample jobs_per_s - direct "$run" \
		"$(awk -F'\t' -v n="$BENCH_JOBMGR_JOBS" 'NR == 2 { printf "%.1f\n", n / ($1 / 1e9) }' "$BENCH_TMP/direct.rusage")"
	bash -c 'for ((i = 0; i < '"$BENCH_JOBMGR_LAT_JOBS"'; i++)); do
		t=$EPOCHREALTIME; /bin/true; echo "$t $EPOCHREALTIME"; done' |
		awk '{ printf "%.3f\n", ($2 - $1) * 1000 }' >"$BENCH_TMP/direct"
	d_p50=$(percentile 50 "$BENCH_TMP/direct")
	bench_sample finish_ms p50 direct "$run" "$d_p50"
	bench_sample finish_ms p99 direct "$run" "$(percentile 99 "$BENCH_TMP/direct")"
	bench_sample added_ms p50 jobmgr "$run" "$(awk -v a="$jm_p50" -v b="$d_p50" 'BEGIN { printf "%.3f\n", a - b }')"
done
bench_note "jobmgr: master + 2 slaves x 4 slots on 127.0.0.1, jobs as nobody; times from the master's job log (-J): submit_ns at the master, start and end at the slave (fork to exit)"
bench_note "direct: /bin/true in a bash loop; finish_ms from bash's EPOCHREALTIME around each run; jobs/s from the loop's wall time (runstat)"
bench_note "$(nproc) CPUs; BENCH_JOBMGR_JOBS=$BENCH_JOBMGR_JOBS, BENCH_JOBMGR_LAT_JOBS=$BENCH_JOBMGR_LAT_JOBS"
bench_done
