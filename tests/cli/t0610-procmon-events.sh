#!/usr/bin/env bash
test_description='procmon: known answers on real workloads, both backends'
. "$(dirname "$0")/test-lib.sh"

# Columns: 1 time 2 event 3 pid 4 ppid 5 uid 6 comm 7 exit_code 8 signal
# 9 core 10 user_ns 11 system_ns 12 maxrss_kb 13 filename 14 args
# 15 args_note 16 lost.

prereq_code[CC]='command -v cc >/dev/null || { echo "no C compiler"; false; }'

# lines_are N FILE: FILE has N lines.
lines_are() { test "$(wc -l <"$2")" -eq "$1" || { echo "$2: $(wc -l <"$2") lines, not $1"; cat "$2"; false; }; }
# exits: the exit lines of processes named $1, as "code signal".
exits() { awk -F'\t' -v c="$1" '$2 == "exit" && $6 == c { print $7, $8 }' out; }
# Every data line has 16 fields and the file ends with the end line.
well_formed() {
	awk -F'\t' 'NR > 1 && NF != 16 { bad = 1 } END { exit bad }' out &&
	tail -n 1 out | awk -F'\t' '$2 == "end" && $16 ~ /^[0-9]+$/ { ok = 1 } END { exit !ok }'
}

test_expect_success CC 'build the helper' '
	cc -O2 -pthread -o proc-threads "$SONDE_TOP/tests/cli/helpers/proc-threads.c"
'

for b in bpf proc; do
# the argv note of a normal exec: read by the kernel, or late from /proc
if test $b = bpf; then note=-; else note=late; fi
test_expect_success ROOT,CC "$b: exit codes, signals, fork without exec" '
	procmon -b '$b' -o out -- sh -c "
		/bin/true; /bin/false
		timeout 0.1 sleep 5
		sh -c \"kill -9 \\\$\\\$\"
		(exit 5)
		exit 0" &&
	well_formed &&
	cmd=$(awk -F"\t" "\$2 == \"exec\" { print \$3; exit }" out) &&
	awk -F"\t" -v c=$cmd "\$2 == \"exit\" && \$4 == c { print \$7, \$8 }" out >statuses &&
	printf "%s\n" "0 -" "1 -" "124 -" "- 9" "5 -" >expect &&
	test_cmp expect statuses &&
	awk -F"\t" "\$2 == \"exit\" && \$8 == 15" out >terminated &&
	lines_are 1 terminated &&
	if test '$b' = bpf	# the proc backend may miss the names of short processes
	then
		test "$(exits true)" = "0 -" &&
		test "$(exits false)" = "1 -" &&
		test "$(exits timeout)" = "124 -" &&
		test "$(exits sleep)" = "- 15"
	fi &&
	awk -F"\t" "\$2 == \"exit\" && \$7 == 5 { print \$3 }" out >forked &&
	lines_are 1 forked &&
	pid=$(cat forked) &&
	awk -F"\t" -v p=$pid "\$3 == p { print \$2 }" out >events &&
	printf "fork\nexit\n" >expect &&
	test_cmp expect events &&
	test "$(tail -n 1 out | cut -f16)" = 0
'

test_expect_success ROOT,CC "$b: a process whose main thread exits first exits once" '
	test_expect_code 7 procmon -b '$b' -o out -- ./proc-threads &&
	awk -F"\t" "\$2 == \"exit\"" out >exit-lines &&
	lines_are 1 exit-lines &&
	test "$(cut -f7 exit-lines)" = 7
'

test_expect_success ROOT "$b: argv with spaces, and a long argv marked cut" '
	procmon -b '$b' -o out -- sh -c "sh -c \"sleep 0.2\" \"a b\" c; sh -c \"sleep 0.2\" \$(seq 3000)" &&
	awk -F"\t" "\$2 == \"exec\" && \$14 ~ /^sh -c .sleep 0.2. / { print \$14 \"|\" \$15 }" out >args &&
	head -n 1 args >first &&
	echo "sh -c '\''sleep 0.2'\'' '\''a b'\'' c|'$note'" >expect &&
	test_cmp expect first &&
	sed -n 2p args >second &&
	test_grep "^sh -c '\''sleep 0.2'\'' 1 2 3 .*|truncated" second
'

test_expect_success ROOT "$b: a burst of 500 processes, none lost" '
	procmon -b '$b' -o out -- sh -c "for i in \$(seq 500); do /bin/true & done; wait" &&
	well_formed &&
	test "$(awk -F"\t" "\$2 == \"exec\"" out | wc -l)" = 502 &&
	test "$(awk -F"\t" "\$2 == \"exit\" && \$7 == 0" out | wc -l)" = 502 &&
	test "$(tail -n 1 out | cut -f16)" = 0
'

test_expect_success ROOT "$b: -p follows the subtree only, and ends with it" '
	sh -c "sleep 0.5; sleep 0.31; true" & root=$!
	procmon -b '$b' -p $root -o out 2>err & mon=$!
	test_atexit "kill $mon $root 2>/dev/null" &&
	for i in $(seq 50); do test $(wc -l <out 2>/dev/null || echo 0) -ge 2 && break; sleep 0.05; done &&
	sleep 0.32 &&
	wait $mon &&
	test_grep "	sleep 0.31	" out &&
	test_grep ! "sleep 0.32" out &&
	awk -F"\t" -v r=$root "\$2 == \"exit\" && \$3 == r" out >root-exit &&
	lines_are 1 root-exit
'

test_expect_success ROOT "$b: SIGINT leaves complete lines and the lost count" '
	# no old "out": its lines would pass for the header before procmon
	# has even started (and a SIGINT then, ignored by a background job,
	# would be lost)
	rm -f out
	procmon -b '$b' -o out 2>err &
	mon=$! &&
	test_atexit "kill $mon 2>/dev/null" &&
	for i in $(seq 400); do test $(wc -l <out 2>/dev/null || echo 0) -ge 2 && break; sleep 0.05; done &&
	test $(wc -l <out) -ge 2 &&
	for i in $(seq 20); do /bin/true; done &&
	kill -INT $mon &&
	test_wait_pid $mon &&
	well_formed &&
	test_grep "events lost" err
'
done

test_done
