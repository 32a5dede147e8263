#!/usr/bin/env bash
test_description='simplify: memory stays flat however many packets'
. "$(dirname "$0")/test-lib.sh"

# Peak RSS means little under the sanitizers (shadow memory, quarantine).
test_expect_success TSHARK 'set up: real PDML of 100 TCP segments' '
	python3 "$SONDE_TOP/tests/data/simplify/mkpcap.py" bulk bulk.pcap 100 &&
	tshark -T pdml -r bulk.pcap >bulk.pdml 2>/dev/null &&
	test "$(grep -c "^<packet>" bulk.pdml)" = 100
'

# pdml_times N: bulk.pdml with its packets repeated N times (100*N packets,
# about 15 kB each), streamed rather than stored.
pdml_times() {
	awk -v times="$1" '
	/^<packet>/ { inpacket = 1 }
	inpacket { body = body $0 "\n"; if ($0 ~ /^<\/packet>/) inpacket = 0; next }
	/^<\/pdml>/ { for (i = 0; i < times; i++) printf "%s", body }
	{ print }' bulk.pdml
}

# peak_kb N OUT: simplify on 100*N packets; prints its peak RSS in kB.
peak_kb() {
	pdml_times "$1" | /usr/bin/time -o rss.$1 -f %M simplify -w "$2" &&
	test "$(grep -c "^<packet " "$2")" = $(( $1 * 100 )) &&
	cat rss.$1
}

test_expect_success TSHARK,SANITIZED 'peak RSS for 2k and 20k packets: small and the same' '
	small=$(peak_kb 20 small.sxml) &&
	large=$(peak_kb 200 large.sxml) &&
	echo "peak RSS: 2000 packets ${small} kB, 20000 packets ${large} kB" >&3 &&
	test "$large" -lt 51200 &&
	test "$large" -lt $(( small + small / 4 + 2048 ))
'

test_done
