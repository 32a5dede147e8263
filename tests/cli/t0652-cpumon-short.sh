#!/usr/bin/env bash
test_description='cpumon: processes shorter than the interval (a burst of 50)
get their final lines on both backends; the BPF backend without privilege'
. "$(dirname "$0")/test-lib.sh"

. "$TEST_DIRECTORY/helpers/cpu-mem-monitor.sh"

test_expect_success CC 'build the spinner and the burst' '
	cc -O2 -pthread -o cpu-spin "$TEST_DIRECTORY/helpers/cpu-spin.c" &&
	write_burst
'

# finals_ok: 50 exit lines of cpu-spin, 50 pids, each with 15..60 ms of CPU
# (a spinner of 20 ms, tick-rounded on /proc)
finals_ok() {
	lines_of exit | awk -F"\t" "\$5 == \"cpu-spin\"" >spins &&
	test $(wc -l <spins) = 50 &&
	test $(cut -f3 spins | sort -u | wc -l) = 50 &&
	awk -F"\t" "\$9 != \"final\" || \$6 + \$7 < 15000000 || \$6 + \$7 > 60000000 { bad = 1 } END { exit bad }" spins &&
	# none of them was ever sampled: the interval is far longer
	test -z "$(lines_of proc)"
}

test_expect_success CC,BPF '-b bpf: a burst of 50 under a 10s interval, 50 final lines with the CPU time' '
	cpumon -b bpf -i 10s -o out.tsv -- sh burst.sh 50 ./cpu-spin 0.02 &&
	test_grep "^# cpumon backend=bpf " out.tsv &&
	finals_ok
'

# On /proc the figures are the zombie's, read when the proc connector's
# event arrives: a child its parent has already reaped has none ("unknown"),
# and one whose name was not read yet keeps its parent's.
test_expect_success CC,ROOT '-b proc: the same burst, 50 exit lines from the proc connector' '
	cpumon -b proc -i 10s -o out.tsv -- sh burst.sh 50 ./cpu-spin 0.02 &&
	test_grep "^# cpumon backend=proc " out.tsv &&
	cmd=$(lines_of exit | tail -n 1 | cut -f3) &&
	lines_of exit | awk -F"\t" "\$4 == $cmd" >kids &&
	# (the connector is system-wide: a storm elsewhere may overrun its
	# socket, which the lost record then says)
	{ test $(wc -l <kids) = 50 || test -n "$(lines_of lost)"; } &&
	test $(cut -f3 kids | sort -u | wc -l) = $(wc -l <kids) &&
	awk -F"\t" "\$9 == \"final\" && (\$6 + \$7 < 10000000 || \$6 + \$7 > 60000000) { bad = 1 }
		\$9 != \"final\" && \$9 != \"unknown\" { bad = 1 } END { exit bad }" kids &&
	test -z "$(lines_of proc)"
'

for b in bpf proc; do
	test_expect_success CC,ROOT "-b $b -p PID: a burst forked after the start, kept in scope" '
		test_have_prereq BPF || test $b = proc || return 0
		{ sh -c "sleep 0.5; sh burst.sh 50 ./cpu-spin 0.02" & } && root=$! &&
		test_atexit "kill $root 2>/dev/null" &&
		{ cpumon -b $b -i 10s -p $root -o out.tsv & } && mon=$! &&
		test_atexit "kill -KILL $mon 2>/dev/null" &&
		wait_for_header out.tsv &&
		wait $root &&
		kill -INT $mon && wait_bounded $mon &&
		sh=$(lines_of exit | awk -F"\t" "\$4 == $root && \$5 == \"sh\" { print \$3 }") &&
		test -n "$sh" &&
		lines_of exit | awk -F"\t" "\$4 == $sh" >kids &&
		test $(cut -f3 kids | sort -u | wc -l) = 50 &&
		{ test $b = proc || test $(grep -c "	cpu-spin	.*	final$" kids) = 50; } &&
		lines_of exit | awk -F"\t" "\$3 == $root" >rootline &&
		test $(wc -l <rootline) = 1 &&
		{ test $b = proc || test_grep "	final$" rootline; }
	'
done

test_expect_success ROOT '-b bpf without privilege fails cleanly; the default falls back to /proc' '
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$SONDE_BUILD/bin/cpumon" -b bpf -o - -- true >out.tsv 2>err; rc=$? &&
	test $rc = 1 &&
	test_grep "^cpumon: -b bpf: loading the BPF programs (tp_btf): Operation not permitted" err &&
	! test -s out.tsv &&
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$SONDE_BUILD/bin/cpumon" -o - -- true >out.tsv 2>err &&
	test $(wc -l <err) = 1 &&
	test_grep "^cpumon: no BPF backend (.*): using /proc" err &&
	test_grep "^# cpumon backend=proc " out.tsv &&
	test_grep "	exit	.*	true	.*	final$" out.tsv
'

test_done
