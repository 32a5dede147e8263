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
# within A B PCT: |A - B| <= PCT% of B
within() { awk -v a="$1" -v b="$2" -v p="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= b * p / 100) }'; }

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
