#!/usr/bin/env bash
test_description='memmon: processes shorter than the interval (a burst of 50)
get exit lines on both backends, with their peak from BPF'
. "$(dirname "$0")/test-lib.sh"

. "$TEST_DIRECTORY/helpers/cpu-mem-monitor.sh"

test_expect_success CC 'build the toucher and the burst' '
	cc -O2 -o mem-touch "$TEST_DIRECTORY/helpers/mem-touch.c" &&
	write_burst
'

test_expect_success CC,BPF '-b bpf: a burst of 50 touchers of 8 MB under a 10s interval: 50 final peaks' '
	burst_under memmon bpf ./mem-touch 8 &&
	bpf_burst_exits mem-touch touchers &&
	# 8 MiB touched, plus the program itself: 8192..8192+4096 kB
	awk -F"\t" "\$9 != \"final\" || \$7 < 8192 || \$7 > 12288 || \$6 != \"-\" { bad = 1 } END { exit bad }" touchers
'

test_expect_success CC,ROOT '-b proc: the same burst, 50 exit lines (the peak of an unsampled process is not known)' '
	burst_under memmon proc ./mem-touch 8 &&
	proc_burst_exits touchers &&
	awk -F"\t" "\$9 != \"unknown\" || \$7 != \"-\" { bad = 1 } END { exit bad }" touchers
'

test_expect_success CC,BPF 'a multi-threaded process whose main thread exits first: one final peak' '
	cc -O2 -pthread -o cpu-spin "$TEST_DIRECTORY/helpers/cpu-spin.c" &&
	memmon -b bpf -i 10s -o out.tsv -- sh -c "./cpu-spin -t 2 -m 0.2 >/dev/null; true" &&
	lines_of exit | awk -F"\t" "\$5 == \"cpu-spin\"" >spin &&
	test $(wc -l <spin) = 1 &&
	test_grep "	final$" spin
'

# (the peak of CMD on /proc: known only when it was sampled before it exited)
test_monitor_unprivileged memmon '\(final\|unknown\|last-sample\)'

test_done
