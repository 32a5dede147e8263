#!/usr/bin/env bash
test_description='procmon, cpumon, memmon -g: only the processes of the monitor'\''s network namespace'
. "$(dirname "$0")/test-lib.sh"

# A namespace of this test; the monitors enter it with -N and watch it
# with -g.  A workload inside it must be reported; one outside (in the
# test's own namespace) must not.
ns=sonde-t0670-$$
test_atexit 'ip netns del $ns 2>/dev/null'

test_expect_success ROOT,NETNS 'a namespace for the guest' '
	ip netns add $ns
'

# run_both: one marked workload in the guest, one outside, each a shell
# with a child that lives long enough for a sampler to see it (300 ms at
# an interval of 50 ms) and exits with a known status.
run_both() {
	ip netns exec $ns sh -c "sleep 0.3; exit 7" sonde-inside &
	in=$!
	sh -c "sleep 0.3; exit 9" sonde-outside &
	out=$!
	wait $in; test $? = 7 || return 1
	wait $out; test $? = 9 || return 1
}

# start_monitor NAME ARGS...: runs a monitor in the guest (-N $ns -g) with
# its output in NAME.tsv, and waits until its header is there.
start_monitor() {
	name=$1; shift
	"$@" -N $ns -g -o $name.tsv 2>$name.err &
	mon=$!
	for i in $(seq 100); do
		test "$(grep -vc "^#" $name.tsv 2>/dev/null)" -ge 1 && return 0
		sleep 0.05
	done
	echo "$name did not start"; cat $name.err; return 1
}
stop_monitor() { kill -INT $mon && wait $mon; }

for b in bpf proc; do
test_expect_success ROOT,NETNS "procmon -b $b -g: the guest's processes, not the host's" '
	start_monitor procmon-'$b' procmon -b '$b' &&
	run_both &&
	stop_monitor &&
	f=procmon-'$b'.tsv &&
	awk -F"\t" "\$2 == \"exit\" && \$6 == \"sh\" { print \$7 }" $f >codes &&
	echo 7 >expect && test_cmp expect codes &&
	test_grep "	exec	.*	sleep	.*sleep 0.3" $f &&
	test_grep ! "sonde-outside" $f &&
	test_grep "	exit	.*	sleep	0	" $f &&
	tail -n 1 $f | grep "	end	.*	0\$"
'
done

for t in cpumon memmon; do
test_expect_success ROOT,NETNS "$t -g: the guest's processes, not the host's" '
	start_monitor '$t' '$t' -i 50ms &&
	run_both &&
	stop_monitor &&
	head -n 1 '$t'.tsv | grep "scope=guest" &&
	# only the shell inside (ip netns exec became it: same pid)
	awk -F"\t" "\$5 == \"sh\" { print \$3 }" '$t'.tsv | sort -u >pids &&
	awk -F"\t" "\$5 == \"sleep\" && \$2 == \"proc\"" '$t'.tsv >sleeps &&
	test_file_not_empty sleeps &&
	echo $in >expect && test_cmp expect pids &&
	awk -F"\t" -v p=$in "\$3 == p && \$2 == \"exit\"" '$t'.tsv >exitline &&
	test "$(wc -l <exitline)" = 1
'
done

test_expect_success ROOT,NETNS 'the guest scope is told apart: outside pids are not in any output' '
	for f in procmon-bpf.tsv procmon-proc.tsv cpumon.tsv memmon.tsv; do
		test_grep ! "sonde-outside" $f || return 1
	done
'

test_expect_success '-g with -p or a command is a usage error' '
	for t in procmon cpumon memmon; do
		test_expect_code 2 $t -g -p 1 2>err && test_grep "exclusive" err &&
		test_expect_code 2 $t -g -- true 2>err && test_grep "exclusive" err || return 1
	done
'

test_done
