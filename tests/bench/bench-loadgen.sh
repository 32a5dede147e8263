#!/usr/bin/env bash
# bench-loadgen: loadgen against its peers on loopback, alternately
# BENCH_RUNS times (BENCH_LOADGEN_SECONDS, default 3, per run):
#   TCP stream: loadgen tcp-stream to its sink vs iperf3, one stream,
#     128 KiB messages; throughput (receiver side for iperf3, sent for
#     loadgen: TCP delivers what was sent) and the client's CPU time per
#     second of wall time (runstat: the whole client process, set-up
#     included, for both).
#   UDP ping-pong: loadgen udp-latency pace=spin to its UDP echo vs
#     sockperf ping-pong --full-rtt to sockperf's server, 64 bytes at
#     BENCH_LOADGEN_PP_RATE (10000) requests/s; round-trip p50 and p99
#     (us) from the actual send, as sockperf times it (loadgen's "round
#     trip from the send"; its latency from the scheduled send, which also
#     counts the sender's own stalls on a busy machine, is printed beside
#     it), and the client's CPU time per wall second.  Done the same way:
#     one request in flight (at this rate a round trip is a tenth of the
#     spacing, so the open loop never has two), the client blocked in the
#     kernel until the reply (sockperf: recvfrom; loadgen: epoll), then
#     spinning on the clock until the next send (sockperf's pacing;
#     loadgen's pace=spin), the servers blocked in recvfrom.  Both pinned
#     alike (taskset), at two placements, since which CPU each side runs on
#     changes the round trip more than either tool does: "1cpu", the
#     client on the servers' CPU (a send hands the CPU to the server), and
#     "2cpus", the client on another CPU (a wake-up of the server's CPU
#     and of the client's per round trip).  Each client goes to its own
#     server: sockperf's server answers only sockperf's header and
#     sockperf's client ignores a plain echo.
#   rate accuracy (loadgen alone, BENCH_LOADGEN_RATE_RUNS runs, default 1):
#     udp-latency at 10,000 and 100,000 requests/s for 10 s, the error of
#     the achieved rate (%) and the send lag p50/p99 (us).
# Peers are installed with apt-get (iperf3, sockperf) or the benchmark
# says why it skips.

. "$(dirname "$0")/lib.sh"

bench_init loadgen loadgen iperf3/sockperf "loadgen vs iperf3 (TCP stream) and sockperf (UDP ping-pong)"
bench_need_root
bench_need iperf3 iperf3
bench_need sockperf sockperf
command -v runstat >/dev/null || bench_die "runstat is not built (make bench-programs)"

load0=$(cut -d' ' -f1 /proc/loadavg)
secs=${BENCH_LOADGEN_SECONDS:-3}
pp_rate=${BENCH_LOADGEN_PP_RATE:-10000}
rate_runs=${BENCH_LOADGEN_RATE_RUNS:-1}
port=$((30000 + $$ % 10000))
lg_port=$port iperf_port=$((port + 1)) sp_port=$((port + 2))
PEER=iperf3/sockperf

# The CPUs of the ping-pong: the servers on the last one, a second client
# placement on the one before (none on a one-CPU machine).
srv_cpu=$(($(nproc) - 1))
placements="1cpu:$srv_cpu"
test "$srv_cpu" = 0 || placements="$placements 2cpus:$((srv_cpu - 1))"

# Servers: loadgen's echo and sink on one port (UDP echo, TCP sink would
# need two: echo answers TCP too, so the stream goes to a sink of its own).
taskset -c "$srv_cpu" loadgen echo -p "$lg_port" -u -R "$BENCH_TMP/echo.ready" 2>"$BENCH_TMP/echo.log" &
echo_pid=$!
loadgen sink -p "$lg_port" -t -R "$BENCH_TMP/sink.ready" 2>"$BENCH_TMP/sink.log" &
sink_pid=$!
iperf3 -s -p "$iperf_port" >"$BENCH_TMP/iperf3-server.log" 2>&1 &
iperf_pid=$!
taskset -c "$srv_cpu" sockperf server -i 127.0.0.1 -p "$sp_port" >"$BENCH_TMP/sockperf-server.log" 2>&1 &
sp_pid=$!
bench_atexit "kill $echo_pid $sink_pid $iperf_pid $sp_pid 2>/dev/null"
bench_wait_for "test -e $BENCH_TMP/echo.ready" 10 || bench_die "loadgen echo did not start"
bench_wait_for "test -e $BENCH_TMP/sink.ready" 10 || bench_die "loadgen sink did not start"
bench_wait_for "ss -Htln | grep -q ':$iperf_port '" 10 || bench_die "iperf3 -s did not start"
bench_wait_for "ss -Huln | grep -q ':$sp_port '" 10 || bench_die "sockperf server did not start"

# us_field FILE COLUMN: a nanosecond figure of a loadgen TSV, in us.
us_field() { awk -v v="$(bench_tsv_field "$1" "$2")" 'BEGIN { printf "%.3f", v / 1e3 }'; }
# cpu_pct RUSAGE: CPU time over wall time, %.
cpu_pct() { awk -F'\t' 'NR == 2 { printf "%.1f\n", ($2 + $3) * 100 / $1 }' "$1"; }

bench_xlabel "test"
bench_figure mbit_s 'Mbit/s' higher 'ratio>=0.95' 'TCP stream on loopback, 1 stream, 128 KiB messages'
bench_figure client_cpu_pct '% of a CPU' lower - 'TCP stream: the client process'"'"'s CPU time per wall second'
bench_figure rtt_p50_us us lower 'ratio<=1.2' "UDP ping-pong, 64 B at $pp_rate/s: median round trip (x: client and server on 1 CPU or 2)"
bench_figure rtt_p99_us us lower - "UDP ping-pong, 64 B at $pp_rate/s: p99 round trip"
bench_figure lat_p50_us us lower - "UDP ping-pong: loadgen's median latency from the scheduled send (open loop: the sender's stalls count)"
bench_figure pp_client_cpu_pct '% of a CPU' lower - "UDP ping-pong: the client process's CPU time per wall second (both spin from a reply to the next send)"

for run in $(bench_run_ids); do
	t=$BENCH_TMP/run$run
	runstat -o "$t.lg.rusage" -- loadgen run -q -S 100ms -t tcp-stream -s "127.0.0.1:$lg_port" \
		-a "duration=${secs}s,size=128k,connections=1" -T "$t.lg.tsv" >/dev/null 2>"$t.lg.err" ||
		bench_die "loadgen tcp-stream failed: $(cat "$t.lg.err")"
	bench_sample mbit_s tcp-stream loadgen "$run" "$(awk -v b="$(bench_tsv_field "$t.lg.tsv" sent_bits_per_s)" 'BEGIN { printf "%.1f", b / 1e6 }')"
	bench_sample client_cpu_pct tcp-stream loadgen "$run" "$(cpu_pct "$t.lg.rusage")"
	runstat -o "$t.ip.rusage" -- iperf3 -c 127.0.0.1 -p "$iperf_port" -t "$secs" -P 1 -l 128K -J \
		>"$t.ip.json" 2>"$t.ip.err" || bench_die "iperf3 -c failed: $(cat "$t.ip.err")"
	bench_sample mbit_s tcp-stream $PEER "$run" \
		"$(python3 -c 'import json, sys; print("%.1f" % (json.load(open(sys.argv[1]))["end"]["sum_received"]["bits_per_second"] / 1e6))' "$t.ip.json")"
	bench_sample client_cpu_pct tcp-stream $PEER "$run" "$(cpu_pct "$t.ip.rusage")"

	for pl in $placements; do
		x=${pl%%:*} cpu=${pl#*:} u=$t.$x
		runstat -o "$u.pp.rusage" -- taskset -c "$cpu" loadgen run -q -S 100ms -t udp-latency -s "127.0.0.1:$lg_port" \
			-a "rate=$pp_rate,size=64,duration=${secs}s,warmup=200ms,pace=spin" -T "$u.pp.tsv" >/dev/null 2>"$u.pp.err" ||
			bench_die "loadgen udp-latency failed: $(cat "$u.pp.err")"
		bench_sample rtt_p50_us "$x" loadgen "$run" "$(us_field "$u.pp.tsv" rtt_p50_ns)"
		bench_sample rtt_p99_us "$x" loadgen "$run" "$(us_field "$u.pp.tsv" rtt_p99_ns)"
		bench_sample lat_p50_us "$x" loadgen "$run" "$(us_field "$u.pp.tsv" p50_ns)"
		bench_sample pp_client_cpu_pct "$x" loadgen "$run" "$(cpu_pct "$u.pp.rusage")"
		runstat -o "$u.sp.rusage" -- taskset -c "$cpu" sockperf ping-pong -i 127.0.0.1 -p "$sp_port" -t "$secs" -m 64 \
			--mps="$pp_rate" --full-rtt >"$u.sp.out" 2>&1 || bench_die "sockperf ping-pong failed: $(tail -3 "$u.sp.out")"
		p50=$(sed -n 's/.*percentile 50.000 = *\([0-9.]*\).*/\1/p' "$u.sp.out")
		p99=$(sed -n 's/.*percentile 99.000 = *\([0-9.]*\).*/\1/p' "$u.sp.out")
		test -n "$p50" && test -n "$p99" || bench_die "sockperf ping-pong: no percentiles in its output: $(tail -3 "$u.sp.out")"
		bench_sample rtt_p50_us "$x" $PEER "$run" "$p50"
		bench_sample rtt_p99_us "$x" $PEER "$run" "$p99"
		bench_sample pp_client_cpu_pct "$x" $PEER "$run" "$(cpu_pct "$u.sp.rusage")"
	done
done

bench_figure rate_error_pct '%' lower 'sonde<1' 'udp-latency for 10 s: |achieved - requested| / requested'
bench_figure lag_p50_us us lower - 'send lag p50 (actual - scheduled send)'
bench_figure lag_p99_us us lower - 'send lag p99'
for run in $(seq 1 "$rate_runs"); do
	for rate in 10000 100000; do
		t=$BENCH_TMP/rate$rate.$run
		loadgen run -q -S 100ms -t udp-latency -s "127.0.0.1:$lg_port" -a "rate=$rate,size=64,duration=10s" \
			-T "$t.tsv" >/dev/null 2>"$t.err" || bench_die "loadgen at $rate/s failed: $(cat "$t.err")"
		bench_sample rate_error_pct "$rate/s" loadgen "$run" \
			"$(awk -v a="$(bench_tsv_field "$t.tsv" achieved_per_s)" -v r="$rate" 'BEGIN { d = a - r; if (d < 0) d = -d; printf "%.4f", d * 100 / r }')"
		bench_sample lag_p50_us "$rate/s" loadgen "$run" "$(us_field "$t.tsv" lag_p50_ns)"
		bench_sample lag_p99_us "$rate/s" loadgen "$run" "$(us_field "$t.tsv" lag_p99_ns)"
	done
done

bench_note "loopback, one machine: the client, the server and the peer share its $(nproc) CPUs (load average at the start: $load0, at the end: $(cut -d' ' -f1 /proc/loadavg))"
bench_note "iperf3 -c -P 1 -l 128K vs loadgen tcp-stream size=128k"
bench_note "UDP ping-pong: sockperf ping-pong --full-rtt -m 64 --mps=$pp_rate (closed loop: send, block in recvfrom until the reply, spin until the next send; round trip from the send) vs loadgen udp-latency rate=$pp_rate,size=64,pace=spin (open loop; its round trip from the actual send, taken just before the send as sockperf does, beside its latency from the scheduled send; at this rate a round trip is a tenth of the spacing, so exactly one request is in flight, as in sockperf's loop; blocked in epoll until the reply, then spinning on the clock until the next send), servers sockperf server and loadgen echo -u (both a blocking recvfrom/sendto loop); servers pinned to CPU $srv_cpu, clients to the same CPU (1cpu) or CPU $((srv_cpu > 0 ? srv_cpu - 1 : 0)) (2cpus).  loadgen's default pace=sleep sleeps between a reply and the next send instead of spinning (a few % of a CPU instead of 100%): on this virtual machine an idle CPU makes the next round trip 1.5-4 us longer.  Tails differ by design: a stall of the server or of the machine (1 ms) catches every request loadgen sends on schedule meanwhile (about 10 at 10k/s) but only one of sockperf's, which waits for the reply before it sends again (coordinated omission), so loadgen's p99.9, and its p99 on a busy machine, are higher for the same stalls"
bench_done
