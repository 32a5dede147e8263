# For the decode tests: simplified packets written by hand, and real
# exchanges captured on a namespace's lo and decoded.

# packet N PROTO CONV FROM-PORT TO-PORT SEQ FLAGS HEX: one simplified
# packet from 198.18.0.1 to 198.18.0.2 (SEQ and FLAGS empty for UDP).
packet() {
	printf '<packet n="%s" time="1.%09d" proto="%s" conversation="%s" len="99"%s>\n' "$1" "$1" "$2" "$3" \
		"${6:+ seq=\"$6\"}"
	printf '  <from addr="198.18.0.1" port="%s"/>\n  <to addr="198.18.0.2" port="%s"/>\n' "$4" "$5"
	test -z "$7" || printf '  <flags>%s</flags>\n' "$7"
	printf '  <payload len="%s">%s</payload>\n</packet>\n' $((${#8} / 2)) "$8"
}

# capture_lo NS PORT PCAP: pcapture on NS's lo, TCP port PORT, into PCAP,
# in the background (its pid in cap.pid), returning once it is ready.
capture_lo() {
	pcapture -q -n "$1" -i lo -f "tcp port $2" -w "$3" -R cap.ready 2>cap.err &
	echo $! >cap.pid
	test_wait_for_file cap.ready 5
}

# capture_stop: ends capture_lo's capture, once what is in flight is in.
capture_stop() {
	sleep 0.2 && kill -INT "$(cat cap.pid)" && wait "$(cat cap.pid)"
}

# decode_pcap PCAP DXML DECODE-ARGS...: pcap2xml | simplify | decode -v
# into DXML (the counts in DXML.stats); every message decodes and no
# stream has a problem.
decode_pcap() {
	pcap=$1 dxml=$2
	shift 2
	pcap2xml -r "$pcap" | simplify | decode -v "$@" -w "$dxml" 2>"$dxml.stats" &&
	test_grep "(0 malformed), 0 stream problems" "$dxml.stats"
}

# summaries DXML: each decoded message's summary, in order, one a line.
summaries() {
	xmllint --xpath "//message/@summary" "$1" | sed 's/^ *summary="//; s/"$//'
}
