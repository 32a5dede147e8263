#!/usr/bin/env bash
test_description='decode: memory stays flat with the number of packets and streams'
. "$(dirname "$0")/test-lib.sh"

prereq_code[GNUTIME]='test -x /usr/bin/time || { echo "/usr/bin/time is not installed"; false; }'

# capture N: N TCP conversations to jobmgr's port, each a SYN, a HEARTBEAT
# record cut in two segments and a FIN; half of them never end (no FIN),
# so the streams followed at once reach their bound.
capture() {
	awk -v n="$1" 'BEGIN {
		print "<capture guest=\"m\" iface=\"eth0\">"
		hb = "8000001000000001000000030000000700000002"
		for (c = 1; c <= n; c++) {
			p(c, 0, "SYN", "")
			p(c, 1, "PSH,ACK", substr(hb, 1, 12))
			p(c, 7, "PSH,ACK", substr(hb, 13))
			if (c % 2) p(c, 21, "FIN,ACK", "")
		}
		print "<actors/>\n</capture>"
	}
	function p(c, seq, flags, hex) {
		k++
		printf "<packet n=\"%d\" time=\"1.%09d\" proto=\"tcp\" conversation=\"tcp:%d\" len=\"66\" seq=\"%d\">\n", k, k, c, seq
		printf "  <from addr=\"198.18.0.2\" port=\"%d\"/>\n  <to addr=\"198.18.0.1\" port=\"2711\"/>\n", 10000 + c % 50000
		printf "  <flags>%s</flags>\n  <payload len=\"%d\">%s</payload>\n</packet>\n", flags, length(hex) / 2, hex
	}' >"c$1.sxml"
}
# rss N: decode's peak RSS (KiB) over the capture of N conversations.
rss() {
	/usr/bin/time -f %M -o "rss$1" decode -v -t "$SONDE_TOP/tools/jobmgr/jobmgr.x" -r "c$1.sxml" -w "c$1.dxml" 2>"err$1" &&
	test_grep "^decode: $(($1 * 3 + ($1 + 1) / 2)) packets, $1 messages (0 malformed), 0 stream problems$" "err$1" &&
	cat "rss$1"
}

# Peak RSS means little under the sanitizers (shadow memory, quarantine).
test_expect_success GNUTIME,SANITIZED 'twenty times the packets, about the same memory' '
	capture 2000 && capture 40000 &&
	small=$(rss 2000) && large=$(rss 40000) &&
	echo "peak RSS: $small KiB for 7000 packets, $large KiB for 140000" &&
	test "$(grep -c "type=\"HEARTBEAT\"" c40000.dxml)" = 40000 &&
	test $large -le $((small * 3 / 2 + 2048))
'

test_done
