#!/bin/sh
test_description='pcap2xml: bad input fails with the offset and leaves no output file'
. "$(dirname "$0")/test-lib.sh"

data=$SONDE_TOP/tests/data/pcap2xml

test_expect_success 'setup' '
	python3 "$data/mkpcap.py" >good.pcap &&
	size=$(wc -c <good.pcap) &&
	test "$size" -gt 200
'

# expect_failure NAME MESSAGE: pcap2xml -r NAME -w out.pdml fails with
# "pcap2xml: NAME: MESSAGE" and leaves no out.pdml nor a temporary.
expect_failure() {
	test_expect_code 1 pcap2xml -r "$1" -w out.pdml 2>err &&
	echo "pcap2xml: $1: $2" >expect &&
	test_cmp expect err &&
	test ! -e out.pdml &&
	ls -a >files && ! grep -q "^\.out\.pdml" files
}

test_expect_success 'a record cut in its data' '
	head -c 100 good.pcap >cut-data.pcap &&
	expect_failure cut-data.pcap "truncated packet record at offset 24"
'

test_expect_success 'a record cut in its header, after whole packets' '
	# first record: 16 + 74 bytes at offset 24; the second starts at 114
	head -c 120 good.pcap >cut-header.pcap &&
	expect_failure cut-header.pcap "truncated packet record at offset 114"
'

test_expect_success 'a truncated file header' '
	head -c 10 good.pcap >short.pcap &&
	expect_failure short.pcap "truncated file header at offset 10"
'

test_expect_success 'an empty file' '
	: >empty.pcap &&
	expect_failure empty.pcap "truncated file header at offset 0"
'

test_expect_success 'garbage' '
	printf "this is not a capture file at all, it is text\n" >garbage.pcap &&
	expect_failure garbage.pcap "not a pcap file (magic 0x73696874 at offset 0)"
'

test_expect_success 'an absurd captured length' '
	python3 -c "
import sys
b = bytearray(open(\"good.pcap\", \"rb\").read())
b[24 + 8:24 + 12] = (0x7fffffff).to_bytes(4, \"little\")
sys.stdout.buffer.write(b)" >huge.pcap &&
	expect_failure huge.pcap "packet record at offset 24: captured length 2147483647 exceeds 262144"
'

test_expect_success 'an existing -w file is left as it was on failure' '
	echo precious >keep.pdml &&
	test_expect_code 1 pcap2xml -r cut-data.pcap -w keep.pdml 2>err &&
	echo precious >expect && test_cmp expect keep.pdml
'

test_expect_success 'standard input is named in the message' '
	test_expect_code 1 pcap2xml <cut-data.pcap >out 2>err &&
	echo "pcap2xml: standard input: truncated packet record at offset 24" >expect &&
	test_cmp expect err
'

test_expect_success 'a missing input file' '
	test_expect_code 1 pcap2xml -r nonexistent.pcap -w out.pdml 2>err &&
	test_grep "^pcap2xml: nonexistent.pcap: No such file or directory" err &&
	test ! -e out.pdml
'

test_expect_success 'usage errors exit 2' '
	test_expect_code 2 pcap2xml -c 0 <good.pcap 2>err &&
	test_grep "^pcap2xml: -c: " err &&
	test_expect_code 2 pcap2xml -c x <good.pcap 2>err &&
	test_expect_code 2 pcap2xml extra <good.pcap 2>err &&
	test_expect_code 2 pcap2xml -r 2>err &&
	test_grep "needs an argument" err
'

test_done
