#!/bin/sh
test_description='loadgen daemon: the ipbench line protocol, a controller with two testers and a metered echo target'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/helpers/loadgen.sh"

base=$((20000 + ($$ + 13) % 20000))
t1=$base t2=$((base + 1)) t3=$((base + 2)) tgt=$((base + 3)) echo_port=$((base + 4))

# Daemons ready when their port listens.
listening() { ss -Hltn "sport = :$1" | grep -q .; }
wait_listening() { for i in $(seq 100); do listening $1 && return 0; sleep 0.05; done; echo "port $1 not listening" >&4; return 1; }

test_expect_success 'start two tester daemons and a target daemon' '
	lg_bg t1 loadgen daemon -p $t1 &&
	lg_bg t2 loadgen daemon -p $t2 &&
	lg_bg tgt loadgen daemon -p $tgt &&
	wait_listening $t1 && wait_listening $t2 && wait_listening $tgt
'

# send LINE: one command to the daemon on fd 5; reply: the next line.
send() { printf "%s\n" "$1" >&5; }
reply() { IFS= read -t 5 -r line <&5 && printf "%s\n" "$line"; }

test_expect_success 'the daemon speaks ipbench: banner, HELLO, status codes, Content-length data' '
	exec 5<>/dev/tcp/127.0.0.1/$t1 &&
	test "$(reply)" = "100 IPBENCH V1.0" &&
	send HELLO && test "$(reply)" = "200 OK (Ready to go)" &&
	send "EXT sonde/1" && test "$(reply)" = "200 OK sonde/1" &&
	send "EXT other/9" && reply | grep -q "^400 " &&
	send "FROB" && reply | grep -q "^400 Unknown command" &&
	send "START" && reply | grep -q "^460 " &&
	send "LOAD no-such-test" && reply | grep -q "^410 No such test" &&
	send "SETUP args::\"\"" && reply | grep -q "^460 " &&
	send "LOAD udp-latency" && test "$(reply)" = "200 OK" &&
	send "SETUP hostname::\"127.0.0.1\" port::\"$echo_port\" args::\"colour=red\"" &&
	reply | grep -q "^420 Setup failed: udp-latency: unknown argument .colour." &&
	send "SETUP args::\"unterminated" && reply | grep -q "^420 .*malformed" &&
	send "LOAD cpu_target_lukem" && test "$(reply)" = "200 OK" &&
	send "SETUP args::\"\"" && test "$(reply)" = "200 OK" &&
	send "START" && test "$(reply)" = "200 OK" &&
	sleep 0.2 &&
	send "STOP" && test "$(reply)" = "220 VALID DATA (Data to follow)" &&
	len=$(reply | sed -n "s/^Content-length: //p") && test "$len" -gt 0 &&
	head -c "$len" <&5 >data &&
	test_grep "^loadgen-result 1" data &&
	test_grep "^cpu_spin_ppm [0-9]" data &&
	test_grep "^end$" data &&
	send "QUIT" && test "$(reply)" = "200 OK (Goodbye)" &&
	exec 5<&-
'

test_expect_success 'a line longer than the bound is refused and the session ends' '
	(
		trap "" PIPE &&
		exec 5<>/dev/tcp/127.0.0.1/$t1 &&
		reply >/dev/null &&
		{ head -c 5000 /dev/zero | tr "\0" x; echo; } >&5
		reply >reply &&
		! reply
	) &&
	test_grep "^400 Line too long" reply
'

test_expect_success 'two testers, an echo target holding replies 5 ms: median 5-15 ms (never under the hold), rate achieved, CPU metered' '
	loadgen run -t udp-latency -s 127.0.0.1:$echo_port -a rate=300,duration=2,warmup=200ms \
		-c 127.0.0.1:$t1 -c 127.0.0.1:$t2 -m 127.0.0.1:$tgt -M echo -A port=$echo_port,delay=5ms \
		-o out.csv >out &&
	cat out >&3 &&
	in_range "$(fig out latency p50)" 5000 15000 &&
	within "$(fig out rate achieved)" 600 10 &&
	test "$(fig out requests lost)" = 0 &&
	in_range "$(fig out target cpu)" 0 100 &&
	within "$(fig out target received)" 1200 10 &&
	in_range "$(fig out start skew)" 0 10 &&
	awk -F, "NF != 10 { exit 1 }" out.csv
'

test_expect_success 'a tester that dies: the controller names it and aggregates the rest (partial, exit 1)' '
	lg_bg t3 loadgen daemon -p $t3 &&
	wait_listening $t3 &&
	lg_bg killer sh -c "sleep 1.2; kill -9 $(cat t3.pid)" &&
	lg_bg echo loadgen echo -p $echo_port -R echo.ready &&
	test_wait_for_file echo.ready &&
	test_expect_code 1 loadgen run -t udp-latency -s 127.0.0.1:$echo_port -a rate=200,duration=2 \
		-c 127.0.0.1:$t1 -c 127.0.0.1:$t3 >out 2>err &&
	cat out err >&3 &&
	test_grep "PARTIAL" out &&
	test_grep "127.0.0.1:$t3: no result: connection lost" err &&
	test_grep "the result is partial: 1 of 2 clients answered" err &&
	within "$(fig out requests received)" 400 10
'

test_done
