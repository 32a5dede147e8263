#!/bin/sh
test_description='loadgen: a target that stops answering or stalls (open loop: lost and latency, the run still ends on time)'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/helpers/loadgen.sh"

port=$((20000 + ($$ + 7) % 20000))

test_expect_success 'start an echo server' '
	lg_bg echo loadgen echo -p $port -R echo.ready &&
	test_wait_for_file echo.ready
'

# stop_for PID AFTER FOR: SIGSTOP the process AFTER seconds from now for
# FOR seconds (FOR empty: until the end of the test); a subshell, stopped
# with the script if it is still waiting then.
stop_for() {
	(sleep "$2"; kill -STOP "$1"; test -z "$3" || { sleep "$3"; kill -CONT "$1"; }) &
	test_atexit "lg_stop $!"
}

for t in udp-latency tcp-latency; do
	test_expect_success "$t: a target that stops answering gives lost replies, and the run ends on its timeout" '
		stop_for $(cat echo.pid) 1.0 &&
		start=$(date +%s%N) &&
		loadgen run -S 100ms -t $t -s 127.0.0.1:$port -a rate=500,duration=2,timeout=300ms >out &&
		end=$(date +%s%N) &&
		kill -CONT $(cat echo.pid) &&
		cat out >&3 &&
		between "$(fig out requests lost)" 200 700 &&
		between "$(fig out requests received)" 200 700 &&
		between $(( (end - start) / 1000000 )) 2000 4500
	'
done

test_expect_success 'udp-latency: a target that stalls 300 ms shows as latency, not as fewer samples' '
	stop_for $(cat echo.pid) 1.0 0.3 &&
	loadgen run -S 100ms -t udp-latency -s 127.0.0.1:$port -a rate=500,duration=2,timeout=2s >out &&
	cat out >&3 &&
	test "$(fig out requests lost)" = 0 &&
	test "$(fig out requests received)" -ge 990 &&
	between "$(fig out latency max)" 250000 2000000 &&
	between "$(fig out latency p50)" 0 10000
'

# The sender itself stalls (SIGSTOP 300 ms): the requests due meanwhile go
# late and their latency, from the scheduled time, shows the stall; the
# round trip from the actual send (sockperf's figure) does not.
test_expect_success 'udp-latency: a stalled sender shows in the latency, not in the round trip from the send' '
	loadgen run -S 100ms -t udp-latency -s 127.0.0.1:$port -a rate=1000,duration=2,timeout=2s -T sum.tsv >out &
	run=$! &&
	stop_for $run 1.0 0.3 &&
	test_wait_pid $run &&
	cat out >&3 &&
	test "$(fig out requests lost)" = 0 &&
	between "$(fig out latency p99)" 100000 2000000 &&
	between "$(fig out round p99)" 0 30000 &&
	awk -F"\t" "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next } { exit !(\$c[\"rtt_p99_ns\"] < \$c[\"p99_ns\"] / 3) }" sum.tsv
'

test_expect_success 'tcp-rr: a stopped target counts lost requests and the run ends on time' '
	stop_for $(cat echo.pid) 0.6 &&
	start=$(date +%s%N) &&
	loadgen run -S 100ms -t tcp-rr -s 127.0.0.1:$port -a rate=100,duration=1500ms,timeout=200ms >out &&
	end=$(date +%s%N) &&
	kill -CONT $(cat echo.pid) &&
	cat out >&3 &&
	between "$(fig out requests lost)" 5 150 &&
	between $(( (end - start) / 1000000 )) 1500 4000
'

test_done
