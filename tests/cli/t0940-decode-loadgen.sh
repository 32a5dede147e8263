#!/usr/bin/env bash
test_description='decode: loadgen'"'"'s control protocol (ipbench lines), captured from a real daemon'
. "$(dirname "$0")/test-lib.sh"

ns=sonde-t0940-$$
port=8036
# daemon, capture: in the background in the namespace, pids in *.pid.
daemon() {
	ip netns exec $ns loadgen daemon -p $port >daemon.log 2>&1 &
	echo $! >daemon.pid
}
capture() {
	pcapture -q -n $ns -i lo -f "tcp port $port" -w lg.pcap -R cap.ready 2>cap.err &
	echo $! >cap.pid
	test_wait_for_file cap.ready 5
}
test_atexit "kill -9 \$(cat daemon.pid cap.pid 2>/dev/null) 2>/dev/null; ip netns del $ns 2>/dev/null"

# The controller's side: each command, then its reply (and a 220's data).
cat >session.sh <<\EOF
exec 5<>/dev/tcp/127.0.0.1/$1 || exit 1
reply() { IFS= read -t 5 -r line <&5 && printf "%s\n" "$line"; }
reply
for cmd in HELLO "LOAD cpu_target_lukem" 'SETUP args::""' START; do
	printf "%s\n" "$cmd" >&5 && reply || exit 1
done
sleep 0.2
printf "STOP\n" >&5 && reply && len=$(reply | sed -n "s/^Content-length: //p") &&
	head -c "$len" <&5 >data && echo "$len" >data.len
printf "QUIT\n" >&5 && reply
EOF

test_expect_success ROOT,NETNS 'a controller session with a daemon, decoded' '
	ip netns add $ns && ip -n $ns link set lo up &&
	capture && daemon &&
	for i in $(seq 100); do ip netns exec $ns ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.05; done &&
	ip netns exec $ns timeout 20 bash session.sh $port >replies &&
	test_grep "^200 OK (Goodbye)" replies &&
	sleep 0.2 && kill -INT $(cat cap.pid) && wait $(cat cap.pid) &&
	{ kill $(cat daemon.pid) && wait $(cat daemon.pid); true; } &&
	pcap2xml -r lg.pcap | simplify | decode -v -t loadgen -w lg.dxml 2>stats &&
	test_grep "(0 malformed), 0 stream problems" stats &&
	xmllint --xpath "//message/@summary" lg.dxml | sed "s/^ *summary=\"//; s/\"$//" >summaries &&
	cat >expect <<-\EOF &&
	100 IPBENCH V1.0
	HELLO
	200 OK (Ready to go)
	LOAD cpu_target_lukem
	200 OK
	SETUP args::&quot;&quot;
	200 OK
	START
	200 OK
	STOP
	220 VALID DATA (Data to follow)
	QUIT
	200 OK (Goodbye)
	EOF
	test_cmp expect summaries &&
	# the 220 carries its data, as many bytes as the controller read
	xmllint --xpath "string(//message[@type=\"220\"]/data/@len)" lg.dxml >len &&
	test "$(cat len)" = "$(cat data.len)" &&
	xmllint --xpath "string(//message[@type=\"220\"]/content-length)" lg.dxml >cl &&
	test "$(cat cl)" = "$(cat data.len)" &&
	test "$(xmllint --xpath "string(//message[@type=\"220\"]/data)" lg.dxml)" = \
		"$(head -c 64 data | od -An -v -tx1 | tr -d " \n")"
'

test_done
