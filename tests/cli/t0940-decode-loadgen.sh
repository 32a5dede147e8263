#!/usr/bin/env bash
test_description='decode: loadgen'"'"'s control protocol (ipbench lines), captured from a real daemon'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/helpers/decode.sh"

ns=sonde-t0940-$$
port=8036
# daemon: loadgen's daemon in the namespace, in the background (its pid
# in daemon.pid).
daemon() {
	ip netns exec $ns loadgen daemon -p $port >daemon.log 2>&1 &
	echo $! >daemon.pid
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
	capture_lo $ns $port lg.pcap && daemon &&
	for i in $(seq 100); do ip netns exec $ns ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.05; done &&
	ip netns exec $ns timeout 20 bash session.sh $port >replies &&
	test_grep "^200 OK (Goodbye)" replies &&
	capture_stop &&
	{ kill $(cat daemon.pid) && wait $(cat daemon.pid); true; } &&
	decode_pcap lg.pcap lg.dxml -t loadgen &&
	summaries lg.dxml >summaries &&
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
