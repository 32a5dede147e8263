#!/usr/bin/env bash
test_description='pcapture: capture on a veth between two network namespaces'
. "$(dirname "$0")/test-lib.sh"

test_have_prereq ROOT,NETNS,TCPDUMP || skip_all "$missing_prereq"

A=sonde-t0120a-$$ B=sonde-t0120b-$$
pid=
test_atexit 'test -z "$pid" || kill -9 $pid 2>/dev/null; ip netns del $A 2>/dev/null; ip netns del $B 2>/dev/null'

# send_udp PORT COUNT: datagrams from B to A's address.
send_udp() {
	ip netns exec "$B" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(int(sys.argv[2])):
    s.sendto(b"%08d" % i, ("198.18.0.1", int(sys.argv[1])))
' "$@"
}

test_expect_success 'set up two namespaces joined by a veth' '
	ip netns add $A && ip netns add $B &&
	ip link add sonde-t0120x netns $A type veth peer name sonde-t0120y netns $B &&
	ip -n $A link set sonde-t0120x name eth0 && ip -n $B link set sonde-t0120y name eth0 &&
	ip -n $A addr add 198.18.0.1/24 dev eth0 && ip -n $B addr add 198.18.0.2/24 dev eth0 &&
	ip -n $A link set eth0 up && ip -n $B link set eth0 up &&
	ip -n $A link set lo up && ip -n $B link set lo up &&
	ip netns exec $B ping -c 1 -W 5 198.18.0.1 >/dev/null
'

test_expect_success 'captures the datagrams B sends to A, on A eth0' '
	{ pcapture -n $A -i eth0 -f "udp port 9" -R ready -S stats -w a.pcap 2>capture.err & } &&
	pid=$! &&
	test_wait_for_file ready 10 &&
	send_udp 9 5 &&
	send_udp 10 3 &&
	kill -INT $pid && wait $pid &&
	tcpdump -nn -r a.pcap >lines 2>/dev/null &&
	test $(wc -l <lines) = 5 &&
	test $(grep -c "198.18.0.2.[0-9]* > 198.18.0.1.9: UDP, length 8" lines) = 5 &&
	test_grep "listening on eth0, link-type EN10MB (Ethernet)" capture.err &&
	test "$(sed -n 2p stats | cut -f 1,2,3,4)" = "eth0	5	5	0"
'

test_expect_success 'a live capture knows the netmask ("ip broadcast"), -d does not' '
	test_expect_code 1 pcapture -d -f "ip broadcast" 2>err &&
	test_grep "^pcapture: filter .ip broadcast.: .*netmask" err &&
	pcapture -q -n $A -i eth0 -f "ip broadcast" -G 100ms -w bcast.pcap
'

test_done
