# proc.sh: processes that are not our children, seen through /proc.  A
# process is named by "PID:START", START being its start time (field 22 of
# /proc/PID/stat, clock ticks since boot), so that a pid reused by another
# process is never mistaken for the one we meant.
# shellcheck shell=bash

# proc_stat_field PID N: field N (>= 3) of /proc/PID/stat.  Field 2, the
# command name, is in parentheses and may hold spaces and ')', so the split
# starts after its last ')'.
proc_stat_field() {
	local stat rest n=$2
	{ read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
	rest=${stat##*) }
	# shellcheck disable=SC2086
	set -- $rest
	test "$#" -ge $((n - 2)) || return 1
	shift $((n - 3))
	echo "$1"
}

# proc_start PID: the process's start time; fails when there is no such pid.
proc_start() { proc_stat_field "$1" 22; }

# proc_alive PID START: the process still runs (same start time, not a
# zombie: a zombie has exited, only its parent has not reaped it yet).
proc_alive() {
	local state
	test "$(proc_start "$1")" = "$2" || return 1
	state=$(proc_stat_field "$1" 3) || return 1
	case $state in Z|X|x) return 1 ;; esac
	return 0
}

# proc_comm PID: the command name, for messages.
proc_comm() { cat "/proc/$1/comm" 2>/dev/null || echo '?'; }

# now_ms: the wall clock in milliseconds (bash's own, no fork).
now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((10#$t / 1000)); }

# The pause between two looks at processes that we cannot wait(2) for.
readonly POLL_SLEEP=0.05

# proc_wait_gone MS PID:START...: waits until none of them runs, for MS
# milliseconds at least and not much more; prints the ones still running
# and fails if any is left.
proc_wait_gone() {
	local deadline left p
	deadline=$(( $(now_ms) + $1 )); shift
	while :; do
		left=()
		for p in "$@"; do proc_alive "${p%%:*}" "${p#*:}" && left+=("$p"); done
		test ${#left[@]} -gt 0 || return 0
		test "$(now_ms)" -lt "$deadline" || break
		set -- "${left[@]}"
		sleep $POLL_SLEEP
	done
	printf '%s\n' "${left[@]}"
	return 1
}

# proc_signal SIG PID:START...: sends SIG to those still running.
proc_signal() {
	local sig=$1 p; shift
	for p in "$@"; do
		proc_alive "${p%%:*}" "${p#*:}" && kill "-$sig" "${p%%:*}" 2>/dev/null
	done
	return 0
}

# proc_terminate TERM_MS PID:START...: SIGTERM, then SIGKILL to those left
# after TERM_MS; prints those that survived even that, fails if any did.
proc_terminate() {
	local ms=$1 left; shift
	test $# -gt 0 || return 0
	proc_signal TERM "$@"
	left=$(proc_wait_gone "$ms" "$@") && return 0
	# shellcheck disable=SC2086
	proc_signal KILL $left
	# shellcheck disable=SC2086
	proc_wait_gone 2000 $left
}

# parse_ms VALUE: a duration as seconds (10, 2.5) or with a unit (500ms,
# 3s), printed in milliseconds; fails on anything else.
parse_ms() {
	[[ $1 =~ ^([0-9]{1,6})(\.([0-9]{1,3}))?(ms|s)?$ ]] || return 1
	local whole=${BASH_REMATCH[1]} frac=${BASH_REMATCH[3]} unit=${BASH_REMATCH[4]:-s}
	if test "$unit" = ms; then
		test -z "$frac" || return 1
		echo $((10#$whole))
		return 0
	fi
	while test ${#frac} -lt 3; do frac="${frac}0"; done
	echo $((10#$whole * 1000 + 10#$frac))
}
