#!/usr/bin/env bash
test_description='procmon: a -p pid that exits during start-up, -N with -g and
with a command, and the raw_tp attachment of its BPF programs'
. "$(dirname "$0")/test-lib.sh"

# Columns: 1 time 2 event 3 pid 4 ppid 5 uid 6 comm 7 exit_code 8 signal
# ... 14 args ... 16 lost.

. "$TEST_DIRECTORY/helpers/exiting-pid.sh"

prereq_code[BPFTOOL]='command -v bpftool >/dev/null || { echo "no bpftool"; false; }'

# Every data line has 16 fields and the file ends with the end line.
well_formed() {
	awk -F'\t' 'NR > 2 && NF != 16 { bad = 1 } END { exit bad }' "$1" &&
	tail -n 1 "$1" | awk -F'\t' '$2 == "end" && $16 ~ /^[0-9]+$/ { ok = 1 } END { exit !ok }'
}
# wait_header FILE: (bounded) until procmon has written its column names.
wait_header() {
	local i=0
	until test "$(sed -n 2p "$1" 2>/dev/null | cut -f1)" = time; do
		i=$((i + 1)); test $i -le 200 || { echo "no header in $1" >&4; return 1; }
		sleep 0.05
	done
}
# ended_cleanly B PID: procmon -b B -p PID has ended (bounded) either
# with status 1 and the reason, or with status 0, PID's exit recorded and
# a complete file: never a hang.
ended_cleanly() {
	local rc=0
	test_wait_pid $mon 10 || rc=$?
	case $rc in
	1) test_grep "^procmon: pid $2: \(exited during start-up\|no such process\)$" err ;;
	0) well_formed out &&
	   awk -F"\t" -v p=$2 "\$2 == \"exit\" && \$3 == p" out >vexit &&
	   test $(wc -l <vexit) = 1 ;;
	*) echo "procmon -b $1 -p $2 ended with $rc" >&4; false ;;
	esac
}

for b in bpf proc; do
test_expect_success ROOT "$b: -p of a zombie is no such process" '
	zombie && z=$zombie &&
	test_expect_code 1 procmon -b '$b' -p $z -o out 2>err &&
	test_grep "^procmon: pid $z: no such process$" err &&
	kill $zparent
'

# The victim exits as soon as procmon has opened its output, which it does
# before loading its event source: the exit falls in the start-up.
for kind in reaped zombie; do
test_expect_success ROOT "$b: -p of a pid that exits during start-up ($kind): a reason or its exit, never a hang" '
	rm -f out &&
	victim "test -e out" '$kind' &&
	{ procmon -b '$b' -p $victim -o out 2>err & } && mon=$! &&
	test_atexit "kill -KILL $mon 2>/dev/null" &&
	ended_cleanly '$b' $victim &&
	kill $parent 2>/dev/null; true
'
done

test_expect_success ROOT "$b: -p of a pid that exits just after start-up: its exit, then the end" '
	rm -f out &&
	victim "test -s out" &&
	{ procmon -b '$b' -p $victim -o out 2>err & } && mon=$! &&
	test_atexit "kill -KILL $mon 2>/dev/null" &&
	ended_cleanly '$b' $victim
'

test_expect_success ROOT,NETNS "$b: -N NETNS -g records the processes of that namespace only" '
	ns=sonde-t0615-g'$b'$$ &&
	ip netns add $ns &&
	test_atexit "ip netns del $ns 2>/dev/null" &&
	rm -f out &&
	{ procmon -b '$b' -N $ns -g -o out 2>err & } && mon=$! &&
	test_atexit "kill -KILL $mon 2>/dev/null" &&
	wait_header out &&
	# (the proc backend reads the namespace of a process that entered
	# it when its exec is read: the shells live long enough for that)
	ip netns exec $ns sh -c "sleep 0.1; /bin/true in-ns; exit 3" ;
	sh -c "sleep 0.1; /bin/true outside; exit 4" ;
	ip netns exec $ns sh -c "sleep 0.1; exit 5" ;
	kill -INT $mon && test_wait_pid $mon &&
	well_formed out &&
	awk -F"\t" "\$2 == \"exit\" && \$7 != 0 { print \$7 }" out >codes &&
	printf "3\n5\n" >expect &&
	test_cmp expect codes &&
	# (the proc backend may read /bin/true too late for its name)
	sh3=$(awk -F"\t" "\$2 == \"exit\" && \$7 == 3 { print \$3 }" out) &&
	test $(awk -F"\t" -v p=$sh3 "\$2 == \"exec\" && \$4 == p" out | wc -l) = 2 &&
	{ test '$b' = proc || test_grep "	exec	.*	/bin/true in-ns	" out; } &&
	test_grep ! "outside" out &&
	test_grep ! "	exit	.*	4	-	" out
'

test_expect_success ROOT,NETNS "$b: -N NETNS -- CMD runs CMD in the namespace and records it" '
	ns=sonde-t0615-c'$b'$$ &&
	ip netns add $ns &&
	test_atexit "ip netns del $ns 2>/dev/null" &&
	ip netns exec $ns readlink /proc/self/ns/net >expect &&
	test_expect_code 6 procmon -b '$b' -N $ns -o out -- \
		sh -c "readlink /proc/self/ns/net >inside; /bin/false; exit 6" &&
	test_cmp expect inside &&
	! test "$(readlink /proc/self/ns/net)" = "$(cat inside)" &&
	well_formed out &&
	cmd=$(awk -F"\t" "\$2 == \"exec\" { print \$3; exit }" out) &&
	awk -F"\t" -v c=$cmd "\$2 == \"exit\" && \$4 == c { print \$7 }" out >codes &&
	printf "0\n1\n" >expect &&
	test_cmp expect codes &&
	awk -F"\t" -v c=$cmd "\$2 == \"exit\" && \$3 == c { print \$7 }" out >cmdcode &&
	echo 6 >expect &&
	test_cmp expect cmdcode
'

test_expect_success ROOT "$b: -N with a missing namespace fails naming it" '
	test_expect_code 1 procmon -b '$b' -N sonde-t0615-none -o out -- true 2>err &&
	test_grep "^procmon: sonde-t0615-none: entering the network namespace: No such file or directory$" err &&
	test_expect_code 1 procmon -b '$b' -N sonde-t0615-none -g -o out 2>err &&
	test_grep "sonde-t0615-none" err
'
done

test_expect_success ROOT 'SONDE_BPF_ATTACH=raw_tp: events through raw_tp are the same' '
	SONDE_BPF_ATTACH=raw_tp test_expect_code 3 procmon -b bpf -o out -- sh -c "
		if command -v bpftool >/dev/null; then bpftool prog show >progs; fi
		/bin/true; /bin/false
		sh -c \"kill -9 \\\$\\\$\"
		(exit 5)
		sh -c \"sleep 0.01\" \"a b\"
		exit 3" 2>err &&
	test_grep "^# procmon backend=bpf$" out &&
	well_formed out &&
	cmd=$(awk -F"\t" "\$2 == \"exec\" { print \$3; exit }" out) &&
	awk -F"\t" -v c=$cmd "\$2 == \"exit\" && \$4 == c && \$6 != \"bpftool\" { print \$7, \$8 }" out >statuses &&
	printf "%s\n" "0 -" "1 -" "- 9" "5 -" "0 -" >expect &&
	test_cmp expect statuses &&
	test "$(awk -F"\t" "\$2 == \"exit\" && \$3 == $cmd { print \$7 }" out)" = 3 &&
	test_grep "	exec	.*	sh -c '\''sleep 0.01'\'' '\''a b'\''	-	" out &&
	awk -F"\t" "\$2 == \"fork\" && \$4 == $cmd" out >forks &&
	test $(wc -l <forks) -ge 5 &&
	test "$(tail -n 1 out | cut -f16)" = 0
'

test_expect_success ROOT,BPFTOOL 'SONDE_BPF_ATTACH: the programs are raw_tp or tp_btf as asked' '
	SONDE_BPF_ATTACH=raw_tp procmon -b bpf -o out -- bpftool prog show >progs &&
	test_grep "raw_tracepoint  name exec_raw " progs &&
	test_grep "raw_tracepoint  name exit_raw " progs &&
	SONDE_BPF_ATTACH=tp_btf procmon -b bpf -o out -- bpftool prog show >progs &&
	test_grep "tracing  name exec_btf " progs
'

test_expect_success ROOT 'SONDE_BPF_ATTACH with another value: -b bpf fails, the default falls back' '
	SONDE_BPF_ATTACH=kprobe test_expect_code 1 procmon -b bpf -o out -- true 2>err &&
	test_grep "^procmon: SONDE_BPF_ATTACH: .kprobe.: expected tp_btf or raw_tp$" err &&
	SONDE_BPF_ATTACH=kprobe procmon -o out -- true 2>err &&
	test_grep "BPF unavailable (SONDE_BPF_ATTACH: .kprobe.: expected tp_btf or raw_tp); using the proc connector" err &&
	test_grep "^# procmon backend=proc$" out
'

test_done
