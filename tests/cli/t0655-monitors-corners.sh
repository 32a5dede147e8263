#!/usr/bin/env bash
test_description='cpumon, memmon: a -p pid that exits during start-up, the end
of a -p subtree, and the raw_tp attachment of the exit probe'
. "$(dirname "$0")/test-lib.sh"

. "$TEST_DIRECTORY/helpers/cpu-mem-monitor.sh"
. "$TEST_DIRECTORY/helpers/exiting-pid.sh"

# ended_cleanly TOOL PID: the background monitor $mon watching -p PID has
# ended (bounded) with status 1 and the reason, or with status 0 and
# complete lines of 9 fields: never a hang.
ended_cleanly() {
	local rc=0
	test_wait_pid $mon 10 || rc=$?
	case $rc in
	1) test_grep "^$1: -p $2: \(no such process\|the process exited during start-up\)$" err ;;
	0) awk -F"\t" "NR > 2 && NF != 9 { bad = 1 } END { exit bad }" out.tsv &&
	   test "$(sed -n 2p out.tsv | cut -f1)" = time &&
	   test_grep ! "	proc	$2	" out.tsv ;;
	*) echo "$1 -p $2 ended with $rc" >&4; false ;;
	esac
}

for t in cpumon memmon; do
for b in bpf proc; do
test_expect_success ROOT "$t -b $b: -p of a zombie is no such process" '
	test_have_prereq BPF || test $b = proc || return 0
	zombie && z=$zombie &&
	test_expect_code 1 '$t' -b '$b' -p $z -o out.tsv 2>err &&
	test_grep "^'$t': -p $z: no such process$" err &&
	kill $zparent
'

# The victim exits when the monitor has opened its output (before it loads
# its backend), or when it has written its header (just before it reads
# the subtree): either way during start-up.
for marker in "test -e out.tsv" "test -s out.tsv"; do
for kind in reaped zombie; do
test_expect_success ROOT "$t -b $b: -p of a pid that exits during start-up ($kind, $marker): never a hang" '
	test_have_prereq BPF || test $b = proc || return 0
	rm -f out.tsv &&
	victim "'"$marker"'" '$kind' &&
	{ '$t' -b '$b' -i 50ms -p $victim -o out.tsv 2>err & } && mon=$! &&
	test_atexit "kill -KILL $mon 2>/dev/null" &&
	ended_cleanly '$t' $victim &&
	kill $parent 2>/dev/null; true
'
done
done

test_expect_success ROOT "$t -b $b: -p ends by itself when the subtree has exited, with its exit lines" '
	test_have_prereq BPF || test $b = proc || return 0
	rm -f out.tsv &&
	{ sh -c "sleep 0.3 & sleep 0.4; wait" & } && root=$! &&
	{ '$t' -b '$b' -i 50ms -p $root -o out.tsv 2>err & } && mon=$! &&
	test_atexit "kill -KILL $mon $root 2>/dev/null" &&
	test_wait_pid $mon 10 &&
	lines_of exit $root >rootexit &&
	test $(wc -l <rootexit) = 1 &&
	lines_of exit | awk -F"\t" -v r=$root "\$4 == r" >kids &&
	test $(wc -l <kids) = 2 &&
	awk -F"\t" "NR > 2 && NF != 9 { bad = 1 } END { exit bad }" out.tsv
'
done

test_expect_success BPF "$t: SONDE_BPF_ATTACH=raw_tp: the exit probe on raw_tp gives final lines" '
	SONDE_BPF_ATTACH=raw_tp '$t' -b bpf -i 10s -o out.tsv -- \
		sh -c "/bin/true; /bin/true; sh -c \"kill -9 \\\$\\\$\"; exit 0" 2>err &&
	test_grep "^# '$t' backend=bpf " out.tsv &&
	cmd=$(lines_of exit | tail -n 1 | cut -f3) &&
	lines_of exit | awk -F"\t" -v c=$cmd "\$4 == c" >kids &&
	test $(wc -l <kids) = 3 &&
	test $(awk -F"\t" "\$5 == \"true\" && \$9 == \"final\"" kids | wc -l) = 2 &&
	test $(awk -F"\t" "\$5 == \"sh\" && \$9 == \"final\"" kids | wc -l) = 1 &&
	test -z "$(lines_of proc)" &&
	test -z "$(lines_of lost)"
'

test_expect_success ROOT "$t: SONDE_BPF_ATTACH with another value: -b bpf fails, the default uses /proc" '
	SONDE_BPF_ATTACH=kprobe test_expect_code 1 '$t' -b bpf -o out.tsv -- true 2>err &&
	test_grep "^'$t': -b bpf: SONDE_BPF_ATTACH: .kprobe.: expected tp_btf or raw_tp$" err &&
	SONDE_BPF_ATTACH=kprobe '$t' -o out.tsv -- true 2>err &&
	test_grep "no BPF backend (SONDE_BPF_ATTACH: .kprobe.: expected tp_btf or raw_tp): using /proc" err &&
	test_grep "^# '$t' backend=proc " out.tsv
'
done

test_done
