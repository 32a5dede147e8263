#!/bin/sh
test_description='pcap2xml: memoised element text is the text formatted afresh'
. "$(dirname "$0")/test-lib.sh"

# pcap2xml copies the text of header fields that are the same as in the
# packet before (memo.h) instead of formatting them.  A packet written
# alone (-R N: the packets before it are dissected without text, so
# nothing is memoised) must be byte for byte the packet written after
# its neighbours, whatever byte of theirs differs.

data=$SONDE_TOP/tests/data/pcap2xml

test_expect_success 'setup: packets that differ from their neighbours in one byte each' '
	python3 "$data/mkpcap.py" >mixed.pcap &&
	python3 - "$SONDE_TOP/tests/lib" mixed.pcap >memo.pcap <<-\EOF &&
	import sys
	sys.path.insert(0, sys.argv[1])
	from pcapgen import (eth, vlan, ipv4, udp, tcp, icmp, pcap_header,
	                     pcap_record, read_pcap)
	A, B = "198.18.0.1", "198.18.0.2"
	def frame(payload=b"x" * 18, sport=4000, options=b""):
	    return eth("02:00:00:00:00:02", "02:00:00:00:00:01", 0x0800,
	               ipv4(A, B, 17, udp(A, B, sport, 9999, payload), options=options))
	base = frame()
	recs = []
	def add(f, orig=None):
	    recs.append((f, orig))
	def add3(f, orig=None):
	    for _ in range(3):
	        add(f, orig)
	# A text is kept the second time in a row a site has the same key
	# and copied from the third: every byte in turn, three times.
	add3(base)
	for k in range(len(base)):
	    v = bytearray(base)
	    v[k] ^= 0x01 if k != 14 else 0x02
	    add3(bytes(v))
	    add(base)
	# The same headers at other offsets and depths: VLAN-tagged, and
	# quoted by an ICMP error (one level deeper).
	ip = base[14:]
	add3(eth("02:00:00:00:00:02", "02:00:00:00:00:01", 0x8100, vlan(5, 0x0800, ip)))
	add3(base)
	err = eth("02:00:00:00:00:01", "02:00:00:00:00:02", 0x0800,
	          ipv4(B, A, 1, icmp(3, 3, b"\0\0\0\0", ip)))
	add3(err)
	add3(base)
	# Payloads around the longest memoised one, and options.
	for n in (39, 40, 41, 40, 0, 1, 40):
	    add3(frame(bytes(range(n))))
	add3(frame(options=b"\x01\x01\x01\x00"))
	add3(base)
	# Cut by the snapshot length inside each header.
	for cut in (10, 14, 20, 30, 34, 38, 40, 42, 50):
	    add3(base[:cut], len(base))
	    add(base)
	# TCP payloads.
	for _ in range(2):
	    for p in (b"abc", b"abc", b"abc", b"abd"):
	        add(eth("02:00:00:00:00:02", "02:00:00:00:00:01", 0x0800,
	                ipv4(A, B, 6, tcp(A, B, 5000, 80, 1000, 0, 0x18, p))))
	# The test data of the other pcap2xml tests, twice.
	for _ in range(2):
	    for frame, length in read_pcap(open(sys.argv[2], "rb").read()):
	        add(frame, length)
	out = sys.stdout.buffer
	out.write(pcap_header())
	for i, (f, orig) in enumerate(recs):
	    out.write(pcap_record(1700000000 + i, 1000 * i, f, orig))
	EOF
	pcap2xml -r memo.pcap >all.pdml &&
	xmllint --noout all.pdml &&
	test $(grep -c "^<packet>" all.pdml) -gt 200
'

. "$TEST_DIRECTORY/helpers/pcap2xml-ranges.sh"

test_expect_success 'each packet alone: the same text as after its neighbours' '
	ranges_match memo.pcap K
'

test_expect_success 'the same without payload bytes (-s)' '
	ranges_match memo.pcap K -s
'

test_expect_success 'several threads: the same bytes as one' '
	pcap2xml -j 1 -r memo.pcap >one.pdml &&
	pcap2xml -j 3 -r memo.pcap >three.pdml &&
	cmp one.pdml three.pdml
'

test_done
