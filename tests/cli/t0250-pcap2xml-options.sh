#!/bin/sh
test_description='pcap2xml: packet ranges (-R), no payload bytes (-s), one line per packet (-l)'
. "$(dirname "$0")/test-lib.sh"

data=$SONDE_TOP/tests/data/pcap2xml
fields() { python3 "$data/pdmlfields.py" "$@"; }

test_expect_success 'setup' '
	python3 "$data/mkpcap.py" >mixed.pcap &&
	pcap2xml -r mixed.pcap >all.pdml &&
	test $(grep -c "^<packet>" all.pdml) = 16
'

# numbers PDML: the packet numbers it holds, one a line.
numbers() { grep -o "<field name=\"num\" pos=\"0\" show=\"[0-9]*\"" "$1" | grep -o "[0-9]*\"$" | tr -d \"; }

test_expect_success '-R FIRST-LAST, FIRST-, N' '
	pcap2xml -R 3-5 -r mixed.pcap >r.pdml && xmllint --noout r.pdml &&
	numbers r.pdml >got && printf "3\n4\n5\n" >expect && test_cmp expect got &&
	pcap2xml -R 14- -r mixed.pcap >r.pdml &&
	numbers r.pdml >got && printf "14\n15\n16\n" >expect && test_cmp expect got &&
	pcap2xml -R 2 -r mixed.pcap >r.pdml &&
	numbers r.pdml >got && echo 2 >expect && test_cmp expect got &&
	pcap2xml -R 20- -r mixed.pcap >r.pdml && xmllint --noout r.pdml &&
	test $(grep -c "^<packet>" r.pdml) = 0
'

test_expect_success '-R with -c: COUNT packets from FIRST' '
	pcap2xml -R 3-10 -c 2 -r mixed.pcap >r.pdml &&
	numbers r.pdml >got && printf "3\n4\n" >expect && test_cmp expect got
'

test_expect_success 'a range keeps the numbering of the whole capture (streams, relative sequence numbers)' '
	pcap2xml -R 9-16 -r mixed.pcap >r.pdml &&
	fields r.pdml | grep -v "frame.time_delta_displayed" >got &&
	fields all.pdml | awk -F"	" "\$1 >= 9" | grep -v "frame.time_delta_displayed" |
		awk -F"	" -v OFS="	" "{ \$1 = \$1 - 8; print }" >expect &&
	test_cmp expect got
'

. "$TEST_DIRECTORY/helpers/pcap2xml-ranges.sh"

test_expect_success 'packets left out of a range leave the state written ones leave, whatever the range' '
	python3 "$data/mkpcap.py" -k more >more.pcap &&
	python3 "$data/mkpcap.py" -k fragments >fragments.pcap &&
	python3 "$data/mkpcap.py" -k more -s 60 >more-s60.pcap &&
	for f in mixed.pcap more.pcap fragments.pcap more-s60.pcap \
		"$SONDE_TOP"/tests/fuzz/corpus/fuzz_pcap2xml_file/seed-silent-*.pcap; do
		ranges_match $f K- || return 1
	done
'

test_expect_success TSHARK 'a range is what tshark shows with the same display filter' '
	pcap2xml -R 6-12 -r mixed.pcap >r.pdml &&
	tshark -T pdml -r mixed.pcap -Y "frame.number >= 6 && frame.number <= 12" >t.pdml 2>/dev/null &&
	fields -n r.pdml >names &&
	fields r.pdml names >mine && fields t.pdml names >theirs &&
	test_cmp theirs mine
'

test_expect_success '-s leaves the payload bytes out and nothing else' '
	pcap2xml -s -r mixed.pcap >s.pdml && xmllint --noout s.pdml &&
	test_grep -v "tcp.payload\|udp.payload\|data.data" s.pdml &&
	test_grep "name=\"data.len\"" s.pdml &&
	fields all.pdml | grep -v "	tcp.payload	\|	udp.payload	\|	data.data	" >expect &&
	fields s.pdml >got &&
	test_cmp expect got &&
	test $(wc -c <s.pdml) -lt $(wc -c <all.pdml)
'

test_expect_success '-l writes one line per packet, tshark-like' '
	pcap2xml -l -r mixed.pcap >lines &&
	test $(wc -l <lines) = 16 &&
	head -n 1 lines >first &&
	echo "    1 0.000000000 198.18.0.1 → 198.18.0.2 TCP 74 41000 → 7001 [SYN] Seq=0 Win=64240 Len=0" >expect &&
	test_cmp expect first &&
	test_grep "^    8 .* ARP 60 Who has 198.18.0.2? Tell 198.18.0.1$" lines &&
	test_grep "^    7 .* UDP 46 7002 → 42000 Len=4$" lines &&
	test_grep "^   16 .* TCP 54 7001 → 41001 \[RST, ACK, URG\] Seq=1 Ack=1 Win=64240 Len=0$" lines &&
	pcap2xml -l -R 2-3 -r mixed.pcap >two && test $(wc -l <two) = 2 &&
	test_grep "^    2 0.251037000 " two
'

test_expect_success TSHARK '-l: the same packets, times and lengths as tshark'"'"'s lines' '
	pcap2xml -l -r mixed.pcap | awk "{ print \$1, \$2, \$7 }" >mine &&
	tshark -r mixed.pcap 2>/dev/null | awk "{ print \$1, \$2, \$7 }" >theirs &&
	test_cmp theirs mine
'

test_done
