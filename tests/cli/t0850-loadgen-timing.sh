#!/bin/sh
test_description='loadgen: the open-loop sender leaves on time (timer slack, spin) and reads replies while sending'
. "$(dirname "$0")/test-lib.sh"

port=$((20000 + ($$ + 7) % 20000))

# fig FILE LINE KEY: the number after KEY on the summary line starting with
# LINE ("requests", "rate", "latency", "send", ...).
fig() { tr ',:' '  ' <"$1" | awk -v l="$2" -v k="$3" '$1 == l { for (i = 1; i < NF; i++) if ($i == k) { v = $(i + 1); sub(/\/s$/, "", v); print v; exit } }'; }
below() { awk -v v="$1" -v hi="$2" 'BEGIN { exit !(v < hi) }'; }
within() { awk -v a="$1" -v b="$2" -v p="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= b * p / 100) }'; }
# held LATENCY_US HOLD_US: the reply came after the hold, and not absurdly
# later (a shared machine stretches it; how much is a timing, not tested).
held() { awk -v v="$1" -v h="$2" 'BEGIN { exit !(v >= h && v < 2 * h) }'; }

test_expect_success 'spin: a latency test argument, checked at set-up' '
	test_expect_code 2 loadgen run -t udp-latency -a spin=11ms 2>err &&
	test_grep "spin=.11ms.: out of range" err &&
	test_expect_code 2 loadgen run -t tcp-rr -a spin=10us 2>err &&
	test_grep "unknown argument .spin." err
'

test_expect_success 'start an echo holding replies 3 ms and a plain one' '
	loadgen echo -p $port -d 3ms -R slow.ready 2>slow.log &
	echo $! >slow.pid &&
	loadgen echo -p $((port + 1)) -R fast.ready 2>fast.log &
	echo $! >fast.pid &&
	test_atexit "kill $(cat slow.pid) $(cat fast.pid) 2>/dev/null" &&
	test_wait_for_file slow.ready && test_wait_for_file fast.ready
'

# The default timer slack (50 us) made every timed sleep end 50 us late,
# and that lateness counted in every latency.
test_expect_success SANITIZED 'spin=0: timed sleeps end within tens of microseconds (timer slack 1 ns)' '
	loadgen run -t udp-latency -s 127.0.0.1:$((port + 1)) -a rate=2000,duration=1,spin=0 >out &&
	cat out >&3 &&
	test "$(fig out requests lost)" = 0 &&
	below "$(fig out send p50)" 40
'

test_expect_success SANITIZED 'default spin: requests leave within a few microseconds of their time' '
	loadgen run -t udp-latency -s 127.0.0.1:$((port + 1)) -a rate=2000,duration=1 >out &&
	cat out >&3 &&
	test "$(fig out requests lost)" = 0 &&
	below "$(fig out send p50)" 10
'

# Six requests are in flight at any time: the one thread must send on
# schedule while replies come in, and time each reply when it arrives.
test_expect_success 'replies slower than the spacing: rate kept, latency is the delay' '
	loadgen run -t udp-latency -s 127.0.0.1:$port -a rate=2000,duration=1 >out &&
	cat out >&3 &&
	test "$(fig out requests lost)" = 0 &&
	within "$(fig out rate sent)" 2000 2 &&
	held "$(fig out latency p50)" 3000 &&
	loadgen run -t tcp-latency -s 127.0.0.1:$port -a rate=2000,duration=1,connections=3 >out &&
	cat out >&3 &&
	test "$(fig out requests lost)" = 0 &&
	within "$(fig out rate sent)" 2000 2 &&
	held "$(fig out latency p50)" 3000
'

test_done
