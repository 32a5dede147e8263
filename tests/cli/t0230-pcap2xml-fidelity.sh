#!/bin/sh
test_description='pcap2xml: real traffic between two namespaces and on lo, field by field against tshark'
. "$(dirname "$0")/test-lib.sh"

data=$SONDE_TOP/tests/data/pcap2xml
fields() { python3 "$data/pdmlfields.py" "$@"; }
prereq_code[NFT]='command -v nft >/dev/null || { echo "nft is not installed"; false; }'

# compare PCAP: for each field name pcap2xml writes, the (packet, name,
# show, pos, size) tuples, in order, equal tshark's.  Expert items are
# left out of the names (pcap2xml writes them only for malformed packets
# and bad checksums, tshark for much more); the items under them that
# name their cause (_ws.malformed.expert, *.checksum_bad.expert) stay.
compare() {
	pcap2xml -r "$1" >"$1.mine.pdml" &&
	xmllint --noout "$1.mine.pdml" &&
	tshark -T pdml -r "$1" >"$1.theirs.pdml" 2>/dev/null &&
	fields -n "$1.mine.pdml" | grep -v "^_ws\.expert" >"$1.names" &&
	fields "$1.mine.pdml" "$1.names" >"$1.mine" &&
	fields "$1.theirs.pdml" "$1.names" >"$1.theirs" &&
	test_file_not_empty "$1.mine" &&
	test_cmp "$1.theirs" "$1.mine"
}

# has PCAP FIELD...: pcap2xml wrote (and so compared) every FIELD.
has() {
	f=$1 && shift &&
	for name; do
		grep -q "	$name	" "$f.mine" || { echo "no $name in $f" >&4; return 1; }
	done
}

# listening LOG: tcpdump said it is capturing (bounded wait).
listening() {
	i=0 && until grep -q "listening on" "$1" 2>/dev/null; do
		i=$((i + 1)) && test $i -lt 200 || return 1; sleep 0.05
	done
}

# seen PCAP FILTER: a packet matching FILTER is in PCAP (bounded wait).
seen() {
	i=0 && until tcpdump -r "$1" -n "$2" 2>/dev/null | grep -q .; do
		i=$((i + 1)) && test $i -lt 200 || { echo "no '$2' in $1" >&4; return 1; }; sleep 0.05
	done
}

test_expect_success ROOT,NETNS,TCPDUMP,TSHARK,NFT 'capture real traffic' '
	a=sonde-t0230-$$-a && b=sonde-t0230-$$-b &&
	ip netns add $a && test_atexit "ip netns del $a" &&
	ip netns add $b && test_atexit "ip netns del $b" &&
	ip link add veth0 netns $a type veth peer name veth0 netns $b &&
	ip -n $a addr add 198.18.0.1/24 dev veth0 &&
	ip -n $b addr add 198.18.0.2/24 dev veth0 &&
	ip -n $a addr add 2001:db8::1/64 dev veth0 nodad &&
	ip -n $b addr add 2001:db8::2/64 dev veth0 nodad &&
	for n in $a $b; do ip -n $n link set lo up && ip -n $n link set veth0 up || return 1; done &&
	# The first data segment to port 7100 is dropped once: the client
	# retransmits it and the server SACKs the one that overtook it.
	ip netns exec $b nft -f - <<-EOF &&
	table inet t0230 {
		chain in {
			type filter hook input priority 0;
			tcp dport 7100 tcp flags & psh == psh limit rate 1/hour burst 1 packets drop
		}
	}
	EOF
	for cap in "$a veth0 veth" "$a lo lo" "$b any any"; do
		set -- $cap &&
		{ ip netns exec $1 timeout 30 tcpdump -i $2 -n -U --time-stamp-precision=nano \
			-w $3.pcap 2>$3.log & } &&
		test_atexit "kill $! 2>/dev/null" &&
		echo $! >$3.pid &&
		listening $3.log || return 1
	done &&
	{ ip netns exec $b timeout 20 python3 "$data/traffic.py" server ready & } &&
	test_wait_for_file ready &&
	ip netns exec $a timeout 20 python3 "$data/traffic.py" client &&
	ip netns exec $a ping -c 1 -W 5 198.18.0.2 >/dev/null &&
	ip netns exec $a ping -6 -c 1 -W 5 2001:db8::2 >/dev/null &&
	ip netns exec $a timeout 20 python3 "$data/traffic.py" loopback &&
	ip netns exec $a python3 "$data/traffic.py" tagged veth0 &&
	seen veth.pcap "vlan and vlan" && seen any.pcap "udp port 7102" &&
	seen lo.pcap "udp and not port 7100" &&
	for c in veth lo any; do kill $(cat $c.pid) || return 1; done &&
	wait
'

test_expect_success ROOT,NETNS,TCPDUMP,TSHARK,NFT 'between namespaces (Ethernet): every field as tshark' '
	compare veth.pcap &&
	has veth.pcap arp.opcode ip.src ipv6.src ipv6.nxt tcp.options.mss_val \
		tcp.options.wscale.shift tcp.options.sack_perm tcp.options.timestamp.tsval \
		tcp.options.sack_le tcp.seq tcp.ack tcp.stream udp.stream tcp.payload udp.payload \
		icmp.type icmp.ident icmp.checksum.status icmp.data_time icmpv6.type icmpv6.echo.identifier \
		icmpv6.nd.ns.target_address icmpv6.opt.linkaddr vlan.id vlan.etype \
		ieee8021ad.id data.data &&
	# the retransmission: the same sequence number twice in the stream
	awk -F"	" "\$2 == \"tcp.seq_raw\"" veth.pcap.mine | sort -k3 | uniq -f2 -d | grep -q .
'

test_expect_success ROOT,NETNS,TCPDUMP,TSHARK,NFT 'on lo: every field as tshark' '
	compare lo.pcap &&
	has lo.pcap tcp.options.mss_val tcp.payload udp.payload
'

test_expect_success ROOT,NETNS,TCPDUMP,TSHARK,NFT 'the "any" device (Linux cooked capture): every field as tshark' '
	compare any.pcap &&
	has any.pcap sll.pkttype sll.etype ip.src tcp.seq
'

test_expect_success ROOT,NETNS,TCPDUMP,TSHARK,NFT 'the same capture as pcapng: every field as tshark' '
	editcap -F pcapng veth.pcap veth.pcapng &&
	compare veth.pcapng &&
	has veth.pcapng frame.interface_id tcp.options.sack_le
'

. "$TEST_DIRECTORY/helpers/pcap2xml-ranges.sh"

test_expect_success ROOT,NETNS,TCPDUMP,TSHARK,NFT 'packets left out (-R) leave the state written ones leave' '
	for f in veth.pcap lo.pcap any.pcap; do
		ranges_match $f K- || return 1
	done
'

test_expect_success ROOT,NETNS,TCPDUMP,TSHARK,NFT 'Wireshark'"'"'s pdml2html.xsl renders the output' '
	xsl=/usr/share/wireshark/pdml2html.xsl &&
	test -f $xsl &&
	xsltproc $xsl veth.pcap.mine.pdml >veth.html &&
	packets=$(grep -c "<packet>" veth.pcap.mine.pdml) &&
	test "$packets" -gt 10 &&
	# one block per packet, titled "Frame N:", with its protocols listed
	grep -c "^<div width=\"100%\" id=\"f[0-9]*\">" veth.html >blocks &&
	echo "$packets" >expect && test_cmp expect blocks &&
	grep -q "^    Frame $packets:" veth.html &&
	grep -q "^    tcp," veth.html && grep -q "^    icmpv6," veth.html
'

test_done
