# Shell functions for the tests of a -p pid that exits while a monitor
# starts (t0615, t0655): sourced after test-lib.sh.

# victim MARKER [zombie]: a process that spins until the shell test MARKER
# holds, then exits; its pid in $victim.  With zombie, its parent (sleep,
# once the victim spins) never reaps it ($parent: kill it to clean up),
# else this shell does.
victim() {
	rm -f vpid
	if test "${2:-}" = zombie
	then
		sh -c "sh -c 'until test \"\$(cat /proc/\$PPID/comm)\" = sleep; do :; done
			while ! $1; do :; done' & echo \$! >vpid; exec sleep 10" & parent=$!
	else
		sh -c "echo \$\$ >vpid; while ! $1; do :; done" & parent=$!
	fi
	test_atexit "kill $parent 2>/dev/null"
	test_wait_for_file vpid && for i in $(seq 500); do test -s vpid && break; sleep 0.01; done &&
	victim=$(cat vpid)
}

# zombie: a process that has exited and that its parent never reaps; its
# pid in $zombie ($zparent: kill it to clean up).
zombie() {
	rm -f zpid
	cat >zombie.sh <<-\EOF &&
	# the child exits once its parent is sleep, which never reaps it (a
	# shell would reap a child that exited before its exec)
	sh -c 'until test "$(cat /proc/$PPID/comm)" = sleep; do sleep 0.01; done' &
	echo $! >zpid
	exec sleep 10
	EOF
	{ sh zombie.sh & } && zparent=$! &&
	test_atexit "kill $zparent 2>/dev/null" &&
	test_wait_for_file zpid && for i in $(seq 500); do test -s zpid && break; sleep 0.01; done &&
	zombie=$(cat zpid) &&
	for i in $(seq 500); do test "$(awk '{ print $3 }' /proc/$zombie/stat)" = Z && break; sleep 0.01; done &&
	test "$(awk '{ print $3 }' /proc/$zombie/stat)" = Z
}
