#!/bin/sh
test_description='pcap2xml: damaged input is reported with the file and offset; what came before is kept, well-formed'
. "$(dirname "$0")/test-lib.sh"

data=$SONDE_TOP/tests/data/pcap2xml
# pcapng FILE PYTHON-EXPRESSION: writes the bytes the expression makes
# with tests/lib/pcapgen.py's builders (frame: one Ethernet/IPv4/UDP frame).
pcapng() {
	python3 - "$SONDE_TOP/tests/lib" "$2" >"$1" <<-\EOF
	import sys
	sys.path.insert(0, sys.argv[1])
	from pcapgen import *
	frame = eth("02:00:00:00:00:02", "02:00:00:00:00:01", 0x0800,
	            ipv4("198.18.0.1", "198.18.0.2", 17, udp("198.18.0.1", "198.18.0.2", 1, 2, b"x")))
	t = 1700000000 * 10**9
	sys.stdout.buffer.write(eval(sys.argv[2]))
	EOF
}

test_expect_success 'setup' '
	python3 "$data/mkpcap.py" >good.pcap &&
	size=$(wc -c <good.pcap) &&
	test "$size" -gt 200
'

# damaged NAME PACKETS MESSAGE: pcap2xml -r NAME exits 1 with
# "pcap2xml: NAME: MESSAGE" after writing well-formed PDML that holds the
# PACKETS packets before the damage.
damaged() {
	test_expect_code 1 pcap2xml -r "$1" >out.pdml 2>err &&
	echo "pcap2xml: $1: $3" >expect &&
	test_cmp expect err &&
	xmllint --noout out.pdml &&
	grep -c "^<packet>" out.pdml >count || : &&
	echo "$2" >expect && test_cmp expect count
}

# unreadable NAME MESSAGE: nothing can be converted: exit 1 with the
# message, nothing on standard output, no -w file nor temporary.
unreadable() {
	test_expect_code 1 pcap2xml -r "$1" >out 2>err &&
	echo "pcap2xml: $1: $2" >expect &&
	test_cmp expect err &&
	test ! -s out &&
	test_expect_code 1 pcap2xml -r "$1" -w unread.pdml 2>err &&
	test ! -e unread.pdml &&
	ls -a >files && ! grep -q "^\.unread\.pdml" files
}

test_expect_success 'a record cut in its data' '
	head -c 100 good.pcap >cut-data.pcap &&
	damaged cut-data.pcap 0 "truncated packet record at offset 24"
'

test_expect_success 'a record cut in its header, after a whole packet' '
	# first record: 16 + 74 bytes at offset 24; the second starts at 114
	head -c 120 good.pcap >cut-header.pcap &&
	damaged cut-header.pcap 1 "truncated packet record at offset 114"
'

test_expect_success 'an absurd captured length' '
	python3 -c "
import sys
b = bytearray(open(\"good.pcap\", \"rb\").read())
b[114 + 8:114 + 12] = (0x7fffffff).to_bytes(4, \"little\")
sys.stdout.buffer.write(b)" >huge.pcap &&
	damaged huge.pcap 1 "packet record at offset 114: captured length 2147483647 exceeds 262144"
'

test_expect_success 'a truncated file header' '
	head -c 10 good.pcap >short.pcap &&
	unreadable short.pcap "truncated file header at offset 10"
'

test_expect_success 'an empty file' '
	: >empty.pcap &&
	unreadable empty.pcap "truncated file header at offset 0"
'

test_expect_success 'garbage' '
	printf "this is not a capture file at all, it is text\n" >garbage.pcap &&
	unreadable garbage.pcap "not a pcap or pcapng file (magic 0x73696874 at offset 0)"
'

test_expect_success 'an unknown link type' '
	python3 -c "
import sys
b = bytearray(open(\"good.pcap\", \"rb\").read())
b[20:24] = (147).to_bytes(4, \"little\")
sys.stdout.buffer.write(b)" >dlt147.pcap &&
	unreadable dlt147.pcap "link-layer type 147 at offset 20 is not supported"
'

# pcapng: the section header is 28 bytes, an interface description
# without options 20, so the first packet block starts at 48.  A link
# type is reported at the offset of its field.
test_expect_success 'pcapng: a block length that is not a multiple of 4' '
	pcapng bad-len.pcapng "pcapng_shb() + pcapng_idb() + pcapng_epb(0, t, frame)[:4] + (30).to_bytes(4, \"little\") + bytes(30)" &&
	damaged bad-len.pcapng 0 "block at offset 48: bad block length 30"
'

test_expect_success 'pcapng: trailing length differs from the leading one' '
	pcapng trailer.pcapng "pcapng_shb() + pcapng_idb() + pcapng_epb(0, t, frame) + pcapng_epb(0, t, frame)[:-4] + (8).to_bytes(4, \"little\")" &&
	damaged trailer.pcapng 1 "block at offset 124: trailing length 8 differs from block length 76"
'

test_expect_success 'pcapng: a block cut short' '
	pcapng cut.pcapng "pcapng_shb() + pcapng_idb() + pcapng_epb(0, t, frame) + pcapng_epb(0, t, frame)[:40]" &&
	damaged cut.pcapng 1 "truncated block at offset 124"
'

test_expect_success 'pcapng: a packet on an interface never described' '
	pcapng noif.pcapng "pcapng_shb() + pcapng_idb() + pcapng_epb(1, t, frame)" &&
	damaged noif.pcapng 0 "enhanced packet block at offset 48: interface 1 is not described"
'

test_expect_success 'pcapng: an unknown link type' '
	pcapng lt.pcapng "pcapng_shb() + pcapng_idb(1) + pcapng_epb(0, t, frame) + pcapng_idb(147)" &&
	damaged lt.pcapng 1 "link-layer type 147 at offset 132 is not supported"
'

test_expect_success 'pcapng: a captured length beyond its block' '
	pcapng caplen.pcapng "pcapng_shb() + pcapng_idb() + pcapng_block(6, struct.pack(\"<IIIII\", 0, 0, 0, 200, 200) + frame)" &&
	damaged caplen.pcapng 0 "enhanced packet block at offset 48: captured length 200 exceeds the block"
'

test_expect_success 'pcapng: a bad byte-order magic' '
	pcapng bom.pcapng "pcapng_shb()[:8] + bytes(20)" &&
	unreadable bom.pcapng "section header block at offset 0: bad byte-order magic 0x00000000"
'

test_expect_success '-w: the packets before the damage, well-formed, under the name' '
	test_expect_code 1 pcap2xml -r cut-header.pcap -w out.pdml 2>err &&
	xmllint --noout out.pdml &&
	test $(grep -c "^<packet>" out.pdml) = 1 &&
	pcap2xml -r cut-header.pcap 2>/dev/null >stdout.pdml; test $? = 1 &&
	test_cmp stdout.pdml out.pdml &&
	ls -a >files && ! grep -q "^\.out\.pdml" files
'

test_expect_success 'an existing -w file is left as it was when nothing can be read' '
	echo precious >keep.pdml &&
	test_expect_code 1 pcap2xml -r short.pcap -w keep.pdml 2>err &&
	echo precious >expect && test_cmp expect keep.pdml
'

test_expect_success 'standard input is named in the message' '
	test_expect_code 1 pcap2xml <cut-data.pcap >out 2>err &&
	echo "pcap2xml: standard input: truncated packet record at offset 24" >expect &&
	test_cmp expect err
'

test_expect_success 'a missing input file' '
	test_expect_code 1 pcap2xml -r nonexistent.pcap -w out2.pdml 2>err &&
	test_grep "^pcap2xml: nonexistent.pcap: No such file or directory" err &&
	test ! -e out2.pdml
'

test_expect_success 'usage errors exit 2' '
	test_expect_code 2 pcap2xml -c 0 <good.pcap 2>err &&
	test_grep "^pcap2xml: -c: " err &&
	test_expect_code 2 pcap2xml -c x <good.pcap 2>err &&
	test_expect_code 2 pcap2xml extra <good.pcap 2>err &&
	test_expect_code 2 pcap2xml -r 2>err &&
	test_grep "needs an argument" err &&
	for r in 0 -3 5-2 x 1-x 1-2-3; do
		test_expect_code 2 pcap2xml -R "$r" <good.pcap 2>err || return 1
	done
'

test_done
