#!/usr/bin/env bash
# bench-simplify: simplify's memory and speed on PDML of 10,000 and 100,000
# packets (pcap2xml's output for a capture of a UDP flood).  Figures: peak
# RSS (goal: flat, the larger input within 25% of the smaller) and
# packets/s.  No peer: what simplify replaces, xsltproc on the whole
# document, holds it all in memory by design.  simplify is slow (a few
# thousand packets/s), so it runs at most BENCH_SIMPLIFY_RUNS times
# (default 3) to keep `make bench` within minutes.

. "$(dirname "$0")/lib.sh"

max_runs=${BENCH_SIMPLIFY_RUNS:-3}
test "$BENCH_RUNS" -le "$max_runs" 2>/dev/null || BENCH_RUNS=$max_runs

bench_init simplify simplify - "PDML to simplified XML: simplify's memory and speed"
bench_need_netns

small=10000 large=100000
bench_xlabel "packets in the PDML"
bench_figure rss_kb kB lower 'sonde<20480' 'peak RSS'
bench_figure rss_growth 'x' lower 'sonde<=1.25' "peak RSS on $large packets over that on $small"
bench_figure pps 'packets/s' higher - 'conversion speed'

bench_veth_up smp
bench_capture_file $large "$BENCH_TMP/large.pcap"
pcap2xml -r "$BENCH_TMP/large.pcap" -w "$BENCH_TMP/$large.pdml" &&
	pcap2xml -c $small -r "$BENCH_TMP/large.pcap" -w "$BENCH_TMP/$small.pdml" ||
	bench_die "pcap2xml failed"
rm -f "$BENCH_TMP/large.pcap"

# simplify_run PACKETS RUN: prints the peak RSS, records RSS and pps.
simplify_run() {
	local rusage=$BENCH_TMP/rusage
	runstat -o "$rusage" -- simplify -r "$BENCH_TMP/$1.pdml" -w - >/dev/null || bench_die "simplify failed"
	bench_sample rss_kb "$1" simplify "$2" "$(bench_tsv_field "$rusage" maxrss_kb)"
	bench_sample pps "$1" simplify "$2" "$(awk -F'\t' -v n="$1" 'NR == 2 { printf "%.0f", n * 1e9 / $1 }' "$rusage")"
	bench_tsv_field "$rusage" maxrss_kb
}

for run in $(bench_run_ids); do
	a=$(simplify_run $small "$run") && b=$(simplify_run $large "$run") || exit 1
	bench_sample rss_growth - simplify "$run" "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b / a }')"
	bench_say "run $run: peak RSS $a kB ($small packets), $b kB ($large packets)"
done
bench_note "PDML from pcap2xml: $(du -m "$BENCH_TMP/$large.pdml" | cut -f1) MB for $large packets"
bench_done
