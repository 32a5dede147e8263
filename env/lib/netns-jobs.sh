# netns-jobs.sh: processes in the guests: run in the foreground, start in
# the background, stop.  A started job is recorded as $TB_JOBS/PID holding
# "PID START ROLE CMD...", START its start time (see proc.sh), so that `stop`
# never signals a process that merely reuses the pid, and `down` knows it.
# shellcheck shell=bash

# resolvable CMD: CMD names an executable (a path, or a name on PATH; the
# guests share the host's file system).
resolvable() {
	case $1 in
	*/*) test -f "$1" && test -x "$1" ;;
	*) type -P -- "$1" >/dev/null ;;
	esac
}

# need_up WHAT: exits 1 unless the testbed is up.
need_up() {
	testbed_is_up || die "$1: testbed $TESTBED is not up (run '$PROG -c CONF up' first)"
}

# job_run ROLE CMD...: CMD in ROLE's namespace, in the foreground; this
# process becomes CMD, so its exit status and signals are CMD's own.
job_run() {
	local ns; ns=$(ns_of "$1"); shift
	need_up run
	resolvable "$1" || { warn "run: $1: command not found"; exit 127; }
	exec ip netns exec "$ns" "$@"
}

# close_inherited_fds: closes every descriptor above 2, so that a job holds
# none of its caller's pipes (make's jobserver, a $(...) capture) open.
close_inherited_fds() {
	local fd
	for fd in "/proc/$BASHPID/fd/"*; do
		fd=${fd##*/}
		test "$fd" -gt 2 && { exec {fd}>&-; } 2>/dev/null
	done
	return 0
}

# launching PID NS: PID still is this script's subshell or runs one of the
# launchers that job_start execs through on the way to the command (env,
# setsid, ip netns exec).
launching() {
	local -a argv self
	local state
	state=$(proc_stat_field "$1" 3) || return 1 # gone
	case $state in Z|X|x) return 1 ;; esac
	{ mapfile -d '' argv <"/proc/$1/cmdline"; } 2>/dev/null || return 1
	test ${#argv[@]} -gt 0 || return 0 # in the middle of an exec
	mapfile -d '' self <"/proc/$$/cmdline"
	test "${argv[*]}" != "${self[*]}" || return 0
	case ${argv[0]} in
	env) test "${argv[1]-}" = --default-signal=INT,QUIT ;;
	setsid) test "${argv[1]-}" = ip ;;
	ip) test "${argv[1]-} ${argv[2]-} ${argv[3]-}" = "netns exec $2" ;;
	*) return 1 ;;
	esac
}

# job_start ROLE LOG PIDFILE CMD...: CMD in the background in ROLE's
# namespace, in a session of its own, stdin from /dev/null, stdout and
# stderr to LOG; prints its pid.  Each launcher execs the next, so the pid
# is CMD's own.  SIGINT and SIGQUIT get their default action back: bash
# ignores them in background jobs, and an ignored signal stays ignored
# across exec, which would make `stop` powerless.
job_start() {
	local role=$1 log=$2 pidfile=$3 ns pid start deadline
	shift 3
	ns=$(ns_of "$role")
	need_up start
	resolvable "$1" || die "start: $1: command not found"
	{ : >"$log"; } 2>/dev/null || die "start: $log: cannot write the log"
	(
		close_inherited_fds
		exec env --default-signal=INT,QUIT setsid ip netns exec "$ns" "$@" \
			</dev/null >"$log" 2>&1
	) &
	pid=$!
	# Return only once CMD itself runs in the namespace (bounded).
	deadline=$(( $(now_ms) + 2000 ))
	while launching "$pid" "$ns" && test "$(now_ms)" -lt "$deadline"; do
		sleep "$POLL_SLEEP"
	done
	if start=$(proc_start "$pid"); then
		printf '%s %s %s %s\n' "$pid" "$start" "$role" "$*" >"$TB_JOBS/$pid"
	fi
	if test -n "$pidfile"; then
		{ echo "$pid" >"$pidfile.tmp.$$" && mv -f "$pidfile.tmp.$$" "$pidfile"; } 2>/dev/null ||
			{ rm -f "$pidfile.tmp.$$"; die "start: $pidfile: cannot write the pid file (job $pid runs)"; }
	fi
	echo "$pid"
}

# job_pid ARG: the pid ARG names: ARG itself when it is a number, else the
# first line of the pid file ARG.
job_pid() {
	local pid
	if [[ $1 =~ ^[0-9]+$ ]]; then
		pid=$1
	else
		{ read -r pid <"$1"; } 2>/dev/null || { warn "stop: $1: cannot read the pid file"; return 1; }
	fi
	[[ $pid =~ ^[1-9][0-9]{0,9}$ ]] || { warn "stop: $1: not a pid: '$pid'"; return 1; }
	echo "$pid"
}

# job_stop TIMEOUT_MS ARG...: SIGINT to each process, SIGKILL to those
# still running after TIMEOUT_MS (to their whole process group when they
# lead one, as started jobs do, so nothing of them is left).  Fails when a
# process had to be killed or an ARG is bad.  A process already gone is
# fine: stopping is idempotent.
job_stop() {
	local ms=$1 arg pid rec_start cur targets=() left p rc=0
	shift
	for arg; do
		pid=$(job_pid "$arg") || { rc=1; continue; }
		rec_start=
		test -r "$TB_JOBS/$pid" && read -r _ rec_start _ <"$TB_JOBS/$pid"
		if ! cur=$(proc_start "$pid") || ! proc_alive "$pid" "$cur" ||
			{ test -n "$rec_start" && test "$rec_start" != "$cur"; }; then
			rm -f "$TB_JOBS/$pid" # exited (and maybe its pid reused)
			continue
		fi
		kill -INT "$pid" 2>/dev/null || :
		targets+=("$pid:$cur")
	done
	test ${#targets[@]} -gt 0 || return $rc
	if left=$(proc_wait_gone "$ms" "${targets[@]}"); then
		left=
	fi
	for p in $left; do
		pid=${p%%:*}
		warn "stop: $pid ($(proc_comm "$pid")) did not exit within $ms ms of SIGINT; killing it with SIGKILL"
		if test "$(proc_stat_field "$pid" 5)" = "$pid"; then
			kill -KILL -- "-$pid" 2>/dev/null || :
		else
			kill -KILL "$pid" 2>/dev/null || :
		fi
		rc=1
	done
	if test -n "$left"; then
		# shellcheck disable=SC2086
		left=$(proc_wait_gone 2000 $left) ||
			warn "stop: ${left//$'\n'/ }: still there 2 s after SIGKILL"
	fi
	for p in "${targets[@]}"; do rm -f "$TB_JOBS/${p%%:*}"; done
	return $rc
}

# job_prune: forgets the records of jobs that are no longer running.
job_prune() {
	local f pid start
	for f in "$TB_JOBS"/*; do
		test -f "$f" || continue
		read -r pid start _ <"$f" || :
		proc_alive "${pid:-0}" "${start:-x}" || rm -f "$f"
	done
}
