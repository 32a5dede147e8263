#!/bin/sh
test_description='env/netns: run, start, stop and fetch in the guests'
. "$(dirname "$0")/test-lib.sh"

netns=$SONDE_TOP/env/netns
ns=sonde-t0420-
cat >conf <<EOF
TESTBED=t0420
ROLES="master slave"
STATE_DIR=$PWD/state
EOF
test_atexit "\"$netns\" -c \"$PWD/conf\" down"

# A job that writes a file when SIGINT reaches it, and one that ignores it.
cat >on-int.sh <<'EOF'
#!/bin/sh
trap 'echo got SIGINT >"$1.int"; exit 0' INT
echo ready >"$1.ready"
while :; do sleep 0.1; done
EOF
cat >deaf.sh <<'EOF'
#!/bin/sh
trap '' INT
echo ready >"$1.ready"
while :; do sleep 0.1; done
EOF
chmod +x on-int.sh deaf.sh

test_expect_success ROOT,NETNS 'set up the testbed' '
	"$netns" -c conf up
'

test_expect_success ROOT,NETNS 'run runs in the role namespace and passes the exit status through' '
	test "$("$netns" -c conf run master -- ip netns identify)" = ${ns}master &&
	test "$("$netns" -c conf run slave ip netns identify)" = ${ns}slave &&
	test_expect_code 7 "$netns" -c conf run master -- sh -c "exit 7" &&
	test_expect_code 0 "$netns" -c conf run master -- true
'

test_expect_success ROOT,NETNS 'run of a missing command exits 127, of an unknown role 2' '
	test_expect_code 127 "$netns" -c conf run master -- no-such-command-x 2>err &&
	test_grep "run: no-such-command-x: command not found" err &&
	test_expect_code 2 "$netns" -c conf run nobody -- true 2>err &&
	test_grep "run: no role .nobody." err
'

test_expect_success ROOT,NETNS 'start prints the pid of the command itself, in its own session' '
	pid=$("$netns" -c conf start master -o sleep.log -p sleep.pid -- sleep 300) &&
	test "$(cat /proc/$pid/comm)" = sleep &&
	test "$(cat sleep.pid)" = "$pid" &&
	test "$(ip netns identify "$pid")" = ${ns}master &&
	test "$(ps -o sid= -p "$pid" | tr -d " ")" = "$pid" &&
	test "$(readlink /proc/$pid/fd/0)" = /dev/null &&
	test "$(readlink /proc/$pid/fd/1)" = "$PWD/sleep.log" &&
	test "$(readlink /proc/$pid/fd/2)" = "$PWD/sleep.log" &&
	test -z "$(ls /proc/$pid/fd | grep -v "^[012]$")" &&
	test -f state/t0420/jobs/$pid &&
	"$netns" -c conf stop "$pid" &&
	gone "$pid" &&
	test ! -e state/t0420/jobs/$pid
'

test_expect_success ROOT,NETNS 'start sends the output to the log' '
	pid=$("$netns" -c conf start slave -o hello.log -- sh -c "echo out; echo err >&2; ip netns identify") &&
	i=0 && while ! gone "$pid" && test $i -lt 100; do sleep 0.05; i=$((i + 1)); done &&
	printf "out\nerr\n%sslave\n" "$ns" >expect &&
	test_cmp expect hello.log
'

test_expect_success ROOT,NETNS 'stop sends SIGINT, which the job can trap' '
	pid=$("$netns" -c conf start slave -p int.pid -- ./on-int.sh "$PWD/int") &&
	test_wait_for_file int.ready &&
	"$netns" -c conf stop int.pid 2>err &&
	test ! -s err &&
	test_grep "got SIGINT" int.int &&
	gone "$pid"
'

test_expect_success ROOT,NETNS 'stop kills a job that ignores SIGINT after the timeout and says so' '
	pid=$("$netns" -c conf start master -- ./deaf.sh "$PWD/deaf") &&
	test_wait_for_file deaf.ready &&
	start=$(date +%s%N) &&
	test_expect_code 1 "$netns" -c conf stop -t 0.5 "$pid" 2>err &&
	took=$((($(date +%s%N) - start) / 1000000)) &&
	test "$took" -ge 500 &&
	test_grep "stop: $pid (deaf.sh) did not exit within 500 ms of SIGINT; killing it with SIGKILL" err &&
	gone "$pid"
'

test_expect_success ROOT,NETNS 'stop of a job already gone succeeds and forgets it' '
	pid=$("$netns" -c conf start master -- true) &&
	i=0 && while ! gone "$pid" && test $i -lt 100; do sleep 0.05; i=$((i + 1)); done &&
	"$netns" -c conf stop "$pid" &&
	test ! -e state/t0420/jobs/$pid
'

test_expect_success ROOT,NETNS 'stop leaves alone a process that only reuses the pid of a job' '
	pid=$("$netns" -c conf start master -- sleep 300) &&
	read -r p s rest <state/t0420/jobs/$pid &&
	echo "$p 1 $rest" >state/t0420/jobs/$pid &&
	"$netns" -c conf stop "$pid" &&
	! gone "$pid" &&
	kill "$pid"
'

test_expect_success ROOT,NETNS 'stop with bad arguments' '
	test_expect_code 2 "$netns" -c conf stop -t soon 1 2>err &&
	test_grep "stop: -t soon: not a duration" err &&
	test_expect_code 2 "$netns" -c conf stop 2>err &&
	test_expect_code 1 "$netns" -c conf stop no-such.pid 2>err &&
	test_grep "stop: no-such.pid: cannot read the pid file" err &&
	echo garbage >bad.pid &&
	test_expect_code 1 "$netns" -c conf stop bad.pid 2>err &&
	test_grep "stop: bad.pid: not a pid" err
'

test_expect_success ROOT,NETNS 'start of a missing command fails before starting anything' '
	test_expect_code 1 "$netns" -c conf start master -p none.pid -- no-such-command-x 2>err &&
	test_grep "start: no-such-command-x: command not found" err &&
	test ! -e none.pid
'

test_expect_success ROOT,NETNS 'fetch copies a guest file here, and does nothing when it is here' '
	"$netns" -c conf run slave -- sh -c "echo result >made-in-slave" &&
	mkdir -p collected &&
	"$netns" -c conf fetch slave made-in-slave collected/ &&
	test_cmp made-in-slave collected/made-in-slave &&
	"$netns" -c conf fetch slave made-in-slave made-in-slave &&
	"$netns" -c conf fetch slave made-in-slave . &&
	test_cmp made-in-slave collected/made-in-slave &&
	test_expect_code 1 "$netns" -c conf fetch slave no-such-file x 2>err &&
	test_grep "fetch: no-such-file: no such file" err
'

test_expect_success ROOT,NETNS 'down stops running jobs; start when the testbed is down is refused' '
	pid=$("$netns" -c conf start slave -- sleep 300) &&
	"$netns" -c conf down &&
	gone "$pid" &&
	test_expect_code 1 "$netns" -c conf start slave -- sleep 1 2>err &&
	test_grep "start: testbed t0420 is not up" err
'

test_done
