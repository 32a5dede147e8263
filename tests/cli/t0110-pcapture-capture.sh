#!/usr/bin/env bash
test_description='pcapture: real captures on lo of a fresh network namespace'
. "$(dirname "$0")/test-lib.sh"

test_have_prereq ROOT,NETNS,TCPDUMP || skip_all "$missing_prereq"

NS=sonde-t0110-$$
pid=

# send_udp PORT COUNT [SIZE]: COUNT datagrams of SIZE (>= 8) bytes to
# 127.0.0.1:PORT from inside the namespace; with SENDING_MARK=FILE in the
# environment, FILE is created once 100 have been sent.
send_udp() {
	ip netns exec "$NS" python3 -c '
import os, socket, sys
port, count = int(sys.argv[1]), int(sys.argv[2])
size = int(sys.argv[3]) if len(sys.argv) > 3 else 8
mark = os.environ.get("SENDING_MARK")
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(count):
    s.sendto(b"%08d" % i + b"x" * (size - 8), ("127.0.0.1", port))
    if i == 100 and mark:
        open(mark, "w").close()
' "$@"
}

# start_capture ARGS...: pcapture on the namespace's lo in the background
# (pid in $pid, stderr in capture.err), waiting for its ready file.
start_capture() {
	rm -f ready
	pcapture -n "$NS" -i lo -R ready "$@" 2>capture.err &
	pid=$!
	test_wait_for_file ready 10
}

# wait_exit PID [SECONDS]: waits (bounded) for PID to end; returns its
# exit status.  A zombie counts as ended.
wait_exit() {
	local i=0 max=$(( ${2:-10} * 20 ))
	while test -e /proc/$1 && test "$(awk '{ print $3 }' /proc/$1/stat 2>/dev/null)" != Z; do
		i=$((i + 1))
		test $i -le $max || { echo "pid $1 still running" >&4; kill -9 $1; wait $1; return 124; }
		sleep 0.05
	done
	wait $1
}

# wait_exec PID NAME: waits (bounded) until the background job PID runs
# NAME.  A signal sent to a job that the shell has forked but not yet
# exec'd can be lost in the shell's own signal set-up, which would be
# the shell's race, not the tool's.
wait_exec() {
	local i=0
	until test "$(basename "$(readlink /proc/$1/exe 2>/dev/null)")" = "$2"; do
		i=$((i + 1)); test $i -le 1000 || return 1
		sleep 0.005
	done
}

# written_live SECONDS ARGS...: a capture with ARGS to standard output (-w -)
# gets 3 datagrams; they must be in what it wrote within SECONDS, while
# it still runs.  Then it is stopped.
written_live() {
	local i=0 max=$(($1 * 20)) want=$((24 + 3 * (16 + 14 + 20 + 8 + 8)))
	shift
	start_capture "$@" -f "udp port 9" -w - >live.pcap &&
	send_udp 9 3 &&
	while test "$(stat -c %s live.pcap)" != $want; do
		i=$((i + 1)); test $i -le $max || return 1
		sleep 0.05
	done &&
	test -e /proc/$pid &&
	stop_capture INT &&
	test "$(packets live.pcap)" = 3
}

# stop_capture SIGNAL: stops $pid with SIGNAL; succeeds if it exits 0.
stop_capture() { kill -$1 $pid && wait_exit $pid; }

# packets FILE: the packets tcpdump reads from FILE, one line each, into
# "lines"; fails when tcpdump finds the file damaged.
packets() { tcpdump -nn -r "$1" >lines 2>tcpdump.err && wc -l <lines; }

# no_temp_files [DIR]: no ".NAME.XXXXXX" temporary is left.
no_temp_files() {
	! ls -A "${1:-.}" | grep -q '^\..*\.[A-Za-z0-9]\{6\}$' ||
	{ echo "temporary files left: $(ls -A "${1:-.}")" >&4; false; }
}

test_atexit 'test -z "$pid" || kill -9 $pid 2>/dev/null; ip netns del $NS 2>/dev/null'

test_expect_success 'set up a namespace with lo up' '
	ip netns add $NS &&
	ip -n $NS link set lo up
'

test_expect_success 'captures exactly the packets the filter selects' '
	start_capture -f "udp port 9" -B 1M -w out.pcap -S stats &&
	send_udp 9 7 &&
	send_udp 10 5 &&
	stop_capture INT &&
	test "$(packets out.pcap)" = 7 &&
	test "$(grep -c "127.0.0.1.[0-9]* > 127.0.0.1.9: UDP, length 8" lines)" = 7 &&
	no_temp_files
'

test_expect_success 'the file is nanosecond pcap with real-time stamps' '
	magic=$(od -An -tx1 -N4 out.pcap | tr -d " ") &&
	{ test "$magic" = 4d3cb2a1 || test "$magic" = a1b23c4d; } &&
	tcpdump -tt --time-stamp-precision=nano -nn -r out.pcap >stamps 2>/dev/null &&
	first=$(sed -n "1s/ .*//p" stamps) &&
	echo "$first" | grep -q "^[0-9]*\.[0-9]\{9\}$" &&
	now=$(date +%s) &&
	test $(( now - ${first%.*} )) -ge 0 && test $(( now - ${first%.*} )) -lt 60
'

test_expect_success 'the stats file has the header and agrees with the file' '
	printf "iface\tcaptured\treceived\tdropped\tifdropped\n" >expect &&
	head -n 1 stats >header &&
	test_cmp expect header &&
	test $(wc -l <stats) = 2 &&
	IFS="	" read -r iface captured received dropped ifdropped <<-EOF &&
	$(sed -n 2p stats)
	EOF
	test "$iface" = lo &&
	test "$captured" = 7 &&
	test "$received" -ge 7 &&
	test "$dropped" = 0 &&
	test "$ifdropped" = -
'

test_expect_success 'the listening line and the counters are on stderr' '
	test_grep "^pcapture: listening on lo, link-type EN10MB (Ethernet), snapshot length 262144 bytes$" capture.err &&
	test_grep "^7 packets captured$" capture.err &&
	test_grep "^[0-9]* packets received by filter$" capture.err &&
	test_grep "^0 packets dropped by kernel$" capture.err &&
	test_grep -v "dropped by interface" capture.err
'

# /sys shows the interfaces of the namespace it was mounted in: after -n it
# is not the capture'"'"'s, under ip netns exec (which remounts it) it is.
test_expect_success 'the interface drops are counted only when /sys is right' '
	ip netns exec $NS pcapture -i lo -G 100ms -w sys.pcap -S sys.stats 2>sys.err &&
	test_grep "^[0-9]* packets\{0,1\} dropped by interface$" sys.err &&
	test "$(sed -n 2p sys.stats | cut -f 5)" -ge 0
'

test_expect_success '-q prints neither' '
	start_capture -q -w quiet.pcap &&
	stop_capture INT &&
	! test -s capture.err
'

test_expect_success 'the ready file holds the pid and the interface' '
	start_capture -w ready.pcap &&
	printf "%s\tlo\n" $pid >expect &&
	test_cmp expect ready &&
	stop_capture TERM
'

test_expect_success 'traffic sent as soon as the ready file exists is captured' '
	start_capture -c 1 -f "udp port 9" -w first.pcap &&
	send_udp 9 1 &&
	wait_exit $pid 10 &&
	test "$(packets first.pcap)" = 1
'

test_expect_success '-c stops after COUNT packets by itself' '
	start_capture -c 3 -f "udp port 9" -w count.pcap -S count.stats &&
	send_udp 9 10 &&
	wait_exit $pid 10 &&
	test "$(packets count.pcap)" = 3 &&
	test "$(cut -f 2 count.stats | tail -n 1)" = 3
'

test_expect_success '-G stops after the duration with no traffic' '
	t0=$(date +%s%N) &&
	pcapture -q -n $NS -i lo -G 600ms -w idle.pcap &&
	elapsed_ms=$(( ($(date +%s%N) - t0) / 1000000 )) &&
	test $elapsed_ms -ge 600 && test $elapsed_ms -lt 5000 &&
	test "$(packets idle.pcap)" = 0 &&
	test $(stat -c %s idle.pcap) = 24
'

test_expect_success '-G stops after the duration and keeps what came' '
	t0=$(date +%s%N) &&
	start_capture -G 1s -f "udp port 9" -w timed.pcap &&
	send_udp 9 4 &&
	wait_exit $pid 10 &&
	elapsed_ms=$(( ($(date +%s%N) - t0) / 1000000 )) &&
	test $elapsed_ms -ge 1000 && test $elapsed_ms -lt 6000 &&
	test "$(packets timed.pcap)" = 4
'

test_expect_success 'SIGINT before any packet leaves an empty, valid file' '
	mkdir early &&
	start_capture -w early/out.pcap &&
	stop_capture INT &&
	test "$(packets early/out.pcap)" = 0 &&
	test "$(ls -A early)" = out.pcap
'

test_expect_success 'SIGINT and SIGTERM during traffic leave a complete file' '
	for sig in INT TERM INT; do
		rm -rf busy && mkdir busy &&
		start_capture -f "udp port 9" -w busy/out.pcap -S busy/stats &&
		rm -f sending &&
		{ timeout 20 bash -c "$(declare -f send_udp); NS=$NS; SENDING_MARK=$PWD/sending send_udp 9 1000000" & } &&
		sender=$! &&
		test_wait_for_file sending 10 &&
		stop_capture $sig &&
		kill $sender 2>/dev/null; wait $sender;
		n=$(packets busy/out.pcap) &&
		test "$n" -gt 0 &&
		test "$(cut -f 2 busy/stats | tail -n 1)" = "$n" &&
		test "$(ls -A busy | sort | tr "\n" " ")" = "out.pcap stats " || return 1
	done
'

# SIGTERM, because a background job of a script starts with SIGINT ignored:
# one sent before pcapture installs its handler would be lost.  Before the
# handler, SIGTERM kills it (status 143) before any file exists.
test_expect_success 'a stop signal at any moment: a complete file or none, never a temporary' '
	for delay in 0 0.001 0.005 0.01 0.02 0.05 0.1; do
		rm -rf any && mkdir any &&
		{ pcapture -q -n $NS -i lo -w any/out.pcap 2>/dev/null & } &&
		pid=$! &&
		wait_exec $pid pcapture &&
		sleep $delay &&
		kill -TERM $pid &&
		{ wait_exit $pid; rc=$?; } &&
		if test $rc = 0; then
			test "$(packets any/out.pcap)" -ge 0
		else
			test $rc = 143 && ! test -e any/out.pcap
		fi &&
		no_temp_files any || return 1
	done
'

test_expect_success 'SIGKILL leaves nothing under the final name' '
	mkdir killed &&
	start_capture -w killed/out.pcap &&
	send_udp 9 3 &&
	kill -KILL $pid && { wait_exit $pid; test $? = 137; } &&
	! test -e killed/out.pcap &&
	ls -A killed | grep -q "^\.out\.pcap\.......$"
'

test_expect_success '-w - streams into tcpdump -r -' '
	rm -f ready &&
	{ pcapture -n $NS -i lo -R ready -c 3 -f "udp port 9" -w - 2>pipe.err |
	  tcpdump -nn -r - >piped 2>tcpdump.err & } &&
	reader=$! &&
	test_wait_for_file ready 10 &&
	send_udp 9 3 &&
	wait_exit $reader 10 &&
	test $(grep -c "> 127.0.0.1.9: UDP" piped) = 3 &&
	test_grep "^3 packets captured" pipe.err
'

test_expect_success '-U writes each packet out at once' 'written_live 5 -U'

test_expect_success '-s cuts packets to the snapshot length' '
	start_capture -s 100 -f "udp port 9" -w snap.pcap &&
	send_udp 9 1 500 &&
	stop_capture INT &&
	test_grep "snapshot length 100 bytes" capture.err &&
	test $(stat -c %s snap.pcap) = $((24 + 16 + 100)) &&
	test "$(packets snap.pcap)" = 1 &&
	test_grep "snapshot length 100$" tcpdump.err &&
	test_grep "UDP, length 500" lines
'

test_expect_success 'a bad filter on a live capture exits 1 naming it' '
	mkdir badfilter &&
	test_expect_code 1 pcapture -n $NS -i lo -f "udp port nine" -R badfilter/ready \
		-w badfilter/out.pcap 2>err &&
	test_grep "^pcapture: filter .udp port nine.: " err &&
	test -z "$(ls -A badfilter)"
'

test_expect_success '-Z drops root once the capture is open' '
	mkdir zdir && chmod 777 zdir &&
	nobody_uid=$(id -u nobody) && nobody_gid=$(id -g nobody) &&
	rm -f zdir/ready &&
	{ pcapture -n $NS -i lo -Z nobody -R zdir/ready -S zdir/stats -f "udp port 9" \
		-w zdir/out.pcap 2>capture.err & } &&
	pid=$! &&
	test_wait_for_file zdir/ready 10 &&
	grep "^Uid:" /proc/$pid/status >uids &&
	printf "Uid:\t%s\t%s\t%s\t%s\n" $nobody_uid $nobody_uid $nobody_uid $nobody_uid >expect &&
	test_cmp expect uids &&
	grep "^Gid:" /proc/$pid/status >gids &&
	printf "Gid:\t%s\t%s\t%s\t%s\n" $nobody_gid $nobody_gid $nobody_gid $nobody_gid >expect &&
	test_cmp expect gids &&
	send_udp 9 2 &&
	stop_capture INT &&
	test "$(packets zdir/out.pcap)" = 2 &&
	test "$(stat -c %U zdir/out.pcap)" = nobody &&
	test "$(stat -c %U zdir/stats)" = nobody
'

test_expect_success '-Z into a folder the user cannot write fails early' '
	mkdir rootonly && chmod 755 rootonly &&
	test_expect_code 1 pcapture -n $NS -i lo -Z nobody -w rootonly/out.pcap 2>err &&
	test_grep "^pcapture: rootonly/out.pcap: user nobody cannot write in its folder" err &&
	test -z "$(ls -A rootonly)"
'

test_expect_success 'without -U, what was read is in the file within a block timeout' 'written_live 2'

test_expect_success 'packets spanning many output buffers are all written, in order' '
	start_capture -w many.pcap -S many.stats -B 16M -f "udp port 9103" &&
	send_udp 9103 5000 1000 &&
	stop_capture INT &&
	test "$(packets many.pcap)" = 5000 &&
	awk -F"\t" "NR == 2 { exit !(\$2 == 5000 && \$4 == 0) }" many.stats &&
	test $(stat -c %s many.pcap) = $((24 + 5000 * (16 + 14 + 20 + 8 + 1000))) &&
	test $(grep -c "UDP, length 1000$" lines) = 5000 &&
	tcpdump -nn -A -r many.pcap 2>/dev/null | grep -o "[0-9]\{8\}x" >order &&
	seq -f "%08gx" 0 4999 >expect && test_cmp expect order
'

test_expect_success 'a write error during the capture: exit 1 naming it, no file left' '
	mkdir small &&
	rm -f ready &&
	{ unshare -m --propagation private sh -c "
		mount -t tmpfs -o size=64k sonde-t0110 small &&
		pcapture -n $NS -i lo -R ready -f \"udp port 9104\" -w small/out.pcap 2>full.err
		echo \$? >full.status; ls -A small >full.left" & } &&
	job=$! &&
	test_wait_for_file ready 10 &&
	send_udp 9104 2000 200 &&
	wait_exit $job 10 &&
	test "$(cat full.status)" = 1 &&
	test_grep "^pcapture: lo: write error: No space left on device" full.err &&
	test ! -s full.left
'

test_expect_success 'a capture that is not scheduled for a while loses nothing (default ring)' '
	start_capture -w paused.pcap -S paused.stats -f "udp port 9100" &&
	kill -STOP $pid &&
	send_udp 9100 300 200 &&
	kill -CONT $pid &&
	stop_capture INT &&
	test "$(packets paused.pcap)" = 300 &&
	awk -F"\t" "NR == 2 { exit !(\$2 == 300 && \$4 == 0) }" paused.stats
'

test_expect_success 'the last packets before a stop are in the file (no block left behind)' '
	start_capture -w last.pcap -f "udp port 9101" &&
	send_udp 9101 3 &&
	stop_capture INT &&
	test "$(packets last.pcap)" = 3
'

test_done
