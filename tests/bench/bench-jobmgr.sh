#!/usr/bin/env bash
# bench-jobmgr: jobmgr's dispatch of trivial jobs (/bin/true) through a
# master and two slaves (BENCH_JOBMGR_SLOTS, 4, slots each) on the netns
# testbed (env/netns, testbed BENCH_JOBMGR_TESTBED, "bjm": roles master,
# slave1, slave2 on one bridge), the client submitting from the master's
# namespace as a case's master program does.  Against two references, the
# same /bin/true run directly in slave1's namespace, one after the other:
#   ipnetns  `ip netns exec sonde-bjm-slave1 /bin/true` in a loop from the
#            host (the issue's reference; each call pays ip's own set-up:
#            setns, a mount namespace, /sys remounted);
#   fork     /bin/true forked and exec'd by a bash loop already inside
#            slave1's namespace (the bare cost of running a process).
# Figures (x names the reference a row compares with; jobmgr's sample is
# the same at both):
#   jobs_per_s  BENCH_JOBMGR_JOBS (2000) jobs submitted at once (submit
#               -N -w, from the master's namespace): the client's wall time
#               from its start to the last result relayed back; references:
#               the loop's wall time for as many jobs.  Goal: 1,000 jobs/s.
#   start_ms    submit -> start of BENCH_JOBMGR_LAT_JOBS (200) jobs one at a
#               time, p50 and p99, from the master's job log (-J): the
#               master's receipt to the slave's fork.  No reference.
#   end_ms      the same jobs' submit -> end in the job log (the master's
#               receipt to the slave's reaping).  No reference.
#   finish_ms   the same jobs as the user sees them: the wall time of each
#               `jobmgr submit -w -- /bin/true` (client exec, connect,
#               submit, dispatch, run, result back, exit), p50 and p99;
#               references: the wall time of each direct run, taken the
#               same way (bash's EPOCHREALTIME around the command).
#   added_ms    median added latency: finish_ms p50 of jobmgr minus that of
#               the reference.  Goal: under 2 ms.
# The testbed is made once (its state under BENCH_OUT) and taken down at
# the end, also on failure; the daemons are started anew for each run, so
# each run has its own job log.

. "$(dirname "$0")/lib.sh"

bench_init jobmgr jobmgr direct "dispatch of /bin/true through jobmgr (master -> 2 slaves, netns testbed) vs run directly in the slave's namespace"
bench_need_netns
: "${BENCH_JOBMGR_JOBS:=2000}" "${BENCH_JOBMGR_LAT_JOBS:=200}" "${BENCH_JOBMGR_SLOTS:=4}" "${BENCH_JOBMGR_TESTBED:=bjm}"
command -v jobmgr >/dev/null || bench_die "jobmgr is not built ($SONDE_BUILD/bin)"
command -v runstat >/dev/null || bench_die "runstat is not built (make bench-programs)"

netns=$SONDE_TOP/env/netns
conf=$BENCH_TMP/testbed.conf
cat >"$conf" <<EOF
TESTBED=$BENCH_JOBMGR_TESTBED
ROLES="master slave1 slave2"
STATE_DIR=$BENCH_OUT/jobmgr.testbed
EOF
bench_atexit "'$netns' -c '$conf' down"
"$netns" -c "$conf" up >"$BENCH_TMP/up.log" 2>&1 || bench_die "the testbed did not come up: $(tail -3 "$BENCH_TMP/up.log")"
slave_ns=sonde-$BENCH_JOBMGR_TESTBED-slave1
ip netns exec "$slave_ns" true || bench_die "no namespace $slave_ns"

echo "bench-$$" >"$BENCH_TMP/token"
export SONDE_TOKEN_FILE=$BENCH_TMP/token
JOBMGR_MASTER=$("$netns" -c "$conf" addr master):2711 || bench_die "no address for the master"
export JOBMGR_MASTER

# on ROLE CMD...: CMD in ROLE's namespace, in the foreground.
on() { "$netns" -c "$conf" run "$@"; }

# start_jobmgr RUN: the master (job log jobs-RUN.tsv), then the slaves,
# until the master lists both.
start_jobmgr() {
	local run=$1 s
	"$netns" -c "$conf" start master -o "$BENCH_TMP/master.err" -p "$BENCH_TMP/master.pid" -- \
		"$(command -v jobmgr)" -r master -l "$JOBMGR_MASTER" -t "$SONDE_TOKEN_FILE" \
		-L "$BENCH_TMP/master.log" -J "$BENCH_TMP/jobs-$run.tsv" >/dev/null ||
		bench_die "the master did not start: $(tail -3 "$BENCH_TMP/master.err")"
	for s in slave1 slave2; do
		"$netns" -c "$conf" start "$s" -o "$BENCH_TMP/$s.err" -p "$BENCH_TMP/$s.pid" -- \
			"$(command -v jobmgr)" -r slave -m "$JOBMGR_MASTER" -n "$s" -j "$BENCH_JOBMGR_SLOTS" \
			-t "$SONDE_TOKEN_FILE" -L "$BENCH_TMP/$s.log" >/dev/null ||
			bench_die "slave $s did not start: $(tail -3 "$BENCH_TMP/$s.err")"
	done
	on master jobmgr status -s slave1,slave2 -W 10s >/dev/null 2>"$BENCH_TMP/status.err" ||
		bench_die "the slaves did not register: $(cat "$BENCH_TMP/status.err" "$BENCH_TMP"/slave?.err) $(tail -3 "$BENCH_TMP/master.log")"
}
# stop_jobmgr: the slaves first, then the master (SIGINT, bounded).
stop_jobmgr() {
	"$netns" -c "$conf" stop -t 5 "$BENCH_TMP/slave1.pid" "$BENCH_TMP/slave2.pid" &&
		"$netns" -c "$conf" stop -t 5 "$BENCH_TMP/master.pid" ||
		bench_die "jobmgr did not stop on SIGINT within 5 s"
}

# percentile P FILE: the P-th percentile (nearest rank) of a column of numbers.
percentile() { sort -n "$2" | awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1; print v[i] }'; }
# records FILE: a job log's records.
records() { grep -v '^#' "$1" | tail -n +2; }
# rate N RUSAGE: N jobs over runstat's wall time, per second.
rate() { awk -F'\t' -v n="$1" 'NR == 2 { printf "%.1f\n", n / ($1 / 1e9) }' "$2"; }
# loop N CMD...: a bash script running CMD N times; "-t" first: printing
# the wall time of each run in ms (EPOCHREALTIME before and after).
loop() {
	local timed=
	test "$1" = -t && { timed=1; shift; }
	local n=$1; shift
	if test -n "$timed"; then
		printf 'for ((i = 0; i < %d; i++)); do t=$EPOCHREALTIME; %s || exit 1; u=$EPOCHREALTIME; echo "$t $u"; done' "$n" "$*"
	else
		printf 'for ((i = 0; i < %d; i++)); do %s || exit 1; done' "$n" "$*"
	fi
}
# to_ms: "start end" (seconds) per line in, the difference in ms out.
to_ms() { awk '{ printf "%.3f\n", ($2 - $1) * 1000 }'; }
# sub A B: A - B.
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", a - b }'; }

bench_xlabel "statistic / reference"
bench_figure jobs_per_s 'jobs/s' higher 'sonde>=1000' "throughput of $BENCH_JOBMGR_JOBS jobs submitted at once (direct: one after the other)"
bench_figure start_ms ms lower - 'submit to start, one job at a time: master receipt to slave fork (job log)'
bench_figure end_ms ms lower - 'submit to end, one job at a time: master receipt to slave reaping (job log)'
bench_figure finish_ms ms lower - 'submit to finish as the client sees it: wall time of submit -w (direct: of the run)'
bench_figure added_ms ms lower 'sonde<2' 'median latency added by jobmgr (finish_ms p50 minus the reference)'

tru=/bin/true   # a path: bash would run its builtin for "true"
test -x "$tru" || bench_die "no $tru"
for run in $(bench_run_ids); do
	start_jobmgr "$run"
	log=$BENCH_TMP/jobs-$run.tsv
	# Throughput: every job submitted at once, then waited for.
	on master runstat -o "$BENCH_TMP/jm.rusage" -- jobmgr submit -N "$BENCH_JOBMGR_JOBS" -w -- "$tru" ||
		bench_die "submit -N $BENCH_JOBMGR_JOBS failed"
	# Latency: one job at a time.
	on master bash -c "$(loop -t "$BENCH_JOBMGR_LAT_JOBS" jobmgr submit -w -- "$tru")" >"$BENCH_TMP/jm.times" ||
		bench_die "submit -w failed"
	stop_jobmgr
	test "$(records "$log" | awk -F'\t' '$4 == "exited" && $5 == 0' | wc -l)" = $((BENCH_JOBMGR_JOBS + BENCH_JOBMGR_LAT_JOBS)) ||
		bench_die "not every job exited 0 (see $log)"
	jm_tput=$(rate "$BENCH_JOBMGR_JOBS" "$BENCH_TMP/jm.rusage")
	records "$log" | awk -F'\t' -v n="$BENCH_JOBMGR_JOBS" '$1 > n { print $9 }' >"$BENCH_TMP/start"
	records "$log" | awk -F'\t' -v n="$BENCH_JOBMGR_JOBS" '$1 > n { printf "%.3f\n", ($8 - $6) / 1e6 }' >"$BENCH_TMP/end"
	to_ms <"$BENCH_TMP/jm.times" >"$BENCH_TMP/jm.finish"
	jm_p50=$(percentile 50 "$BENCH_TMP/jm.finish")
	for p in 50 99; do
		bench_sample start_ms p$p jobmgr "$run" "$(percentile $p "$BENCH_TMP/start")"
		bench_sample end_ms p$p jobmgr "$run" "$(percentile $p "$BENCH_TMP/end")"
	done

	# The references, in slave1's namespace: through ip netns exec from
	# the host, and forked by a shell already inside.
	for ref in ipnetns fork; do
		case $ref in
		ipnetns) cmd=(bash -c) pre="ip netns exec $slave_ns " ;;
		fork) cmd=(ip netns exec "$slave_ns" bash -c) pre= ;;
		esac
		runstat -o "$BENCH_TMP/$ref.rusage" -- "${cmd[@]}" "$(loop "$BENCH_JOBMGR_JOBS" "$pre$tru")" ||
			bench_die "the $ref loop failed"
		"${cmd[@]}" "$(loop -t "$BENCH_JOBMGR_LAT_JOBS" "$pre$tru")" | to_ms >"$BENCH_TMP/$ref.finish" ||
			bench_die "the timed $ref loop failed"
		d_p50=$(percentile 50 "$BENCH_TMP/$ref.finish")
		bench_sample jobs_per_s "$ref" jobmgr "$run" "$jm_tput"
		bench_sample jobs_per_s "$ref" direct "$run" "$(rate "$BENCH_JOBMGR_JOBS" "$BENCH_TMP/$ref.rusage")"
		bench_sample finish_ms "p50/$ref" jobmgr "$run" "$jm_p50"
		bench_sample finish_ms "p50/$ref" direct "$run" "$d_p50"
		bench_sample finish_ms "p99/$ref" jobmgr "$run" "$(percentile 99 "$BENCH_TMP/jm.finish")"
		bench_sample finish_ms "p99/$ref" direct "$run" "$(percentile 99 "$BENCH_TMP/$ref.finish")"
		bench_sample added_ms "$ref" jobmgr "$run" "$(sub "$jm_p50" "$d_p50")"
	done
done
bench_note "jobmgr: master 198.18.0.1 + slave1, slave2 x $BENCH_JOBMGR_SLOTS slots on env/netns testbed $BENCH_JOBMGR_TESTBED (veth + bridge), jobs as nobody; the client runs in the master's namespace"
bench_note "start_ms, end_ms: the master's job log (-J), submit_ns at the master, start and end at the slave; finish_ms: EPOCHREALTIME around each command in a bash loop"
bench_note "direct ipnetns: ip netns exec $slave_ns /bin/true from the host; direct fork: /bin/true from a bash loop inside $slave_ns; jobs/s of both: the loop's wall time (runstat), one job after the other"
bench_note "$(nproc) CPUs; BENCH_JOBMGR_JOBS=$BENCH_JOBMGR_JOBS, BENCH_JOBMGR_LAT_JOBS=$BENCH_JOBMGR_LAT_JOBS"
bench_done
