#!/usr/bin/env bash
# bench-capture: pcapture against tcpdump on a UDP flood at increasing
# offered rates.  Two namespaces joined by a veth pair; udpflood (pinned to
# CPU 0) sends for BENCH_CAPTURE_SECONDS at each rate into the receiver,
# where the capture tool (pinned to the last CPU) captures on veth1 with the
# same filter, snaplen (-s), kernel buffer (-B) and no promiscuous mode
# for both, writing to a file on tmpfs.  pcapture and tcpdump alternate,
# run by run, and alternate who goes first.  Figures per rate: packets lost
# (sent minus the records counted in the written file), the tool's own
# kernel-drop counter, the CPU it used (user+system, from wait4), how often
# it slept waiting for packets (its voluntary context switches: the
# wake-ups its read timeout costs), the rate the sender achieved while that
# tool captured (on a veth pair the sender's CPU also runs the receive path,
# the copy into the capture ring included, so a capture that slows the
# sender shows here); and the highest rate at which each tool's median loss
# was zero.
#
#   BENCH_CAPTURE_RATES="10000 50000 100000 200000 400000 0"  (0: unpaced)
#   BENCH_CAPTURE_SECONDS=2  BENCH_CAPTURE_BUFFER=2M  BENCH_CAPTURE_SNAPLEN=262144
#   BENCH_CAPTURE_SETTLE=1.2 (seconds between the flood's end and the stop)

. "$(dirname "$0")/lib.sh"

bench_init capture pcapture tcpdump "capture of a UDP flood: pcapture vs tcpdump"
bench_need_netns
bench_need tcpdump tcpdump
bench_need taskset util-linux

rates=${BENCH_CAPTURE_RATES:-10000 50000 100000 200000 400000 0}
seconds=${BENCH_CAPTURE_SECONDS:-2}
buffer=${BENCH_CAPTURE_BUFFER:-2M}
snaplen=${BENCH_CAPTURE_SNAPLEN:-262144}
settle=${BENCH_CAPTURE_SETTLE:-1.2}
filter="udp dst port 9999"
buffer_bytes=$(numfmt --from=iec "$buffer") || bench_die "BENCH_CAPTURE_BUFFER=$buffer: not a size"
last_cpu=$(($(nproc) - 1))

bench_xlabel "offered rate (packets/s)"
bench_figure loss_pct '% of sent' lower 'sonde<=peer' 'packets lost (sent - written to the file)'
bench_figure kernel_drops packets lower 'sonde<=peer' "packets dropped, by the tool's own counter"
bench_figure cpu_ms 'ms CPU' lower 'sonde<=peer' 'CPU time of the capture tool (user+system)'
bench_figure wakeups 'wake-ups' lower - 'times the capture tool slept waiting (voluntary context switches)'
bench_figure sent_pps 'packets/s' higher - 'rate the sender achieved'
bench_figure lossless_pps 'packets/s' higher 'ratio>=1' 'highest rate with no loss (median)'

bench_veth_up cap
bench_note "veth pair between namespaces, $seconds s per run, filter '$filter', snaplen $snaplen, buffer $buffer, no promiscuous mode, output on tmpfs; sender on CPU 0, capture on CPU $last_cpu"

label() { if test "$1" = 0; then echo max; else echo "$(($1 / 1000))k"; fi; }

# The capture command of each tool, same settings, into the array cmd.
capture_cmd() {
	case $1 in
	pcapture) cmd=(pcapture -q -i veth1 -f "$filter" -s "$snaplen" -B "$buffer_bytes"
		-w "$out" -R "$run_dir/ready" -S "$run_dir/stats") ;;
	tcpdump) cmd=(tcpdump -n -p -Z root -i veth1 -s "$snaplen" -B $((buffer_bytes / 1024))
		--time-stamp-precision=nano -w "$out" "$filter") ;;
	esac
}

is_ready() {
	case $1 in
	pcapture) test -e "$run_dir/ready" ;;
	tcpdump) grep -qs '^tcpdump: listening on' "$run_dir/log" ;;
	esac
}

# The tool's own count of packets dropped by the kernel.
own_drops() {
	case $1 in
	pcapture) bench_tsv_field "$run_dir/stats" dropped ;;
	tcpdump) sed -n 's/^\([0-9]*\) packets\{0,1\} dropped by kernel$/\1/p' "$run_dir/log" ;;
	esac
}
own_captured() {
	case $1 in
	pcapture) bench_tsv_field "$run_dir/stats" captured ;;
	tcpdump) sed -n 's/^\([0-9]*\) packets\{0,1\} captured$/\1/p' "$run_dir/log" ;;
	esac
}

# run_one TOOL RATE RUN: one capture of one flood; records its samples.
run_one() {
	local tool=$1 rate=$2 run=$3 x pid sent written drops cpu captured wakeups
	x=$(label "$rate")
	run_dir=$BENCH_TMP/$tool-$x-$run out=$BENCH_TMP/$tool-$x-$run/out.pcap
	mkdir -p "$run_dir"
	capture_cmd "$tool"
	taskset -c "$last_cpu" runstat -o "$run_dir/rusage" -- ip netns exec "$BENCH_NS_RX" "${cmd[@]}" \
		>"$run_dir/log" 2>&1 &
	pid=$!
	bench_wait_for "is_ready $tool" 10 || { bench_stop "$pid" 2; bench_die "$tool did not start: $(cat "$run_dir/log")"; }
	ip netns exec "$BENCH_NS_TX" taskset -c 0 udpflood -d "$BENCH_RX_ADDR" -r "$rate" -t "$seconds" \
		>"$run_dir/flood" || bench_die "udpflood failed"
	# Before the stop, every packet reaches the tool: tcpdump reads
	# TPACKET_V3 blocks, which the kernel hands over when full or after
	# libpcap's timeout (1 s for tcpdump); stopping earlier would count
	# the packets of its last block as lost, a stop artefact and not a
	# failure to keep up.
	sleep "$settle"
	bench_stop "$pid" 10 || bench_die "$tool exited with status $?: $(cat "$run_dir/log")"
	sent=$(bench_tsv_field "$run_dir/flood" sent)
	written=$(pcapcount "$out") || bench_die "$out: unreadable"
	drops=$(own_drops "$tool") captured=$(own_captured "$tool")
	cpu=$(awk -F'\t' 'NR == 2 { printf "%.1f", ($2 + $3) / 1e6 }' "$run_dir/rusage")
	wakeups=$(bench_tsv_field "$run_dir/rusage" vcsw)
	test "$captured" = "$written" ||
		bench_note "$tool at $x run $run: says it captured $captured packets but the file holds $written"
	test "$written" -le "$sent" || bench_note "$tool at $x run $run: $written packets written, more than the $sent sent"
	bench_sample loss_pct "$x" "$tool" "$run" "$(awk -v s="$sent" -v w="$written" 'BEGIN { printf "%.3f", (s > w ? (s - w) * 100 / s : 0) }')"
	bench_sample kernel_drops "$x" "$tool" "$run" "${drops:-0}"
	bench_sample cpu_ms "$x" "$tool" "$run" "$cpu"
	bench_sample wakeups "$x" "$tool" "$run" "$wakeups"
	bench_sample sent_pps "$x" "$tool" "$run" "$(bench_tsv_field "$run_dir/flood" rate_pps)"
	printf '  %-10s %-8s %5s run %s: sent %s, written %s, kernel drops %s, CPU %s ms, %s wake-ups\n' \
		"$BENCH_NAME" "$tool" "$x" "$run" "$sent" "$written" "${drops:-?}" "$cpu" "$wakeups"
	rm -rf "$run_dir"
}

for rate in $rates; do
	for run in $(bench_run_ids); do
		# Alternate, and alternate who goes first, so that neither
		# always follows the other.
		if test $((run % 2)) = 1; then order="pcapture tcpdump"; else order="tcpdump pcapture"; fi
		for tool in $order; do run_one "$tool" "$rate" "$run"; done
	done
done

# The highest rate at which the tool's median loss was zero.  A rate is
# the load both tools were offered at that step: the median rate the
# sender achieved over the runs of both (the paced rate when the sender
# kept up; for "max", whatever it reached).  Taking each tool's own
# sender rate instead would rank two lossless tools by the sender's noise
# (runs at "max" spread over tens of percent on a shared machine); a tool
# that slowed the sender still shows in sent_pps, per tool.
lossless() {
	awk -F'\t' -v t="$1" '
	$1 == "loss_pct" && $3 == t { n[$2]++; loss[$2, n[$2]] = $5 }
	$1 == "sent_pps" { sent[$2, ++m[$2]] = $5 }
	function median(a, x, cnt,    i, j, v, s) {
		for (i = 1; i <= cnt; i++) s[i] = a[x, i]
		for (i = 2; i <= cnt; i++) { v = s[i]; for (j = i - 1; j >= 1 && s[j] > v; j--) s[j + 1] = s[j]; s[j + 1] = v }
		return cnt % 2 ? s[(cnt + 1) / 2] : (s[cnt / 2] + s[cnt / 2 + 1]) / 2
	}
	END {
		best = 0
		for (x in n) {
			if (median(loss, x, n[x]) > 0) continue
			r = median(sent, x, m[x])
			if (r > best) best = r
		}
		printf "%.0f\n", best
	}' "$BENCH_BASE.samples.tsv"
}
for tool in pcapture tcpdump; do
	bench_sample lossless_pps - "$tool" 1 "$(lossless "$tool")"
done

bench_done
