#!/usr/bin/env bash
test_description='cpumon: processes shorter than the interval (a burst of 50)
get their final lines on both backends; the BPF backend without privilege'
. "$(dirname "$0")/test-lib.sh"

. "$TEST_DIRECTORY/helpers/cpu-mem-monitor.sh"

test_expect_success CC 'build the spinner and the burst' '
	cc -O2 -pthread -o cpu-spin "$TEST_DIRECTORY/helpers/cpu-spin.c" &&
	write_burst
'

# Each spinner of 20 ms: a final line with 15..60 ms of CPU.
test_expect_success CC,BPF '-b bpf: a burst of 50 under a 10s interval, 50 final lines with the CPU time' '
	burst_under cpumon bpf ./cpu-spin 0.02 &&
	bpf_burst_exits cpu-spin spins &&
	awk -F"\t" "\$9 != \"final\" || \$6 + \$7 < 15000000 || \$6 + \$7 > 60000000 { bad = 1 } END { exit bad }" spins
'

# On /proc the figures are the zombie's, read when the proc connector's
# event arrives: a child its parent has already reaped has none ("unknown"),
# and one whose name was not read yet keeps its parent's.
test_expect_success CC,ROOT '-b proc: the same burst, 50 exit lines from the proc connector' '
	burst_under cpumon proc ./cpu-spin 0.02 &&
	proc_burst_exits kids &&
	awk -F"\t" "\$9 == \"final\" && (\$6 + \$7 < 10000000 || \$6 + \$7 > 60000000) { bad = 1 }
		\$9 != \"final\" && \$9 != \"unknown\" { bad = 1 } END { exit bad }" kids
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

test_monitor_unprivileged cpumon final

test_done
