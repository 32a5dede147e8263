#!/bin/sh
test_description='pcap2xml: pcap in every byte order and precision to well-formed PDML'
. "$(dirname "$0")/test-lib.sh"

data=$SONDE_TOP/tests/data/pcap2xml
mkpcap() { python3 "$data/mkpcap.py" "$@"; }
# The document without its capture_file attribute, which names the input.
body() { sed 's/ capture_file="[^"]*"//' "$1"; }

test_expect_success 'setup: the same packets as four pcap variants' '
	mkpcap -e little -p ns >le-ns.pcap &&
	mkpcap -e big -p ns >be-ns.pcap &&
	mkpcap -e little -p us >le-us.pcap &&
	mkpcap -e big -p us >be-us.pcap &&
	test_file_not_empty le-ns.pcap
'

test_expect_success 'native nanosecond pcap converts to well-formed PDML' '
	pcap2xml -r le-ns.pcap >le-ns.pdml &&
	xmllint --noout le-ns.pdml &&
	test $(grep -c "^<packet>" le-ns.pdml) = 16 &&
	head -n 2 le-ns.pdml >head &&
	printf "%s\n" "<?xml version=\"1.0\" encoding=\"utf-8\"?>" \
		"<pdml version=\"0\" creator=\"sonde/pcap2xml\" capture_file=\"le-ns.pcap\">" >expect &&
	test_cmp expect head &&
	tail -n 1 le-ns.pdml >tail && echo "</pdml>" >expect && test_cmp expect tail
'

test_expect_success 'output matches the golden file' '
	body le-ns.pdml >actual &&
	test_cmp "$data/mixed.pdml" actual
'

for v in be-ns le-us be-us; do
	test_expect_success "$v pcap reads the same as native nanoseconds" '
		pcap2xml -r $v.pcap >$v.pdml &&
		body $v.pdml >$v.body && body le-ns.pdml >le-ns.body &&
		test_cmp le-ns.body $v.body
	'
done

test_expect_success 'reads standard input by default and with -r -' '
	pcap2xml <be-us.pcap >stdin.pdml &&
	test_grep -v capture_file stdin.pdml &&
	body le-ns.pdml >expect && test_cmp expect stdin.pdml &&
	cat le-ns.pcap | pcap2xml -r - >dash.pdml &&
	test_cmp expect dash.pdml
'

test_expect_success 'the fields carry the values of the packets' '
	grep -c "name=\"tcp.stream\".*show=\"1\"" le-ns.pdml >n && echo 2 >expect && test_cmp expect n &&
	test_grep "name=\"tcp.flags\" showname=\"Flags: 0x018 (PSH, ACK)\" size=\"2\" pos=\"46\" show=\"0x0018\"" le-ns.pdml &&
	test_grep "name=\"data.data\" showname=\"Data: 68656c6c6f2c20736572766572203c263e0a\"" le-ns.pdml &&
	test_grep "name=\"frame.time_epoch\" .* show=\"1700000000.124456000\"" le-ns.pdml &&
	test_grep "name=\"frame.protocols\" .* show=\"eth:ethertype:arp\"" le-ns.pdml &&
	test_grep "name=\"udp.stream\" .* show=\"0\"" le-ns.pdml
'

test_expect_success '-c stops after COUNT packets' '
	pcap2xml -c 3 -r le-ns.pcap >three.pdml &&
	xmllint --noout three.pdml &&
	test $(grep -c "^<packet>" three.pdml) = 3 &&
	test_grep -v "name=\"num\" pos=\"0\" show=\"4\"" three.pdml
'

test_expect_success '-w writes the file, the same as standard output' '
	pcap2xml -r le-ns.pcap -w out.pdml >stdout &&
	test ! -s stdout &&
	test_cmp le-ns.pdml out.pdml &&
	ls -a >files && test_grep -v "^\.out\.pdml\." files
'

test_expect_success '-w to something not a regular file (a FIFO, /dev/null) writes in place' '
	mkfifo out.fifo &&
	{ cat out.fifo >from-fifo & } &&
	pcap2xml -r le-ns.pcap -w out.fifo &&
	wait &&
	test -p out.fifo &&
	test_cmp le-ns.pdml from-fifo
'

test_expect_success 'a capture cut by the snapshot length is marked, never over-read' '
	mkpcap -s 40 >s40.pcap &&
	pcap2xml -r s40.pcap >s40.pdml &&
	xmllint --noout s40.pdml &&
	test_grep "<proto name=\"_ws.short\" showname=\"\[Packet size limited during capture: TCP truncated\]\"" s40.pdml &&
	test_grep "name=\"frame.cap_len\" .* show=\"40\"" s40.pdml
'

test_expect_success 'odd packets: fragments, options, bogus lengths, a runt frame' '
	mkpcap -k fragments >odd.pcap &&
	pcap2xml -r odd.pcap >odd.pdml &&
	xmllint --noout odd.pdml &&
	test_grep "<proto name=\"_ws.malformed\" showname=\"\[Malformed Packet: Ethernet\]\"" odd.pdml &&
	test_grep "show=\"Options: (4 bytes)\" size=\"4\" pos=\"34\"" odd.pdml &&
	test_grep "name=\"eth.padding\" .* size=\"15\" pos=\"45\"" odd.pdml
'

test_done
