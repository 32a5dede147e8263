#!/usr/bin/env bash
test_description='simplify: tshark PDML of a known capture to the simplified schema'
. "$(dirname "$0")/test-lib.sh"

MKPCAP=$SONDE_TOP/tests/data/simplify/mkpcap.py

# xp FILE XPATH: the string value of an XPath expression.
xp() { xmllint --xpath "string($2)" "$1"; }

test_expect_success TSHARK 'set up: a capture with ARP, a TCP conversation and UDP' '
	python3 "$MKPCAP" mixed mixed.pcap &&
	tshark -T pdml -r mixed.pcap >mixed.pdml 2>/dev/null &&
	test_file_not_empty mixed.pdml
'

test_expect_success TSHARK 'simplifies every frame, with the -p parameters on <capture>' '
	simplify -r mixed.pdml -w mixed.sxml -p guest=master -p iface=eth0 &&
	xmllint --noout mixed.sxml &&
	test "$(xp mixed.sxml "count(/capture/packet)")" = 12 &&
	test "$(xp mixed.sxml /capture/@guest)" = master &&
	test "$(xp mixed.sxml /capture/@iface)" = eth0 &&
	test "$(xp mixed.sxml "/capture/packet[12]/@n")" = 12
'

test_expect_success TSHARK 'time is frame.time_epoch with its 9 decimals, len the frame length' '
	test "$(xp mixed.sxml "/capture/packet[1]/@time")" = 1700000000.123456789 &&
	test "$(xp mixed.sxml "/capture/packet[3]/@time")" = 1700000000.173456789 &&
	test "$(xp mixed.sxml "/capture/packet[6]/@len")" = 59 &&
	test "$(xp mixed.sxml "/capture/packet[7]/@len")" = 60
'

test_expect_success TSHARK 'TCP: endpoints, flags by name, payload length and bytes' '
	p="/capture/packet[@n=3]" &&
	test "$(xp mixed.sxml "$p/@proto")" = tcp &&
	test "$(xp mixed.sxml "$p/from/@addr")" = 198.18.0.1 &&
	test "$(xp mixed.sxml "$p/from/@port")" = 40000 &&
	test "$(xp mixed.sxml "$p/to/@addr")" = 198.18.0.2 &&
	test "$(xp mixed.sxml "$p/to/@port")" = 7000 &&
	test "$(xp mixed.sxml "$p/flags")" = SYN &&
	test "$(xp mixed.sxml "$p/payload/@len")" = 0 &&
	test "$(xp mixed.sxml "$p/payload")" = "" &&
	test "$(xp mixed.sxml "/capture/packet[@n=4]/flags")" = SYN,ACK &&
	test "$(xp mixed.sxml "/capture/packet[@n=8]/flags")" = FIN,ACK &&
	test "$(xp mixed.sxml "/capture/packet[@n=6]/flags")" = PSH,ACK &&
	test "$(xp mixed.sxml "/capture/packet[@n=6]/payload/@len")" = 5 &&
	test "$(xp mixed.sxml "/capture/packet[@n=6]/payload")" = 68656c6c6f &&
	test "$(xp mixed.sxml "/capture/packet[@n=7]/from/@port")" = 7000 &&
	test "$(xp mixed.sxml "/capture/packet[@n=7]/payload")" = 776f726c6421 &&
	test "$(xp mixed.sxml "/capture/packet[@n=7]/payload/@len")" = 6
'

test_expect_success TSHARK 'UDP: payload, no flags; an empty datagram has len 0' '
	test "$(xp mixed.sxml "/capture/packet[@n=11]/@proto")" = udp &&
	test "$(xp mixed.sxml "/capture/packet[@n=11]/from/@port")" = 40053 &&
	test "$(xp mixed.sxml "/capture/packet[@n=11]/to/@addr")" = 198.18.0.3 &&
	test "$(xp mixed.sxml "/capture/packet[@n=11]/payload")" = 010203 &&
	test "$(xp mixed.sxml "/capture/packet[@n=11]/payload/@len")" = 3 &&
	test "$(xp mixed.sxml "count(/capture/packet[@proto=\"udp\"]/flags)")" = 0 &&
	test "$(xp mixed.sxml "/capture/packet[@n=12]/payload/@len")" = 0
'

test_expect_success TSHARK 'conversations: one id per TCP stream / UDP stream, both directions' '
	xp mixed.sxml "count(/capture/packet[@conversation=\"tcp:0\"])" >tcp-count &&
	echo 8 >expect && test_cmp expect tcp-count &&
	test "$(xp mixed.sxml "count(/capture/packet[@conversation=\"udp:0\"])")" = 2
'

test_expect_success TSHARK 'ARP: proto arp, MAC addresses, no port, no payload' '
	p="/capture/packet[@n=2]" &&
	test "$(xp mixed.sxml "$p/@proto")" = arp &&
	test "$(xp mixed.sxml "$p/from/@addr")" = 02:00:00:00:00:02 &&
	test "$(xp mixed.sxml "$p/to/@addr")" = 02:00:00:00:00:01 &&
	test "$(xp mixed.sxml "count($p/from/@port | $p/payload)")" = 0 &&
	test "$(xp mixed.sxml "$p/@conversation")" = arp:02:00:00:00:00:01-02:00:00:00:00:02
'

test_expect_success TSHARK 'actors: every endpoint once, in order of appearance' '
	xmllint --xpath "/capture/actors/actor" mixed.sxml | sed "s|/>|/>\n|g" | grep . >actual &&
	cat >expect <<-\EOT &&
	<actor addr="02:00:00:00:00:01" proto="arp"/>
	<actor addr="ff:ff:ff:ff:ff:ff" proto="arp"/>
	<actor addr="02:00:00:00:00:02" proto="arp"/>
	<actor addr="198.18.0.1" port="40000" proto="tcp"/>
	<actor addr="198.18.0.2" port="7000" proto="tcp"/>
	<actor addr="198.18.0.1" port="40053" proto="udp"/>
	<actor addr="198.18.0.3" port="9000" proto="udp"/>
	EOT
	test_cmp expect actual
'

test_expect_success TSHARK 'reads standard input, writes standard output, same result' '
	simplify -p guest=master -p iface=eth0 <mixed.pdml >stdout.sxml &&
	test_cmp mixed.sxml stdout.sxml
'

test_expect_success TSHARK 'packet by packet gives what xsltproc gives on the whole file' '
	xsltproc --stringparam guest master --stringparam iface eth0 \
		"$SONDE_TOP/reports/xsl/simplify.xsl" mixed.pdml >whole.xml &&
	# (the same but for indentation)
	xmllint --xpath "/capture/packet" whole.xml | sed "s/^ *//" >expect &&
	xmllint --xpath "/capture/packet" mixed.sxml | sed "s/^ *//" >actual &&
	test_cmp expect actual
'

test_expect_success TSHARK 'two TCP conversations get two ids; empty capture has no packets' '
	python3 "$MKPCAP" two two.pcap &&
	tshark -T pdml -r two.pcap 2>/dev/null | simplify >two.sxml &&
	test "$(xp two.sxml "count(/capture/packet[@conversation=\"tcp:0\"])")" = 8 &&
	test "$(xp two.sxml "count(/capture/packet[@conversation=\"tcp:1\"])")" = 8 &&
	test "$(xp two.sxml "/capture/packet[@conversation=\"tcp:1\"][1]/from/@port")" = 41001 &&
	python3 "$MKPCAP" empty empty.pcap &&
	tshark -T pdml -r empty.pcap 2>/dev/null | simplify -p guest=g >empty.sxml &&
	test "$(xp empty.sxml "count(/capture/packet)")" = 0 &&
	test "$(xp empty.sxml "count(/capture/actors/actor)")" = 0 &&
	test "$(xp empty.sxml "count(/capture/actors)")" = 1
'

test_expect_success 'stylesheet from -x, SONDE_XSLDIR, and a clear error when missing' '
	mkdir xsl &&
	cat >xsl/simplify.xsl <<-\EOT &&
	<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
	<xsl:param name="tag"/>
	<xsl:template match="packet"><mine tag="{$tag}" n="{@n}"/></xsl:template>
	</xsl:stylesheet>
	EOT
	printf "<pdml><packet n=\"1\"/><packet n=\"2\"/></pdml>\n" >tiny.pdml &&
	simplify -x xsl/simplify.xsl -p tag=t -r tiny.pdml >x.out &&
	test "$(xp x.out "count(/capture/mine[@tag=\"t\"])")" = 2 &&
	SONDE_XSLDIR=$PWD/xsl simplify -p tag=t -r tiny.pdml >env.out &&
	test_cmp x.out env.out &&
	test_expect_code 1 env SONDE_XSLDIR=$PWD/nowhere simplify -r tiny.pdml >/dev/null 2>err &&
	test_grep "nowhere/simplify.xsl" err
'

test_done
