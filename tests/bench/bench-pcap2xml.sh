#!/usr/bin/env bash
# bench-pcap2xml: pcap2xml against `tshark -T pdml`.  Two captures of real
# traffic (a UDP flood across a veth pair, captured by pcapture): 75,000
# and 750,000 packets.  On the small one, pcap2xml and tshark alternate
# (tshark, about 20k packets/s here, only BENCH_TSHARK_RUNS times, default
# 1); pcap2xml also converts the large one each run, tshark
# BENCH_TSHARK_LARGE_RUNS times (default 1, about 40 s and 1.5 GB each; 0
# to leave it out).  Output goes to
# /dev/null for both.  Figures: packets/s (goal: 100 times tshark's), peak
# RSS (goal: under 20 MB) and its growth from 75k to 750k packets (flat);
# then, for judging the goal, packets/s with one thread (-j 1; the
# default is one per CPU, at most four) and the
# ceiling of any writer here: pdmlcopy copying pcap2xml's own PDML for
# these packets (bytes per packet noted) in 64-byte pieces, no formatting.

. "$(dirname "$0")/lib.sh"

bench_init pcap2xml pcap2xml tshark "pcap to PDML: pcap2xml vs tshark -T pdml"
bench_need_netns
bench_need tshark tshark

tshark_runs=${BENCH_TSHARK_RUNS:-1}
tshark_large_runs=${BENCH_TSHARK_LARGE_RUNS:-1}
small=75000 large=750000
bench_xlabel "packets in the capture"
bench_figure pps 'packets/s' higher 'ratio>=100' 'conversion speed'
bench_figure rss_kb kB lower 'sonde<20480' 'peak RSS'
bench_figure rss_growth 'x' lower 'sonde<=1.25' "peak RSS on $large packets over that on $small"
# The goal is pcap2xml's as it runs by default (pps); one thread is shown
# for judging what the threads add, without a goal of its own.
bench_figure pps_j1 'packets/s' higher - 'conversion speed, one thread (pcap2xml -j 1)'
# pdmlcopy is one of the bench programs (tests/bench/pdmlcopy.c).
ceiling=$(command -v pdmlcopy)
test -z "$ceiling" ||
	bench_figure ceiling 'packets/s' higher - 'copying the same PDML in 64-byte pieces (no dissection, no formatting)'

bench_veth_up p2x
bench_say "capturing $small and $large packets"
bench_capture_file $small "$BENCH_TMP/small.pcap"
bench_capture_file $large "$BENCH_TMP/large.pcap"

# convert TOOL FILE PACKETS RUN: one conversion; records pps and RSS.
convert() {
	local tool=$1 file=$2 packets=$3 run=$4 rusage=$BENCH_TMP/rusage
	case $tool in
	pcap2xml) runstat -o "$rusage" -- pcap2xml -r "$file" -w - >/dev/null ;;
	pcap2xml-j1) runstat -o "$rusage" -- pcap2xml -j 1 -r "$file" -w - >/dev/null ;;
	tshark) runstat -o "$rusage" -- tshark -n -T pdml -r "$file" >/dev/null 2>"$BENCH_TMP/tshark.err" ;;
	esac || bench_die "$tool -r $file failed"
	last_pps=$(awk -F'\t' -v n="$packets" 'NR == 2 { printf "%.0f", n * 1e9 / $1 }' "$rusage")
	last_rss=$(bench_tsv_field "$rusage" maxrss_kb)
	test "$tool" = pcap2xml-j1 && return
	bench_sample pps "$packets" "$tool" "$run" "$last_pps"
	bench_sample rss_kb "$packets" "$tool" "$run" "$last_rss"
}

# min A B
min() { test "$1" -le "$2" && echo "$1" || echo "$2"; }

# growth SMALL LARGE: the ratio of two peak RSS figures.
growth() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b / a }'; }

# The ceiling's input: pcap2xml's PDML of the first 1000 packets.
pcap2xml -c 1000 -r "$BENCH_TMP/small.pcap" -w "$BENCH_TMP/sample.pdml" || bench_die "pcap2xml -c 1000 failed"
pdml_bytes=$(($(pcap2xml -r "$BENCH_TMP/small.pcap" | wc -c) / small))

for run in $(bench_run_ids); do
	convert pcap2xml "$BENCH_TMP/small.pcap" $small "$run"
	small_rss=$last_rss
	if test "$run" -le "$tshark_runs"; then
		convert tshark "$BENCH_TMP/small.pcap" $small "$run"
		tshark_small_rss=$last_rss
		bench_sample pps_j1 $small tshark "$run" "$last_pps"
		test -z "$ceiling" || bench_sample ceiling $small tshark "$run" "$last_pps"
	fi
	convert pcap2xml "$BENCH_TMP/large.pcap" $large "$run"
	bench_sample rss_growth - pcap2xml "$run" "$(growth "$small_rss" "$last_rss")"
	if test "$run" -le "$tshark_large_runs" && test "$run" -le "$tshark_runs"; then
		convert tshark "$BENCH_TMP/large.pcap" $large "$run"
		bench_sample rss_growth - tshark "$run" "$(growth "$tshark_small_rss" "$last_rss")"
	fi
	convert pcap2xml-j1 "$BENCH_TMP/small.pcap" $small "$run"
	bench_sample pps_j1 $small pcap2xml "$run" "$last_pps"
	test -z "$ceiling" ||
		bench_sample ceiling $small pcap2xml "$run" "$(pdmlcopy "$BENCH_TMP/sample.pdml" $small)"
	bench_say "run $run done"
done
bench_note "pcap2xml ran with its default number of threads, $(nproc) CPU(s) here (at most 4), and with -j 1"
bench_note "captures: $small and $large packets of a UDP flood (60-byte frames) captured by pcapture on a veth; tshark ran $tshark_runs time(s) on the $small-packet file and $(min "$tshark_runs" "$tshark_large_runs") on the $large-packet one"
bench_note "pcap2xml copies the text of header fields whose bytes, position and depth are those of the same field in the packet before (memo sites, see PERFORMANCE in pcap2xml(1)), instead of formatting it again: one flow, as here, is its best case; packets of many flows interleaved are formatted as before the memo, its keys costing about 8% (about 1,200 ns a packet with one thread here instead of about 580)"
bench_note "pcap2xml writes $pdml_bytes bytes of PDML per packet here; the ceiling figure is pdmlcopy (tests/bench/pdmlcopy.c) copying that PDML in 64-byte pieces to /dev/null, what a writer that did nothing but copy these bytes, field-sized pieces at a time, would reach here; its ratio to tshark bounds what formatting them could reach"
bench_done
