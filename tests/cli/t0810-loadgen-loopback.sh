#!/bin/sh
test_description='loadgen: every client test against the real echo and sink servers on loopback gives sane figures'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/helpers/loadgen.sh"

# Ports of our own, unlikely to be taken by a parallel test.
port=$((20000 + $$ % 20000))
echo_port=$port sink_port=$((port + 1))

test_expect_success 'start the echo and sink servers' '
	lg_bg echo loadgen echo -p $echo_port -R echo.ready &&
	lg_bg sink loadgen sink -p $sink_port -R sink.ready &&
	test_wait_for_file echo.ready && test_wait_for_file sink.ready
'

test_expect_success 'udp-latency: p50 above 0 and below 10 ms, rate achieved, nothing lost' '
	loadgen run -t udp-latency -s 127.0.0.1:$echo_port -a rate=1000,duration=2,warmup=200ms,cooldown=100ms \
		-o out.csv -i iv.tsv -d dist.tsv >out &&
	cat out >&3 &&
	test "$(fig out requests lost)" = 0 &&
	test "$(fig out requests late)" = 0 &&
	within "$(fig out requests received)" 2000 10 &&
	within "$(fig out rate achieved)" 1000 10 &&
	between "$(fig out latency p50)" 0 10000 &&
	test_grep "^send lag (us): p50" out
'

test_expect_success 'udp-latency: CSV with ipbench columns, TSV per interval and distribution' '
	test $(wc -l <out.csv) = 1 &&
	awk -F, "NF != 9 || \$1 != 512000 || \$4 != 64 { exit 1 }" out.csv &&
	head -1 iv.tsv | grep -q "^time_ns	interval_ns	sent	received" &&
	test $(wc -l <iv.tsv) = 3 &&
	awk -F"\t" "NR > 1 && (\$3 < 900 || \$3 > 1100) { exit 1 }" iv.tsv &&
	head -1 dist.tsv | grep -q "^latency_ns	count	cumulative	percentile" &&
	tail -1 dist.tsv | awk -F"\t" "{ exit !(\$4 == 100) }" &&
	awk -F"\t" "NR > 2 && \$1 < prev { exit 1 } { prev = \$1 }" dist.tsv
'

test_expect_success 'udp-latency, Poisson, two connections: the mean rate is kept' '
	loadgen run -t udp-latency -s 127.0.0.1:$echo_port -a rate=2000,duration=1,dist=poisson,connections=2,seed=7 >out &&
	cat out >&3 &&
	test "$(fig out requests lost)" = 0 &&
	within "$(fig out rate sent)" 2000 10
'

test_expect_success 'tcp-latency: p50 above 0 and below 10 ms, rate achieved, nothing lost' '
	loadgen run -t tcp-latency -s 127.0.0.1:$echo_port -a rate=1000,duration=1,size=200,connections=2 >out &&
	cat out >&3 &&
	test "$(fig out requests lost)" = 0 &&
	within "$(fig out rate achieved)" 1000 10 &&
	between "$(fig out latency p50)" 0 10000
'

test_expect_success 'tcp-rr: persistent and one connection per request, sizes honoured' '
	loadgen run -t tcp-rr -s 127.0.0.1:$echo_port -a rate=500,duration=1,size=100,reply=3000 >out &&
	cat out >&3 &&
	test "$(fig out requests lost)" = 0 &&
	within "$(fig out requests received)" 500 10 &&
	fig out throughput received >mbit && between "$(cat mbit)" 11 13 &&
	loadgen run -t tcp-rr -s 127.0.0.1:$echo_port -a rate=200,duration=1,persistent=0 >out &&
	cat out >&3 &&
	test "$(fig out requests lost)" = 0 &&
	within "$(fig out requests received)" 200 10 &&
	loadgen run -t tcp-rr -s 127.0.0.1:$echo_port -a duration=500ms,connections=2 >out &&
	test "$(fig out requests lost)" = 0 &&
	between "$(fig out requests received)" 100 100000000
'

test_expect_success 'tcp-stream: data flows to the sink, more than 100 Mbit/s on loopback' '
	loadgen run -t tcp-stream -s 127.0.0.1:$sink_port -a duration=1 >out &&
	cat out >&3 &&
	between "$(fig out throughput sent)" 100 1000000 &&
	test "$(fig out messages errors)" = 0
'

test_expect_success 'udp-stream with a rate limit: the rate is kept' '
	loadgen run -t udp-stream -s 127.0.0.1:$sink_port -a rate=2000,size=1000,duration=1 >out &&
	cat out >&3 &&
	within "$(fig out rate sent)" 2000 10 &&
	fig out throughput sent >mbit && within "$(cat mbit)" 16 10
'

test_expect_success 'the servers stop on SIGINT and report what they received' '
	kill -INT $(cat echo.pid) $(cat sink.pid) &&
	for i in $(seq 100); do gone $(cat echo.pid) && gone $(cat sink.pid) && break; sleep 0.05; done &&
	gone $(cat echo.pid) && gone $(cat sink.pid) &&
	test_grep "loadgen: echo: [1-9][0-9]* messages" echo.log &&
	test_grep "loadgen: sink: [1-9][0-9]* messages" sink.log
'

test_done
