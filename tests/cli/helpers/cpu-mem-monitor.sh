# Shell functions shared by the tests of cpumon and memmon (t065*, t066*):
# sourced after test-lib.sh.

prereq_code[CC]='command -v cc >/dev/null || { echo "no C compiler"; false; }'

# The lines of one kind (and pid) of the monitor's out.tsv.
lines_of() { awk -F'\t' -v k="$1" -v p="${2:-}" '$2 == k && (p == "" || $3 == p)' out.tsv; }
# Waits (at most 10 s) until the monitor has written its header.
wait_for_header() {
	local i=0
	until test "$(sed -n 2p "$1" 2>/dev/null | cut -f1)" = time; do
		i=$((i + 1)); test $i -le 200 || return 1
		sleep 0.05
	done
}
# wait_bounded PID: waits for a background monitor, at most 10 s (then
# kills it and fails); returns its exit status.
wait_bounded() {
	local i=0
	while kill -0 "$1" 2>/dev/null; do
		i=$((i + 1))
		if test $i -gt 200; then kill -KILL "$1"; wait "$1"; echo "$1 did not stop" >&4; return 125; fi
		sleep 0.05
	done
	wait "$1"
}

# stops_cleanly TOOL DELAY...: for each delay, TOOL watching everything at a
# 5ms interval gets SIGINT that long after it is ready, exits 0 and leaves
# only complete lines of 9 fields.
stops_cleanly() {
	local tool=$1 delay mon
	shift
	for delay in "$@"; do
		rm -f out.tsv
		$tool -i 5ms -o out.tsv & mon=$!
		# (a signal before the monitor has set up its handling would meet
		# the shell's SIG_IGN for background jobs and be lost)
		wait_for_header out.tsv || { kill -KILL $mon; return 1; }
		sleep $delay && kill -INT $mon && wait_bounded $mon || return 1
		awk -F"\t" "NR > 2 && NF != 9 { bad = 1 } END { exit bad }" out.tsv &&
		test "$(tail -c 1 out.tsv | od -An -c | tr -d " ")" = "\n" || return 1
	done
}

# The backend: the default (BPF when it loads, as root), or MON_BACKEND=proc
# set by the test before sourcing (t0653, t0663 rerun t0651, t0661 on /proc):
# wrappers on PATH add "-b $MON_BACKEND" (scripts that exec, so that $! of a
# background monitor is the monitor itself).
prereq_code[BPF]='cpumon -b bpf -o /dev/null -- true >/dev/null 2>&1 || { echo "the BPF backend does not load here"; false; }'
if test -n "${MON_BACKEND:-}"; then
	mkdir -p "$TRASH_DIRECTORY/backend-bin"
	for t in cpumon memmon; do
		printf '#!/bin/sh\nexec "%s" -b %s "$@"\n' "$(command -v $t)" "$MON_BACKEND" \
			>"$TRASH_DIRECTORY/backend-bin/$t"
		chmod +x "$TRASH_DIRECTORY/backend-bin/$t"
	done
	PATH=$TRASH_DIRECTORY/backend-bin:$PATH
fi
# The note of a sampled process's exit seen by the monitor: the kernel's
# final figures with BPF; with /proc (memory gone with the process) the
# last sample's.
case ${MON_BACKEND:-} in
proc) exit_note=last-sample ;;
*) exit_note=final ;;
esac

# burst.sh N CMD...: N copies of CMD at once (output discarded), waited for.
write_burst() {
	cat >burst.sh <<-\EOF
	n=$1; shift; i=0
	while test $i -lt $n; do "$@" >/dev/null & i=$((i + 1)); done
	wait
	EOF
}

# --- checks both monitors pass, each a test of monitor MON (cpumon or
# memmon); the bodies see the function's variables ($mon ...) when the
# test runs.

# test_monitor_usage MON USAGE: -h prints the usage (USAGE: a BRE of the
# start of its first line) on stdout; an unknown option, a bad backend, a
# bad pid, and -p with a command exit 2.
test_monitor_usage() {
	local mon=$1 usage=$2
	test_expect_success '-h prints the usage on stdout and exits 0' '
		$mon -h >out 2>err &&
		test_grep "^usage: $usage" out &&
		! test -s err
	'
	test_expect_success 'unknown option, bad backend, bad pid exit 2' '
		test_expect_code 2 $mon -X 2>err &&
		test_grep "Try .$mon -h." err &&
		test_expect_code 2 $mon -b ebpf -- true 2>err &&
		test_grep "^$mon: -b: .ebpf.: expected bpf or proc" err &&
		test_expect_code 2 $mon -p 0 2>err &&
		test_expect_code 2 $mon -p x 2>err
	'
	test_expect_success '-p and a command together exit 2' '
		test_expect_code 2 $mon -p 1 -- true 2>err &&
		test_grep "exclusive" err
	'
}

# test_monitor_intervals MON VALUE...: -i VALUE exits 2 and writes nothing.
test_monitor_intervals() {
	local mon=$1 val
	shift
	for val in "$@"; do
		test_expect_success "bad interval -i '$val' exits 2" '
			test_expect_code 2 $mon -i "$val" -o out.tsv -- true 2>err &&
			test_grep "^$mon: -i: " err &&
			! test -e out.tsv
		'
	done
}

# test_monitor_start_errors MON: a pid that does not exist, an output that
# cannot be opened: exit 1 with the reason.
test_monitor_start_errors() {
	local mon=$1
	test_expect_success 'a pid that does not exist: exit 1 with the reason' '
		sh -c "exit 0" & dead=$! && wait $dead &&
		test_expect_code 1 $mon -p $dead -o out.tsv 2>err &&
		test_grep "^$mon: -p $dead: no such process" err
	'
	test_expect_success 'an output that cannot be opened: exit 1' '
		test_expect_code 1 $mon -o no/such/dir/out.tsv -- true 2>err &&
		test_grep "^$mon: no/such/dir/out.tsv: No such file" err
	'
}

# test_monitor_header MON INTERVAL NS COLUMN...: with -b proc -i INTERVAL
# the first line names the backend, NS and the scope; the second is the
# columns time kind pid ppid comm COLUMN... note.
test_monitor_header() {
	local mon=$1 interval=$2 ns=$3
	shift 3
	local cols="time kind pid ppid comm $* note"
	test_expect_success 'the header names the backend, the interval and the scope' '
		$mon -b proc -i $interval -o out.tsv -- true &&
		head -n 1 out.tsv >meta &&
		test_grep "^# $mon backend=proc interval_ns=$ns scope=command$" meta &&
		sed -n 2p out.tsv >cols &&
		echo $cols | tr " " "\t" >expect &&
		test_cmp expect cols
	'
}

# test_monitor_command MON NOTE: CMD's exit status is passed through (126
# and 127 when it cannot run); the output goes to stdout by default, with
# an exit line for CMD whose note matches NOTE (a BRE); -N runs CMD in a
# network namespace.
test_monitor_command() {
	local mon=$1 note=$2
	test_expect_success 'CMD exit status is passed through (0, 3, killed by a signal)' '
		$mon -o out.tsv -- true &&
		test_expect_code 3 $mon -o out.tsv -- sh -c "exit 3" &&
		test_expect_code 137 $mon -o out.tsv -- sh -c "kill -KILL \$\$" &&
		test_expect_code 143 $mon -o out.tsv -- sh -c "kill -TERM \$\$"
	'
	test_expect_success 'a missing command exits 127, a non-executable one 126' '
		test_expect_code 127 $mon -o out.tsv -- ./no-such-command 2>err &&
		test_grep "no-such-command: No such file or directory" err &&
		: >not-exec &&
		test_expect_code 126 $mon -o out.tsv -- ./not-exec 2>err &&
		test_grep "not-exec: Permission denied" err
	'
	test_expect_success 'writes to standard output by default' '
		$mon -- true >out.tsv &&
		test_grep "^# $mon backend=\(bpf\|proc\) " out.tsv &&
		test_grep "	exit	.*	true	.*	$note$" out.tsv
	'
	test_expect_success NETNS '-N runs CMD in the namespace' '
		ns=sonde-ti4b-$mon$$ &&
		ip netns add $ns &&
		test_atexit "ip netns del $ns" &&
		$mon -N $ns -o out.tsv -- ip -o link show >links &&
		test_grep "^1: lo:" links &&
		test_grep ! "eth\|ens\|veth" links &&
		test_expect_code 1 $mon -N sonde-ti4b-none -o out.tsv -- true 2>err &&
		test_grep "^$mon: -N sonde-ti4b-none: " err
	'
}

# test_monitor_unprivileged MON NOTE: as nobody, -b bpf fails cleanly (exit
# 1 with the reason, no output); the default falls back to /proc with one
# line on stderr, and CMD's exit line has a note matching NOTE (a BRE).
test_monitor_unprivileged() {
	local mon=$1 note=$2
	test_expect_success ROOT '-b bpf without privilege fails cleanly; the default falls back to /proc' '
		test_expect_code 1 setpriv --reuid=nobody --regid=nogroup --clear-groups \
			"$SONDE_BUILD/bin/$mon" -b bpf -o - -- true >out.tsv 2>err &&
		test_grep "^$mon: -b bpf: loading the BPF programs (tp_btf): Operation not permitted" err &&
		! test -s out.tsv &&
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
			"$SONDE_BUILD/bin/$mon" -o - -- true >out.tsv 2>err &&
		test $(wc -l <err) = 1 &&
		test_grep "^$mon: no BPF backend (.*): using /proc" err &&
		test_grep "^# $mon backend=proc " out.tsv &&
		test_grep "	exit	.*	true	.*	$note$" out.tsv
	'
}

# --- the bursts of short processes (t0652, t0662), steps of a test body

# burst_under MON BACKEND PROG [ARG]...: 50 copies of PROG at once (see
# write_burst) under MON -b BACKEND at a 10 s interval, so that none is
# ever sampled, into out.tsv, whose header must name BACKEND.
burst_under() {
	local mon=$1 backend=$2
	shift 2
	$mon -b $backend -i 10s -o out.tsv -- sh burst.sh 50 "$@" &&
	test_grep "^# $mon backend=$backend " out.tsv
}

# bpf_burst_exits COMM FILE: the exit lines of the processes named COMM
# into FILE: one for each of the 50, and no sample of any process.
bpf_burst_exits() {
	lines_of exit | awk -F'\t' -v c="$1" '$5 == c' >"$2" &&
	test $(wc -l <"$2") = 50 &&
	test $(cut -f3 "$2" | sort -u | wc -l) = 50 &&
	test -z "$(lines_of proc)"
}

# proc_burst_exits FILE: on /proc, the exit lines of the children of the
# command (the last exit line) into FILE: the 50 (the proc connector is
# system-wide: a storm elsewhere may overrun its socket, which the lost
# record then says), each pid once, and no sample of any process.
proc_burst_exits() {
	local cmd
	cmd=$(lines_of exit | tail -n 1 | cut -f3) &&
	lines_of exit | awk -F'\t' -v p="$cmd" '$4 == p' >"$1" &&
	{ test $(wc -l <"$1") = 50 || test -n "$(lines_of lost)"; } &&
	test $(cut -f3 "$1" | sort -u | wc -l) = $(wc -l <"$1") &&
	test -z "$(lines_of proc)"
}
