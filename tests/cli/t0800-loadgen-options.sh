#!/bin/sh
test_description='loadgen: usage, and bad arguments refused at set-up (exit 2) before any load'
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'every command has -h' '
	for c in daemon run echo sink; do
		loadgen $c -h >out 2>err && test_grep "usage: loadgen $c" out && test ! -s err || return 1
	done &&
	loadgen list >out && test_grep "^udp-latency *client" out && test_grep "^echo *target" out
'

test_expect_success 'an unknown command or option is a usage error' '
	test_expect_code 2 loadgen frobnicate 2>err &&
	test_grep "loadgen: .frobnicate.: no such command" err &&
	test_expect_code 2 loadgen &&
	test_expect_code 2 loadgen run -t udp-latency -Z 2>err &&
	test_expect_code 2 loadgen echo -p 0 2>err && test_grep "loadgen: -p" err &&
	test_expect_code 2 loadgen echo -u -t 2>err
'

# A "daemon" that records whether anyone connected: a bad argument must be
# refused before the controller contacts any daemon.
test_expect_success 'bad test arguments: exit 2, a clear message, no daemon contacted' '
	test_expect_code 2 loadgen run -t no-such-test -c 127.0.0.1:1 2>err &&
	test_grep "no such client test" err &&
	test_expect_code 2 loadgen run -t echo 2>err &&
	test_expect_code 2 loadgen run 2>err && test_grep "which test" err &&
	test_expect_code 2 loadgen run -t udp-latency -a colour=red -c 127.0.0.1:1 2>err &&
	test_grep "udp-latency: unknown argument .colour." err &&
	test_expect_code 2 loadgen run -t udp-latency -a rate=20000000 -c 127.0.0.1:1 2>err &&
	test_grep "rate=.20000000.: out of range" err &&
	test_expect_code 2 loadgen run -t udp-latency -a rate=0 2>err &&
	test_grep "needs a rate" err &&
	test_expect_code 2 loadgen run -t udp-latency -a size=70000 2>err &&
	test_grep "UDP message holds at most" err &&
	test_expect_code 2 loadgen run -t tcp-latency -a size=8 2>err &&
	test_expect_code 2 loadgen run -t tcp-rr -a persistent=2 2>err &&
	test_expect_code 2 loadgen run -t udp-latency -a rate=1000000,duration=100s 2>err &&
	test_grep "more than .* requests" err &&
	test_expect_code 2 loadgen run -t udp-latency -c "[::1" 2>err &&
	test_expect_code 2 loadgen run -t udp-latency -m 127.0.0.1:1 -M udp-latency 2>err &&
	test_grep "no such target plugin" err &&
	test_expect_code 2 loadgen run -t udp-latency -m 127.0.0.1:1 -M echo -A delay=forever 2>err &&
	test_grep "echo: delay=.forever.: not a valid value" err &&
	test_expect_code 2 loadgen run -t udp-latency -A port=7 2>err
'

test_expect_success 'an unreachable daemon fails set-up (exit 1) and starts nothing' '
	test_expect_code 1 loadgen run -t udp-latency -a duration=1 -c 127.0.0.1:1 2>err &&
	test_grep "127.0.0.1:1: connect" err &&
	test_grep "set-up failed, nothing was started" err
'

test_done
