# Shell functions shared by loadgen's tests (t08*): sourced after
# test-lib.sh.

# fig FILE LINE KEY: the number after KEY on the summary line starting with
# LINE ("requests", "rate", "latency", "send", "throughput", "target", ...),
# without a trailing /s or %.
fig() { tr ',:' '  ' <"$1" | awk -v l="$2" -v k="$3" '$1 == l { for (i = 1; i < NF; i++) if ($i == k) { v = $(i + 1); sub(/\/s$/, "", v); sub(/%$/, "", v); print v; exit } }'; }

# lg_bg NAME CMD...: runs CMD in the background, stderr to NAME.log, its
# pid in NAME.pid; it is stopped, and waited for, when the script ends.
# CMD is forked by a subshell that exits at once: the pid is the command's
# own (a plain command, no pipeline or shell around it), and the process,
# adopted by init, is reaped as soon as it exits, not left a zombie of
# this script that outlives it.
lg_bg() {
	local name=$1
	shift
	("$@" 2>"$name.log" & echo $! >"$name.pid")
	test_atexit "lg_stop $(cat "$name.pid")"
}

# lg_stop PID...: ends each process (SIGTERM, after SIGCONT for one a test
# stopped; its children first, for a shell) and waits until it is gone
# (reaped, or a zombie of this script), at most 5 s, then SIGKILL: a
# script that ends leaves nothing running.
lg_stop() {
	local p i
	for p; do
		pkill -TERM -P "$p" 2>/dev/null
		kill -TERM "$p" 2>/dev/null
		kill -CONT "$p" 2>/dev/null
	done
	for p; do
		i=0
		while test -e "/proc/$p" && ! { gone "$p" && test "$(awk '{ print $4 }' "/proc/$p/stat" 2>/dev/null)" = $$; }; do
			i=$((i + 1))
			if test $i -gt 100; then
				kill -KILL "$p" 2>/dev/null
				break
			fi
			sleep 0.05
		done
	done
}
