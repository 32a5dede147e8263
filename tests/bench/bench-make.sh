#!/usr/bin/env bash
# bench-make: how fast make decides there is nothing to do.  The demo case
# is measured once into its own results folder (BENCH_OUT/make-results,
# testbed id "bmake", stylesheets copied to scratch, so that nobody else's
# results, testbed or report.xsl are touched); then timed, BENCH_RUNS times
# each with hyperfine (or a plain loop when hyperfine cannot be had):
#   a no-op `make measure` and a no-op `make report` (goal: under 0.3 s),
#   `make report` after touching report.xsl, which must re-render the HTML
#   only; make's own output is checked for that.

. "$(dirname "$0")/lib.sh"

bench_init make make - "no-op make measure / make report on a finished case"
bench_need_netns
bench_need python3 python3
command -v hyperfine >/dev/null || test "$(id -u)" != 0 ||
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q hyperfine >/dev/null 2>&1

results=$BENCH_OUT/make-results
xsl=$BENCH_TMP/xsl
cp -R "$SONDE_TOP/reports/xsl" "$xsl" || bench_die "cannot copy the stylesheets"
mk=(make --no-print-directory -C "$SONDE_TOP" O="$SONDE_BUILD" RESULTS="$results" CASE=demo TESTBED=bmake XSL_DIR="$xsl")
mk_line=$(printf '%q ' "${mk[@]}")

bench_xlabel "target"
bench_figure noop_s s lower 'sonde<0.3' 'no-op make, nothing stale'
bench_figure xsl_rebuild_s s lower - 'make report after touching report.xsl'

bench_say "measuring the demo case once (not timed)"
"${mk[@]}" measure >"$BENCH_TMP/measure.log" 2>&1 || bench_die "make measure failed: $(tail -5 "$BENCH_TMP/measure.log")"
"${mk[@]}" -q report || bench_note "make -q report is false right after make measure: something is always stale"

# timed X PREPARE CMD: BENCH_RUNS wall times of CMD (seconds), one a line.
timed() {
	local x=$1 prepare=$2 cmd=$3 i
	if command -v hyperfine >/dev/null; then
		hyperfine -N --style none --runs "$BENCH_RUNS" --warmup 1 ${prepare:+--prepare "$prepare"} \
			--export-json "$BENCH_TMP/$x.json" "$cmd" >/dev/null 2>"$BENCH_TMP/$x.err" ||
			bench_die "hyperfine $cmd: $(cat "$BENCH_TMP/$x.err")"
		python3 -c 'import json, sys; print("\n".join(str(t) for t in json.load(open(sys.argv[1]))["results"][0]["times"]))' \
			"$BENCH_TMP/$x.json"
	else
		for i in $(bench_run_ids); do
			test -z "$prepare" || eval "$prepare"
			eval "runstat -o '$BENCH_TMP/$x.rusage' -- $cmd" >/dev/null 2>&1 || bench_die "$cmd failed"
			awk -F'\t' 'NR == 2 { printf "%.6f\n", $1 / 1e9 }' "$BENCH_TMP/$x.rusage"
		done
	fi
}

# record FIGURE X PREPARE CMD
record() {
	local run=0 t
	for t in $(timed "$2" "$3" "$4"); do
		run=$((run + 1))
		bench_sample "$1" "$2" make "$run" "$t"
	done
}
record noop_s measure '' "$mk_line measure"
record noop_s report '' "$mk_line report"
record xsl_rebuild_s report.xsl "touch $xsl/report.xsl" "$mk_line report"

# What a touch of report.xsl rebuilds: the HTML step, nothing upstream.
touch "$xsl/report.xsl"
"${mk[@]}" report >"$BENCH_TMP/touch.log" 2>&1 || bench_die "make report failed: $(cat "$BENCH_TMP/touch.log")"
steps=$(awk '{ print $1 }' "$BENCH_TMP/touch.log" | sort -u | tr '\n' ' ')
if grep -q '^ *REPORT' "$BENCH_TMP/touch.log" && ! grep -Eq '^ *(PCAP2XML|SIMPLIFY|GNUPLOT|STEP|CC|LD)' "$BENCH_TMP/touch.log"; then
	bench_note "after touching report.xsl, make ran only: $steps(verified from its output)"
else
	bench_note "after touching report.xsl, make ran more than the HTML step: $steps"
fi
bench_note "hyperfine: $(command -v hyperfine >/dev/null && hyperfine --version || echo 'not available, timed by a plain loop')"
bench_done
