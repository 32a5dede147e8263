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
	memmon -b bpf -i 10s -o out.tsv -- sh burst.sh 50 ./mem-touch 8 &&
	test_grep "^# memmon backend=bpf " out.tsv &&
	lines_of exit | awk -F"\t" "\$5 == \"mem-touch\"" >touchers &&
	test $(wc -l <touchers) = 50 &&
	test $(cut -f3 touchers | sort -u | wc -l) = 50 &&
	# 8 MiB touched, plus the program itself: 8192..8192+4096 kB
	awk -F"\t" "\$9 != \"final\" || \$7 < 8192 || \$7 > 12288 || \$6 != \"-\" { bad = 1 } END { exit bad }" touchers &&
	test -z "$(lines_of proc)"
'

test_expect_success CC,ROOT '-b proc: the same burst, 50 exit lines (the peak of an unsampled process is not known)' '
	memmon -b proc -i 10s -o out.tsv -- sh burst.sh 50 ./mem-touch 8 &&
	test_grep "^# memmon backend=proc " out.tsv &&
	cmd=$(lines_of exit | tail -n 1 | cut -f3) &&
	lines_of exit | awk -F"\t" "\$4 == $cmd" >touchers &&
	{ test $(wc -l <touchers) = 50 || test -n "$(lines_of lost)"; } &&
	test $(cut -f3 touchers | sort -u | wc -l) = $(wc -l <touchers) &&
	awk -F"\t" "\$9 != \"unknown\" || \$7 != \"-\" { bad = 1 } END { exit bad }" touchers
'

test_expect_success CC,BPF 'a multi-threaded process whose main thread exits first: one final peak' '
	cc -O2 -pthread -o cpu-spin "$TEST_DIRECTORY/helpers/cpu-spin.c" &&
	memmon -b bpf -i 10s -o out.tsv -- sh -c "./cpu-spin -t 2 -m 0.2 >/dev/null; true" &&
	lines_of exit | awk -F"\t" "\$5 == \"cpu-spin\"" >spin &&
	test $(wc -l <spin) = 1 &&
	test_grep "	final$" spin
'

test_expect_success ROOT '-b bpf without privilege fails cleanly; the default falls back to /proc' '
	test_expect_code 1 setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$SONDE_BUILD/bin/memmon" -b bpf -o - -- true >out.tsv 2>err &&
	test_grep "^memmon: -b bpf: .*Operation not permitted" err &&
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$SONDE_BUILD/bin/memmon" -o - -- true >out.tsv 2>err &&
	test $(wc -l <err) = 1 &&
	test_grep "^# memmon backend=proc " out.tsv
'

test_done
