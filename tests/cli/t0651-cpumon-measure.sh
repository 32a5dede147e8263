#!/usr/bin/env bash
test_description='cpumon: known answers on real workloads (CPU time, short and
multi-threaded processes, subtree scope, system lines, SIGINT)'
. "$(dirname "$0")/test-lib.sh"

. "$TEST_DIRECTORY/helpers/cpu-mem-monitor.sh"

test_expect_success CC 'build the spinner' '
	cc -O2 -pthread -o cpu-spin "$TEST_DIRECTORY/helpers/cpu-spin.c"
'

test_expect_success CC,SANITIZED 'a spinner of 0.5 s: final CPU time within 5% of its own getrusage' '
	cpumon -i 100ms -o out.tsv -- ./cpu-spin 0.5 >spin &&
	read -r u s <spin &&
	pid=$(lines_of exit | awk -F"\t" "\$5 == \"cpu-spin\" { print \$3 }") &&
	test -n "$pid" &&
	lines_of exit $pid >final &&
	test_grep "	final$" final &&
	got=$(awk -F"\t" "{ print \$6 + \$7 }" final) &&
	within $got $((u + s)) 5 &&
	test $(lines_of proc $pid | wc -l) -ge 3 &&
	# cumulative: never decreasing, and the samples below the final figure
	lines_of proc $pid | awk -F"\t" -v f=$got "
		{ t = \$6 + \$7; if (t < last || t > f) bad = 1; last = t }
		END { exit bad }" &&
	# a spinner keeps a CPU busy (shared with others): a middle sample says 5..101%
	lines_of proc $pid | sed -n 3p | awk -F"\t" "{ exit !(\$8 >= 5 && \$8 <= 101) }"
'

test_expect_success CC 'a process shorter than the interval still has its final line' '
	start=$(date +%s%N) &&
	cpumon -i 10s -o out.tsv -- ./cpu-spin 0.05 >spin &&
	test $(( ($(date +%s%N) - start) / 1000000 )) -lt 5000 &&
	read -r u s <spin &&
	test -z "$(lines_of proc)" &&
	lines_of exit >final &&
	test $(wc -l <final) = 1 &&
	test_grep "	cpu-spin	.*	final$" final &&
	within $(awk -F"\t" "{ print \$6 + \$7 }" final) $((u + s)) 5
'

test_expect_success CC 'a multi-threaded process whose main thread exits first: one pid, all threads CPU' '
	cpumon -i 100ms -o out.tsv -- ./cpu-spin -t 2 -m 0.6 >spin &&
	read -r u s <spin &&
	awk -F"\t" "\$2 != \"cpu\" && NR > 2 { print \$3 }" out.tsv | sort -u >pids &&
	test $(wc -l <pids) = 1 &&
	final=$(lines_of exit | awk -F"\t" "{ print \$6 + \$7 }") &&
	within $final $((u + s)) 5 &&
	test $((u + s)) -ge 600000000
'

test_expect_success 'one line per CPU and one for all at each tick, with a busy share' '
	cpumon -i 100ms -o out.tsv -- sleep 0.35 &&
	n=$(getconf _NPROCESSORS_ONLN) &&
	ticks=$(lines_of cpu | awk -F"\t" "\$5 == \"all\"" | wc -l) &&
	test $ticks -ge 3 &&
	test $(lines_of cpu | wc -l) = $((ticks * (n + 1))) &&
	lines_of cpu | sed -n 1p | awk -F"\t" "{ exit !(\$8 == \"-\" || (\$8 >= 0 && \$8 <= 100)) }" &&
	lines_of cpu | awk -F"\t" "\$8 != \"-\" && (\$8 < 0 || \$8 > 100) { bad = 1 } END { exit bad }"
'

test_expect_success CC '-p PID: that process and its descendants only' '
	rm -f out.tsv &&
	{ sh -c "sleep 5 & ./cpu-spin 5 >/dev/null & wait" & } && root=$! &&
	{ sleep 5 & } && other=$! &&
	test_atexit "kill $root $other \$(pgrep -P $root) 2>/dev/null" &&
	sleep 0.2 &&
	{ cpumon -i 100ms -p $root -o out.tsv & } && mon=$! &&
	test_atexit "kill -KILL $mon 2>/dev/null" &&
	wait_for_header out.tsv &&
	sleep 0.6 && kill -INT $mon && wait_bounded $mon &&
	kids=$(pgrep -P $root | sort | tr "\n" " ") &&
	awk -F"\t" "\$2 == \"proc\" { print \$3 }" out.tsv | sort -u | tr "\n" " " >seen &&
	echo "$root $kids" | tr " " "\n" | grep . | sort | tr "\n" " " >expect &&
	test_cmp expect seen &&
	! grep -q "^$other\$" seen &&
	kill $root $other $(pgrep -P $root) 2>/dev/null; true
'

test_expect_success 'SIGINT at any moment: exit 0, only complete lines' '
	stops_cleanly cpumon 0 0.05 0.13 0.31
'

test_expect_success 'SIGINT with a CMD: passed on to it, cpumon exits with its status' '
	cpumon -i 50ms -o out.tsv -- sleep 10 & mon=$! &&
	test_atexit "kill -KILL $mon 2>/dev/null" &&
	wait_for_header out.tsv &&
	sleep 0.3 && kill -INT $mon &&
	test_expect_code 130 wait_bounded $mon &&
	test_grep "	exit	.*	sleep	.*	final$" out.tsv
'

test_done
