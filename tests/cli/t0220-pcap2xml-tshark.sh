#!/bin/sh
test_description='pcap2xml: every field it writes equals tshark -T pdml on the same capture'
. "$(dirname "$0")/test-lib.sh"

data=$SONDE_TOP/tests/data/pcap2xml
fields() { python3 "$data/pdmlfields.py" "$@"; }

# compare PCAP: for each field name pcap2xml writes, the (packet, name,
# show, pos, size) tuples, in order, equal tshark's.
compare() {
	pcap2xml -r "$1" >mine.pdml &&
	xmllint --noout mine.pdml &&
	tshark -T pdml -r "$1" >theirs.pdml 2>/dev/null &&
	fields -n mine.pdml >names &&
	fields mine.pdml names >mine.fields &&
	fields theirs.pdml names >theirs.fields &&
	test_file_not_empty mine.fields &&
	test_cmp theirs.fields mine.fields
}

test_expect_success TSHARK 'TCP conversations, UDP both ways, ARP, another ethertype' '
	python3 "$data/mkpcap.py" >mixed.pcap &&
	compare mixed.pcap &&
	for f in tcp.seq tcp.ack tcp.stream udp.stream tcp.flags.str eth.padding arp.opcode data.data; do
		grep -q "	$f	" mine.fields || { echo "no $f compared" >&4; return 1; }
	done
'

for s in 20 40 60; do
	test_expect_success TSHARK "the same capture cut at $s bytes per packet" '
		python3 "$data/mkpcap.py" -s '$s' >cut.pcap &&
		compare cut.pcap
	'
done

test_expect_success TSHARK 'big-endian microsecond file' '
	python3 "$data/mkpcap.py" -e big -p us >be.pcap &&
	compare be.pcap
'

test_expect_success ROOT,NETNS,TCPDUMP,TSHARK 'real traffic captured on lo in a namespace' '
	ns=sonde-t0220-$$ &&
	ip netns add $ns && test_atexit "ip netns del $ns" &&
	ip -n $ns link set lo up &&
	ip -n $ns addr add 198.18.0.1/32 dev lo &&
	{ ip netns exec $ns timeout 20 tcpdump -i lo -n -U -w real.pcap \
		"host 198.18.0.1" 2>tcpdump.err & } &&
	dump=$! && test_atexit "kill $dump 2>/dev/null" &&
	i=0 && until grep -q "listening on" tcpdump.err; do
		i=$((i + 1)) && test $i -lt 200 || return 1; sleep 0.05
	done &&
	# A TCP exchange with data both ways and FINs, then one UDP datagram
	# (to a bound socket, so no ICMP) that marks the end.
	ip netns exec $ns python3 -c "
import socket
srv = socket.socket(); srv.bind((\"198.18.0.1\", 7100)); srv.listen(1)
cli = socket.create_connection((\"198.18.0.1\", 7100))
con, _ = srv.accept()
cli.sendall(b\"request\"); con.recv(100); con.sendall(b\"response <&>\"); cli.recv(100)
cli.close(); con.recv(100); con.close(); srv.close()
r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); r.bind((\"198.18.0.1\", 7101))
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.sendto(b\"datagram\", (\"198.18.0.1\", 7101))
r.recv(100)
" &&
	i=0 && until tcpdump -r real.pcap -n udp 2>/dev/null | grep -q .; do
		i=$((i + 1)) && test $i -lt 200 || return 1; sleep 0.05
	done &&
	kill $dump && { wait $dump; true; } &&
	compare real.pcap &&
	grep -q "	tcp.payload	" mine.fields &&
	grep -q "	udp.payload	" mine.fields
'

test_done
