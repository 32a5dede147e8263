#!/bin/sh
test_description='pcap2xml: every field it writes equals tshark -T pdml on the same capture'
. "$(dirname "$0")/test-lib.sh"

data=$SONDE_TOP/tests/data/pcap2xml
fields() { python3 "$data/pdmlfields.py" "$@"; }

# compare PCAP: for each field name pcap2xml writes, the (packet, name,
# show, pos, size) tuples, in order, equal tshark's.  Expert items are
# left out of the names (pcap2xml writes them only for malformed packets
# and bad checksums, tshark for much more); the items under them that
# name their cause (_ws.malformed.expert, *.checksum_bad.expert) stay.
compare() {
	pcap2xml -r "$1" >mine.pdml &&
	xmllint --noout mine.pdml &&
	tshark -T pdml -r "$1" >theirs.pdml 2>/dev/null &&
	fields -n mine.pdml | grep -v "^_ws\.expert" >names &&
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

# cut inside IPv4 options, an ICMP header, IPv6 extension headers and
# options, an ICMPv6 echo, a TCP header over IPv6
for s in 38 57 64 68; do
	test_expect_success TSHARK "IPv6, ICMP, VLAN and options cut at $s bytes per packet" '
		python3 "$data/mkpcap.py" -k more -s '$s' >cut.pcap &&
		compare cut.pcap
	'
done

test_expect_success TSHARK 'big-endian microsecond file' '
	python3 "$data/mkpcap.py" -e big -p us >be.pcap &&
	compare be.pcap
'

test_expect_success TSHARK 'IPv6 and its extension headers, ICMP, ICMPv6, VLAN, QinQ, TCP and IP options' '
	python3 "$data/mkpcap.py" -k more >more.pcap &&
	compare more.pcap &&
	for f in ipv6.hopopts.len_oct ipv6.opt.router_alert ipv6.routing.type ipv6.fraghdr.more \
		ipv6.dstopts.nxt icmp.ident_le icmp.unused icmpv6.echo.sequence_number \
		icmpv6.checksum_bad.expert icmpv6.nd.na.flag.s icmpv6.opt.linkaddr vlan.priority \
		ieee8021ad.id tcp.options.sack_le tcp.options.wscale.multiplier \
		ip.options.record_route ip.empty_rt ip.opt.type.number; do
		grep -q "	$f	" mine.fields || { echo "no $f compared" >&4; return 1; }
	done &&
	# the UDP quoted by an ICMP error is dissected too
	grep "^14	udp.dstport	9	" mine.fields
'

# (the mixed kind has ARP and Ethernet padding: worth it where the link
# type can carry them)
for link in sll sll2 raw raw12 raw14 null loop; do
	test_expect_success TSHARK "link type $link" '
		case '$link' in sll*)
			python3 "$data/mkpcap.py" -l '$link' >'$link'-mixed.pcap &&
			compare '$link'-mixed.pcap || return 1;;
		esac &&
		python3 "$data/mkpcap.py" -l '$link' -k more >'$link'-more.pcap &&
		compare '$link'-more.pcap
	'
done

for v in "little ns" "big us"; do
	test_expect_success TSHARK "pcapng, $v" '
		set -- $v &&
		python3 "$data/mkpcap.py" -f pcapng -e $1 -p $2 -k more >ng.pcapng &&
		compare ng.pcapng &&
		grep -q "	frame.interface_id	" mine.fields
	'
done

test_expect_success TSHARK 'pcapng: interfaces of their own link types and units, skipped blocks, SPB, two sections' '
	python3 "$data/mkpcap.py" -f pcapng-multi >multi.pcapng &&
	compare multi.pcapng &&
	grep -q "	frame.interface_name	tun<&>0	" mine.fields &&
	grep -q "	frame.section_number	2	" mine.fields &&
	grep -q "	sll.pkttype	" mine.fields &&
	python3 "$data/mkpcap.py" -f pcapng-multi -k more >multi-more.pcapng &&
	compare multi-more.pcapng
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
