#!/usr/bin/env bash
test_description='jobmgr: a master and two slaves on loopback, end to end'
. "$(dirname "$0")/test-lib.sh"

prereq_code[PYTHON3]='command -v python3 >/dev/null || { echo "python3 is not installed"; false; }'
port=$((20000 + $$ % 20000))
export JOBMGR_MASTER=127.0.0.1:$port
frames=$SONDE_TOP/tests/cli/lib/jobmgr-frames.py
echo "t0700-$$-token" >token
echo wrong >bad-token
declare -A pid

# start NAME ARGS...: a daemon in the background, its log in NAME.log.
start() {
	local name=$1; shift
	"$SONDE_BUILD/bin/jobmgr" "$@" -t token -L "$name.log" 2>>"$name.err" &
	pid[$name]=$!
	test_atexit "kill -9 ${pid[$name]} 2>/dev/null"
}
start_slave() { local n=$1; shift; rm -f "$n.ready"; start "$n" -r slave -m "$JOBMGR_MASTER" -n "$n" -R "$n.ready" "$@"; }
# every client command bounded: a hang is a failure, not a stuck test
jobmgr() { timeout 30 "$SONDE_BUILD/bin/jobmgr" "$@"; }
submit() { jobmgr submit -t token "$@"; }
# bounded wait until a grep matches a file
wait_log() {
	local i
	for ((i = 0; i < 100; i++)); do grep -q -e "$1" "$2" && return 0; sleep 0.05; done
	echo "timed out waiting for '$1' in $2" >&4; sed 's/^/| /' "$2" >&4; return 1
}
state_of() { jobmgr status "$1" | cut -f2; }
slave_of() { jobmgr status "$1" | cut -f4; }

test_expect_success 'usage errors exit 2' '
	test_expect_code 2 jobmgr -r boss -t token 2>err &&
	test_grep "the role is master or slave" err &&
	test_expect_code 2 jobmgr -r slave -t token 2>err &&
	test_grep "a slave needs its master" err &&
	test_expect_code 2 env -u SONDE_TOKEN_FILE jobmgr -r master 2>err &&
	test_grep "no token" err &&
	test_expect_code 2 jobmgr -r master -t token -j 2 2>err &&
	test_grep "a master only dispatches" err &&
	test_expect_code 2 jobmgr frobnicate 2>err &&
	test_grep "unknown command" err &&
	test_expect_code 2 jobmgr submit -T soon -- true 2>err &&
	test_grep "not a duration" err &&
	test_expect_code 2 jobmgr -r slave -m 127.0.0.1 -t token -J jobs.tsv 2>err &&
	test_grep "the job log is the master" err &&
	test_expect_code 2 jobmgr submit -N 0 -- true 2>err
'

test_expect_success 'a master and two slaves: both registered' '
	start master -r master -l "$JOBMGR_MASTER" -H 100ms -J jobs.tsv &&
	start_slave s1 -j 2 && start_slave s2 -j 2 &&
	jobmgr status -s s1,s2 -W 5s >slaves &&
	test_grep "^s1	127.0.0.1:[0-9]*	2	0$" slaves &&
	test_grep "^s2	127.0.0.1:[0-9]*	2	0$" slaves &&
	test_wait_for_file s1.ready 5 && test_wait_for_file s2.ready 5 &&
	test_grep "slave s1: registered from 127.0.0.1" master.log
'

test_expect_success 'status -s names a slave that never registers' '
	test_expect_code 1 jobmgr status -s s1,ghost -W 300ms 2>err &&
	test_grep "slave ghost not registered with 127.0.0.1:$port" err
'

test_expect_success 'stdin, stdout, stderr and the exit status are relayed' '
	printf "line1\nline2\n" >in &&
	test_expect_code 3 submit -i in -w -- sh -c "cat; echo oops >&2; exit 3" >out 2>err &&
	printf "line1\nline2\n" >expect && test_cmp expect out &&
	test_grep "^oops$" err
'

test_expect_success 'argv is executed directly, environment additions apply' '
	submit -e GREETING="hello world" -w -- printenv GREETING >out &&
	echo "hello world" >expect && test_cmp expect out &&
	submit -w -- echo "a;b" "\$HOME" >out &&
	echo "a;b \$HOME" >expect && test_cmp expect out
'

test_expect_success ROOT 'jobs run as the unprivileged user by default (nobody)' '
	submit -w -- id -un >out &&
	echo nobody >expect && test_cmp expect out
'

test_expect_success 'a failing job: its status, a missing program is 127' '
	id=$(submit -- sh -c "exit 7") &&
	test_expect_code 7 jobmgr wait "$id" &&
	jobmgr status "$id" >st &&
	test_grep "^$id	exited	7	s[12]	" st &&
	test_expect_code 127 submit -w -- /no/such/program 2>err &&
	test_grep "/no/such/program: No such file or directory" err
'

test_expect_success 'a job over its timeout is killed and reported timed out' '
	start_ns=$(date +%s%N) &&
	test_expect_code 124 submit -T 200ms -w -- sleep 10 2>err &&
	test $(( ($(date +%s%N) - start_ns) / 1000000 )) -lt 3000 &&
	test_grep "timedout" err
'

test_expect_success 'least loaded dispatch, then queueing when no slot is free' '
	for i in 1 2 3 4 5; do submit -- sleep 0.6 >>ids || return 1; done &&
	read -r j1 j2 j3 j4 j5 <<<"$(tr "\n" " " <ids)" &&
	jobmgr status >load &&
	test_grep "^s1	.*	2	2$" load && test_grep "^s2	.*	2	2$" load &&
	test "$(slave_of $j1)" != "$(slave_of $j2)" &&
	test "$(state_of $j5)" = queued &&
	jobmgr wait "$j5" &&
	test "$(state_of $j5)" = exited &&
	for j in $j1 $j2 $j3 $j4; do test "$(state_of $j)" = exited || return 1; done
'

test_expect_success 'cancel a running job' '
	id=$(submit -- sleep 10) &&
	for ((i = 0; i < 100; i++)); do cat s1.log s2.log | grep -q "job $id: started" && break; sleep 0.05; done &&
	test "$(state_of $id)" = running &&
	jobmgr cancel -t token "$id" &&
	test_expect_code 125 jobmgr wait "$id" 2>err &&
	test "$(state_of $id)" = cancelled
'

test_expect_success 'a wrong or missing token is refused by the master' '
	test_expect_code 1 jobmgr submit -t bad-token -- true 2>err &&
	test_grep "SUBMIT refused: wrong or missing token" err &&
	test_expect_code 1 jobmgr cancel -t bad-token 1 2>err &&
	test_grep "CANCEL refused" err &&
	test_grep "SUBMIT refused: wrong or missing token" master.log
'

test_expect_success PYTHON3 'an unknown protocol version is refused with a message' '
	python3 "$frames" version 127.0.0.1 $port >reply &&
	test_grep "protocol version 2 is not supported (this jobmgr speaks version 1)" reply &&
	test_grep "protocol version 2 refused" master.log
'

test_expect_success PYTHON3 '10,000 malformed frames: each connection closed, a client keeps working' '
	submit -- sh -c "sleep 1; echo survived" >long &&
	python3 "$frames" garbage 127.0.0.1 $port 10000 >closed &&
	echo 10000 >expect && test_cmp expect closed &&
	test "$(grep -c "garbage" master.log)" -ge 10000 &&
	jobmgr wait "$(cat long)" >out && echo survived >expect && test_cmp expect out &&
	submit -w -- echo still serving >out && test_grep "still serving" out
'

test_expect_success 'a silent slave is lost by missed heartbeats: its job lost, a -R job re-queued' '
	kill -INT ${pid[s1]} ${pid[s2]} && wait ${pid[s1]} ${pid[s2]} &&
	start_slave victim -j 2 && test_wait_for_file victim.ready 5 &&
	lost=$(submit -- sleep 5) && again=$(submit -R -- sh -c "sleep 0.3; echo second life") &&
	wait_log "job $again: started" victim.log &&
	kill -STOP ${pid[victim]} &&
	wait_log "slave victim: no heartbeat" master.log &&
	test_expect_code 125 jobmgr wait "$lost" 2>err &&
	test_grep "job $lost lost on victim" err &&
	test "$(state_of $again)" = queued &&
	start_slave rescuer -j 1 &&
	jobmgr wait "$again" >out && echo "second life" >expect && test_cmp expect out &&
	test "$(slave_of $again)" = rescuer &&
	kill -CONT ${pid[victim]} && kill -INT ${pid[victim]} && wait ${pid[victim]} &&
	test "$(slave_of $again)" = rescuer && test "$(state_of $lost)" = lost &&
	test "$(grep -c "job $again: exited" master.log)" = 1
'

test_expect_success 'a killed slave: its running job is reported lost at once' '
	id=$(submit -- sleep 5) &&
	wait_log "job $id: started" rescuer.log &&
	kill -9 ${pid[rescuer]} &&
	test_expect_code 125 jobmgr wait "$id" 2>/dev/null &&
	test "$(state_of $id)" = lost &&
	test_grep "slave rescuer: lost (connection closed)" master.log
'

test_expect_success 'submit -N: the copies are all submitted, -w waits for each' '
	start_slave s4 -j 2 && test_wait_for_file s4.ready 5 &&
	submit -N 3 -- echo copy >ids &&
	test "$(wc -l <ids)" = 3 &&
	submit -N 4 -w -- echo copy >out &&
	printf "copy\ncopy\ncopy\ncopy\n" >expect && test_cmp expect out &&
	test_expect_code 5 submit -N 2 -w -- sh -c "exit 5"
'

test_expect_success 'the job log (-J) has every finished job once, as list shows it' '
	for id in $(cat ids); do jobmgr wait $id >/dev/null || return 1; done &&
	grep -v "^#" jobs.tsv | tail -n +2 >records &&
	jobmgr list | tail -n +2 | awk -F"\t" "\$2 != \"queued\" && \$2 != \"running\"" |
		awk -F"\t" "{ print \$1, \$4, \$2, \$3, \$5, \$6, \$7 }" | sort -n >expect &&
	awk -F"\t" "{ print \$1, \$3, \$4, \$5, \$6, \$7, \$8 }" records | sort -n >actual &&
	test_cmp expect actual &&
	test "$(cut -f1 records | sort | uniq -d)" = "" &&
	awk -F"\t" "\$1 == 1 { print \$2 }" records >argv &&
	printf "%s\n" "sh -c cat; echo oops >&2; exit 3" >expect && test_cmp expect argv
'

test_expect_success 'a master restart is reported to slaves and clients' '
	start_slave s3 -j 1 && test_wait_for_file s3.ready 5 &&
	kill -INT ${pid[master]} && wait ${pid[master]} &&
	start master -r master -l "$JOBMGR_MASTER" -H 100ms &&
	wait_log "restarted" s3.log &&
	test_expect_code 1 jobmgr status 1 2>err &&
	test_grep "no job 1 on this master (started at" err
'

test_expect_success 'shutdown stops the slaves, then the master' '
	jobmgr status -s s3 -W 5s >/dev/null &&
	jobmgr shutdown -t token &&
	wait ${pid[s3]} && wait ${pid[master]} &&
	test_grep "shutdown requested" s3.log &&
	test_grep "slave s3: left (shutdown by the master)" master.log &&
	wait ${pid[s4]} && test_grep "slave s4: left (shutdown by the master)" master.log
'

test_done
