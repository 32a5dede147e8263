#!/usr/bin/env bash
test_description='memmon: known answers on real workloads (peak RSS against
time(1), short processes, PSS, subtree scope, SIGINT)'
. "$(dirname "$0")/test-lib.sh"

. "$TEST_DIRECTORY/helpers/cpu-mem-monitor.sh"
prereq_code[TIME]='test -x /usr/bin/time || { echo "/usr/bin/time is not installed (Debian package time)"; false; }'

test_expect_success CC 'build the toucher' '
	cc -O2 -o mem-touch "$TEST_DIRECTORY/helpers/mem-touch.c"
'

test_expect_success CC,TIME 'a toucher of 100 MB: peak >= 100 MB and within 5% of time -f %M' '
	/usr/bin/time -f %M -o time.out ./mem-touch 100 0.3 &&
	memmon -i 50ms -o out.tsv -- ./mem-touch 100 0.3 &&
	final=$(lines_of exit | awk -F"\t" "\$5 == \"mem-touch\" && \$9 == \"final\" { print \$7 }") &&
	test -n "$final" &&
	test $final -ge 102400 &&
	within $final $(cat time.out) 5 &&
	# the samples while it holds the memory see it too
	sampled=$(lines_of proc | awk -F"\t" "\$7 > m { m = \$7 } END { print m + 0 }") &&
	test $sampled -ge 102400 &&
	within $sampled $final 5 &&
	lines_of proc | awk -F"\t" "\$6 > \$7 || \$8 != \"-\" { bad = 1 } END { exit bad }"
'

test_expect_success CC 'a process shorter than the interval still has its final peak' '
	memmon -i 10s -o out.tsv -- ./mem-touch 30 &&
	test -z "$(lines_of proc)" &&
	lines_of exit >final &&
	test $(wc -l <final) = 1 &&
	test_grep "	mem-touch	-	.*	-	final$" final &&
	test $(cut -f7 final) -ge 30720
'

test_expect_success CC '-P adds PSS, no larger than RSS' '
	memmon -P -i 50ms -o out.tsv -- ./mem-touch 20 0.3 &&
	lines_of proc >samples &&
	test -s samples &&
	awk -F"\t" "\$8 == \"-\" || \$8 > \$6 { bad = 1 } END { exit bad }" samples &&
	test $(tail -n 1 samples | cut -f8) -ge 20480
'

test_expect_success CC '-p PID: the subtree only, a child seen exiting' '
	rm -f out.tsv &&
	{ sh -c "./mem-touch 8 0.4; ./mem-touch 12 2" & } && root=$! &&
	{ ./mem-touch 16 2 & } && other=$! &&
	test_atexit "kill $root $other \$(pgrep -P $root) 2>/dev/null" &&
	{ memmon -i 50ms -p $root -o out.tsv & } && mon=$! &&
	test_atexit "kill -KILL $mon 2>/dev/null" &&
	wait_for_header out.tsv &&
	sleep 1 && kill -INT $mon && wait_bounded $mon &&
	lines_of proc | cut -f3 | sort -u >pids &&
	test_grep ! "^$other\$" pids &&
	test_grep "^$root\$" pids &&
	test $(wc -l <pids) -ge 3 &&
	# the first toucher has exited: its final peak (BPF), or its last sample
	lines_of exit | awk -F"\t" "\$5 == \"mem-touch\" && \$9 == \"$exit_note\" && \$7 >= 8192" >gone &&
	test $(wc -l <gone) = 1 &&
	kill $root $other $(pgrep -P $root) 2>/dev/null; wait; true
'

test_expect_success 'SIGINT at any moment: exit 0, only complete lines' '
	stops_cleanly memmon 0 0.07 0.2
'

test_done
