#!/bin/sh
test_description='loadgen: the open-loop sender leaves on time (timer, spin, pace) and reads replies while sending'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/helpers/loadgen.sh"

port=$((20000 + ($$ + 7) % 20000))

# fig FILE LINE KEY: the number after KEY on the summary line starting with
# LINE ("requests", "rate", "latency", "send", ...).
below() { awk -v v="$1" -v hi="$2" 'BEGIN { exit !(v < hi) }'; }
# held LATENCY_US HOLD_US: the reply came after the hold, and not absurdly
# later (a shared machine stretches it; how much is a timing, not tested).
held() { awk -v v="$1" -v h="$2" 'BEGIN { exit !(v >= h && v < 2 * h) }'; }

test_expect_success 'spin: a latency test argument, checked at set-up' '
	test_expect_code 2 loadgen run -t udp-latency -a spin=11ms 2>err &&
	test_grep "spin=.11ms.: out of range" err &&
	test_expect_code 2 loadgen run -t tcp-rr -a spin=10us 2>err &&
	test_grep "unknown argument .spin." err
'

test_expect_success 'pace: a latency test argument, checked at set-up' '
	test_expect_code 2 loadgen run -t udp-latency -a pace=fast 2>err &&
	test_grep "pace=.fast.: not a valid value" err &&
	test_expect_code 2 loadgen run -t udp-stream -a pace=spin 2>err &&
	test_grep "unknown argument .pace." err
'

test_expect_success 'start an echo holding replies 3 ms, a plain one and a UDP-only one' '
	lg_bg slow loadgen echo -p $port -d 3ms -R slow.ready &&
	lg_bg fast loadgen echo -p $((port + 1)) -R fast.ready &&
	lg_bg udp loadgen echo -u -p $((port + 2)) -R udp.ready &&
	test_wait_for_file slow.ready && test_wait_for_file fast.ready && test_wait_for_file udp.ready
'

# cpu_s FILE: the children's user + system seconds from bash's `times`.
cpu_s() { awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] }; print t }' "$1"; }

# pace=spin: no sleep from a reply to the next send, so the sender uses a
# CPU for the whole window; pace=sleep (default) sleeps until `spin`
# before each send.  Bounds far apart, so that a busy machine (the spinner
# getting half a CPU) does not blur them.
test_expect_success 'pace=spin: the sender spins between a reply and the next send; the default sleeps' '
	(loadgen run -S 100ms -t udp-latency -s 127.0.0.1:$((port + 2)) -a rate=2000,duration=1,pace=spin >out; times) >spin.cpu &&
	cat out spin.cpu >&3 &&
	test "$(fig out requests lost)" = 0 &&
	test "$(fig out requests received)" = 2000 &&
	(loadgen run -S 100ms -t udp-latency -s 127.0.0.1:$((port + 2)) -a rate=2000,duration=1 >out; times) >sleep.cpu &&
	cat out sleep.cpu >&3 &&
	test "$(fig out requests lost)" = 0 &&
	awk -v s="$(cpu_s spin.cpu)" -v z="$(cpu_s sleep.cpu)" "BEGIN { exit !(s >= 0.4 && z <= 0.25) }"
'

test_expect_success SANITIZED 'pace=spin: requests leave within a microsecond or so of their time' '
	loadgen run -S 100ms -t udp-latency -s 127.0.0.1:$((port + 2)) -a rate=5000,duration=1,pace=spin >out &&
	cat out >&3 &&
	below "$(fig out send p50)" 2
'

test_expect_success 'echo -u (a blocking receive loop) ends at once on SIGTERM' '
	kill -TERM $(cat udp.pid) &&
	for i in $(seq 20); do gone $(cat udp.pid) && break; sleep 0.05; done &&
	gone $(cat udp.pid) &&
	test_grep "echo: [0-9]* messages" udp.log
'

# A timed wait that ends late (epoll's timeout under the default timer
# slack: 50 us) makes the send that late, and the lateness counts in every
# latency; the wait ends by a timerfd of nanosecond precision.
test_expect_success SANITIZED 'spin=0: timed waits end within tens of microseconds' '
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
	held "$(fig out round p50)" 3000 &&
	loadgen run -t tcp-latency -s 127.0.0.1:$port -a rate=2000,duration=1,connections=3 >out &&
	cat out >&3 &&
	test "$(fig out requests lost)" = 0 &&
	within "$(fig out rate sent)" 2000 2 &&
	held "$(fig out latency p50)" 3000
'

test_done
