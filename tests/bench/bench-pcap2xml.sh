#!/usr/bin/env bash
# bench-pcap2xml: pcap2xml against `tshark -T pdml`.  Two captures of real
# traffic (a UDP flood across a veth pair, captured by pcapture): 75,000
# and 750,000 packets.  On the small one, pcap2xml and tshark alternate
# (tshark, about 6k packets/s, only BENCH_TSHARK_RUNS times, default 1);
# pcap2xml also converts the large one each run.  Output goes to
# /dev/null for both.  Figures: packets/s (goal: 100 times tshark's), peak
# RSS (goal: under 20 MB) and its growth from 75k to 750k packets (flat).

. "$(dirname "$0")/lib.sh"

bench_init pcap2xml pcap2xml tshark "pcap to PDML: pcap2xml vs tshark -T pdml"
bench_need_netns
bench_need tshark tshark

tshark_runs=${BENCH_TSHARK_RUNS:-1}
small=75000 large=750000
bench_xlabel "packets in the capture"
bench_figure pps 'packets/s' higher 'ratio>=100' 'conversion speed'
bench_figure rss_kb kB lower 'sonde<20480' 'peak RSS'
bench_figure rss_growth 'x' lower 'sonde<=1.25' "peak RSS on $large packets over that on $small"

bench_veth_up p2x
bench_say "capturing $small and $large packets"
bench_capture_file $small "$BENCH_TMP/small.pcap"
bench_capture_file $large "$BENCH_TMP/large.pcap"

# convert TOOL FILE PACKETS RUN: one conversion; records pps and RSS.
convert() {
	local tool=$1 file=$2 packets=$3 run=$4 rusage=$BENCH_TMP/rusage
	case $tool in
	pcap2xml) runstat -o "$rusage" -- pcap2xml -r "$file" -w - >/dev/null ;;
	tshark) runstat -o "$rusage" -- tshark -n -T pdml -r "$file" >/dev/null 2>"$BENCH_TMP/tshark.err" ;;
	esac || bench_die "$tool -r $file failed"
	bench_sample pps "$packets" "$tool" "$run" "$(awk -F'\t' -v n="$packets" 'NR == 2 { printf "%.0f", n * 1e9 / $1 }' "$rusage")"
	bench_sample rss_kb "$packets" "$tool" "$run" "$(bench_tsv_field "$rusage" maxrss_kb)"
	last_rss=$(bench_tsv_field "$rusage" maxrss_kb)
}

for run in $(bench_run_ids); do
	convert pcap2xml "$BENCH_TMP/small.pcap" $small "$run"
	small_rss=$last_rss
	test "$run" -gt "$tshark_runs" || convert tshark "$BENCH_TMP/small.pcap" $small "$run"
	convert pcap2xml "$BENCH_TMP/large.pcap" $large "$run"
	bench_sample rss_growth - pcap2xml "$run" "$(awk -v a="$small_rss" -v b="$last_rss" 'BEGIN { printf "%.3f", b / a }')"
	bench_say "run $run done"
done
bench_note "captures: $small and $large packets of a UDP flood (60-byte frames) captured by pcapture on a veth; tshark ran $tshark_runs time(s), on the $small-packet file only"
bench_done
