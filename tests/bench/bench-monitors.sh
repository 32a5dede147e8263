#!/usr/bin/env bash
# bench-monitors: procmon, cpumon and memmon against their peers.
#
#  (a) an exec storm of BENCH_STORM_PROCS (5000) short processes in
#      BENCH_STORM_LANES (4) parallel lanes (every 10th exits 1), under
#      procmon -- and, system-wide at the same time, execsnoop and
#      exitsnoop of Debian's libbpf-tools: execs and exits each recorded
#      (with the right status, for procmon), and procmon's lost count;
#  (b) cpumon's final CPU time of a spinner of 2 s against the spinner's
#      own getrusage (the error, %) and pidstat -u -p PID 1's sum of its
#      per-second shares; memmon's final peak of a toucher of 200 MB
#      against /usr/bin/time -v's maximum RSS and pidstat -r's largest RSS;
#  (c) the storm's wall time with procmon + cpumon + memmon watching the
#      whole host against without (the overhead, %).
#
# The sonde side of each figure is "monitors", the peer side "peer": the
# title of each figure names the peer.  libbpf-tools' snoopers attach to
# syscall tracepoints, which need tracefs: mounted for the benchmark when
# it is not (and unmounted after).

. "$(dirname "$0")/lib.sh"

: "${BENCH_STORM_PROCS:=5000}" "${BENCH_STORM_LANES:=4}"

bench_init monitors monitors peer 'procmon, cpumon, memmon: exec storm, CPU and memory accuracy, overhead'
bench_need_root
bench_need execsnoop libbpf-tools
bench_need exitsnoop libbpf-tools
bench_need pidstat sysstat
test -x /usr/bin/time || bench_need time time
command -v cc >/dev/null || bench_skip "no C compiler for the spinner and the toucher"

procs=$(( BENCH_STORM_PROCS / BENCH_STORM_LANES * BENCH_STORM_LANES ))
bench_xlabel 'what'
bench_figure execs count higher 'sonde>=peer' "storm: execs recorded (procmon vs execsnoop; $procs made)"
bench_figure exits count higher 'sonde>=peer' "storm: exits recorded (procmon vs exitsnoop; $procs made)"
bench_figure status_ok count higher "sonde>=$procs" 'storm: exits with the right status (procmon)'
bench_figure lost count lower 'sonde<=0' 'storm: events lost (procmon)'
bench_figure cpu_err_pct '%' lower 'sonde<=2' "CPU time error vs the spinner's getrusage (cpumon vs pidstat -u)"
bench_figure peak_err_pct '%' lower 'sonde<=2' 'peak RSS error vs /usr/bin/time -v (memmon vs pidstat -r)'
bench_figure overhead_pct '%' lower 'sonde<=10' 'storm wall time with procmon+cpumon+memmon attached, above without'
bench_figure storm_s s lower - 'storm wall time: with the monitors (sonde) and without (peer)'

T=$BENCH_TMP
cc -O2 -pthread -o "$T/cpu-spin" "$SONDE_TOP/tests/cli/helpers/cpu-spin.c" &&
	cc -O2 -o "$T/mem-touch" "$SONDE_TOP/tests/cli/helpers/mem-touch.c" ||
	bench_die "building the spinner and the toucher failed"
# Names of their own, so that the system-wide peers count only the storm.
cp /bin/true "$T/storm-ok" && cp /bin/false "$T/storm-fail" || bench_die "cp failed"
# storm.sh N LANES: N short processes, LANES at a time; every 10th exits 1.
printf '%s\n' \
	'dir=$(dirname "$0") n=$(($1 / $2)) lane=0' \
	'while test $lane -lt $2; do' \
	'	( i=0; while test $i -lt $n; do' \
	'		i=$((i + 1))' \
	'		if test $((i % 10)) = 0; then "$dir/storm-fail"; else "$dir/storm-ok"; fi' \
	'	done ) &' \
	'	lane=$((lane + 1))' \
	'done' \
	'wait' >"$T/storm.sh"

if ! mountpoint -q /sys/kernel/tracing; then
	mount -t tracefs nodev /sys/kernel/tracing || bench_skip "no tracefs for execsnoop"
	bench_atexit 'umount /sys/kernel/tracing'
fi

# stop_job PID: SIGINT and a bounded wait.
stop_job() { bench_stop "$1" 10 >/dev/null 2>&1; true; }
# header_of FILE: the monitor has written its column names
header_of() { test "$(sed -n 2p "$1" 2>/dev/null | cut -f1)" = time; }

# (a) the storm under procmon, execsnoop and exitsnoop.
storm_watched() {
	local run=$1 es=$T/execsnoop.out xs=$T/exitsnoop.out pm=$T/procmon.tsv espid xspid
	execsnoop >"$es" 2>"$es.err" & espid=$!
	exitsnoop >"$xs" 2>"$xs.err" & xspid=$!
	bench_atexit "kill $espid $xspid"
	bench_wait_for "test -s '$es' && test -s '$xs'" 20 ||
		bench_die "execsnoop/exitsnoop did not start: $(cat "$es.err" "$xs.err")"
	procmon -o "$pm" -- sh "$T/storm.sh" "$procs" "$BENCH_STORM_LANES" || bench_die "procmon failed"
	sleep 0.5	# the snoopers' last events
	stop_job $espid
	stop_job $xspid
	local pm_execs pm_exits pm_ok pm_lost es_execs xs_exits
	pm_execs=$(awk -F'\t' '$2 == "exec" && ($6 == "storm-ok" || $6 == "storm-fail")' "$pm" | wc -l)
	pm_exits=$(awk -F'\t' '$2 == "exit" && ($6 == "storm-ok" || $6 == "storm-fail")' "$pm" | wc -l)
	pm_ok=$(awk -F'\t' '$2 == "exit" && (($6 == "storm-ok" && $7 == "0") || ($6 == "storm-fail" && $7 == "1"))' "$pm" | wc -l)
	pm_lost=$(awk -F'\t' '$2 == "end" { print $NF }' "$pm")
	es_execs=$(awk '($1 == "storm-ok" || $1 == "storm-fail") && $4 == 0' "$es" | wc -l)
	xs_exits=$(awk '$1 == "storm-ok" || $1 == "storm-fail"' "$xs" | wc -l)
	bench_sample execs - monitors "$run" "$pm_execs"
	bench_sample execs - peer "$run" "$es_execs"
	bench_sample exits - monitors "$run" "$pm_exits"
	bench_sample exits - peer "$run" "$xs_exits"
	bench_sample status_ok - monitors "$run" "$pm_ok"
	bench_sample lost - monitors "$run" "${pm_lost:-0}"
	bench_say "run $run storm: procmon $pm_execs execs, $pm_exits exits ($pm_ok right status, ${pm_lost:-?} lost); execsnoop $es_execs, exitsnoop $xs_exits (of $procs)"
}

# err_pct A B: |A - B| / B in per cent
err_pct() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; printf "%.3f", (b > 0 ? 100 * d / b : 100) }'; }

# (b) cpumon and pidstat on a spinner; memmon and pidstat on a toucher,
# each a child of this script (cpumon -p $$: its exit line comes from the
# exit source, not from wait4).
accuracy() {
	local run=$1 mon pid ps u s own got pst
	cpumon -i 200ms -p $$ -o "$T/cpumon.tsv" & mon=$!
	bench_wait_for "header_of '$T/cpumon.tsv'" 10 || bench_die "cpumon did not start"
	( exec "$T/cpu-spin" 2 >"$T/spin.out" ) & pid=$!
	pidstat -h -u -p "$pid" 1 >"$T/pidstat-u.out" 2>&1 & ps=$!
	wait "$pid"
	sleep 0.3
	stop_job $ps
	stop_job $mon
	read -r u s <"$T/spin.out"
	own=$((u + s))
	got=$(awk -F'\t' -v p="$pid" '$2 == "exit" && $3 == p && $9 == "final" { print $6 + $7 }' "$T/cpumon.tsv")
	test -n "$got" || bench_die "cpumon has no final line for the spinner"
	# pidstat -u -h: %CPU (8th field) of each 1 s line, summed: CPU seconds seen
	pst=$(awk -v p="$pid" '$3 == p && $0 !~ /^#/ { s += $8 } END { printf "%.0f", s / 100 * 1e9 }' "$T/pidstat-u.out")
	bench_sample cpu_err_pct - monitors "$run" "$(err_pct "$got" "$own")"
	bench_sample cpu_err_pct - peer "$run" "$(err_pct "$pst" "$own")"
	bench_say "run $run CPU: getrusage $own ns, cpumon $got ns, pidstat $pst ns"

	local tpid kid tv mm prs
	memmon -i 200ms -p $$ -o "$T/memmon.tsv" & mon=$!
	bench_wait_for "header_of '$T/memmon.tsv'" 10 || bench_die "memmon did not start"
	/usr/bin/time -v -o "$T/time.out" "$T/mem-touch" 200 1.5 & tpid=$!
	bench_wait_for "pgrep -P $tpid >/dev/null" 10 || bench_die "the toucher did not start"
	kid=$(pgrep -P $tpid)
	pidstat -h -r -p "$kid" 1 >"$T/pidstat-r.out" 2>&1 & ps=$!
	wait $tpid
	sleep 0.3
	stop_job $ps
	stop_job $mon
	tv=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$T/time.out")
	mm=$(awk -F'\t' -v p="$kid" '$2 == "exit" && $3 == p && $9 == "final" { print $7 }' "$T/memmon.tsv")
	test -n "$mm" || bench_die "memmon has no final line for the toucher"
	# pidstat -r -h: RSS in kB (7th field); the largest seen
	prs=$(awk -v p="$kid" '$3 == p && $0 !~ /^#/ && $7 > m { m = $7 } END { print m + 0 }' "$T/pidstat-r.out")
	bench_sample peak_err_pct - monitors "$run" "$(err_pct "$mm" "$tv")"
	bench_sample peak_err_pct - peer "$run" "$(err_pct "$prs" "$tv")"
	bench_say "run $run peak: time -v $tv kB, memmon $mm kB, pidstat $prs kB"
}

# (c) the storm's wall time, alone and watched (the whole host, 200 ms).
storm_wall() {
	runstat -o "$T/rs" -- sh "$T/storm.sh" "$procs" "$BENCH_STORM_LANES" >/dev/null || bench_die "the storm failed"
	bench_tsv_field "$T/rs" wall_ns
}
overhead() {
	local run=$1 bare watched p1 p2 p3
	bare=$(storm_wall)
	procmon -o "$T/o-procmon.tsv" & p1=$!
	cpumon -i 200ms -o "$T/o-cpumon.tsv" & p2=$!
	memmon -i 200ms -o "$T/o-memmon.tsv" & p3=$!
	bench_wait_for "header_of '$T/o-procmon.tsv' && header_of '$T/o-cpumon.tsv' && header_of '$T/o-memmon.tsv'" 10 ||
		bench_die "the monitors did not start"
	watched=$(storm_wall)
	stop_job $p1
	stop_job $p2
	stop_job $p3
	bench_sample storm_s - monitors "$run" "$(awk -v n="$watched" 'BEGIN { printf "%.3f", n / 1e9 }')"
	bench_sample storm_s - peer "$run" "$(awk -v n="$bare" 'BEGIN { printf "%.3f", n / 1e9 }')"
	bench_sample overhead_pct - monitors "$run" "$(awk -v a="$watched" -v b="$bare" 'BEGIN { printf "%.2f", 100 * (a - b) / b }')"
	bench_say "run $run storm wall: $bare ns alone, $watched ns watched"
}

for run in $(bench_run_ids); do
	storm_watched "$run"
	accuracy "$run"
	overhead "$run"
done
bench_note "storm: $procs processes in $BENCH_STORM_LANES lanes (copies of true and false named storm-ok, storm-fail); peers execsnoop, exitsnoop (libbpf-tools $(dpkg-query -W -f '${Version}' libbpf-tools 2>/dev/null)), pidstat (sysstat $(dpkg-query -W -f '${Version}' sysstat 2>/dev/null)), /usr/bin/time -v"
bench_note "monitors' backend: $(cpumon -o - -- true 2>/dev/null | head -n 1)"
bench_done
