#!/usr/bin/env bash
test_description='report.xsl: the HTML page of two capture points, numbers checked against tcpdump'
. "$(dirname "$0")/test-lib.sh"

MKPCAP=$SONDE_TOP/tests/data/simplify/mkpcap.py
XSL=$SONDE_TOP/reports/xsl

# html_rows GUEST: the flow rows of GUEST's capture point in index.html
# as "A B packets bytes" lines, one per direction with packets, read with an
# XSLT of its own (not report.xsl's logic).
html_rows() {
	cat >rows.xsl <<-EOT
	<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
	<xsl:output method="text"/>
	<xsl:template match="/">
	  <xsl:for-each select="//div[@data-guest='$1']//table[@class='flows']//tr[@class='flow'][td[2]='tcp' or td[2]='udp']">
	    <xsl:if test="td[contains(@class,'ab-packets')] != 0">
	      <xsl:value-of select="concat(td[3], ' ', td[4], ' ', td[contains(@class,'ab-packets')], ' ', td[contains(@class,'ab-bytes')], '&#10;')"/>
	    </xsl:if>
	    <xsl:if test="td[contains(@class,'ba-packets')] != 0">
	      <xsl:value-of select="concat(td[4], ' ', td[3], ' ', td[contains(@class,'ba-packets')], ' ', td[contains(@class,'ba-bytes')], '&#10;')"/>
	    </xsl:if>
	  </xsl:for-each>
	</xsl:template>
	</xsl:stylesheet>
	EOT
	xsltproc --html rows.xsl index.html | sort
}

# tcpdump_rows PCAP: the same from tcpdump's own dissection: per direction
# (source, destination as ADDR:PORT) the frames and the sum of frame lengths.
tcpdump_rows() {
	tcpdump -t -nn -e -r "$1" "tcp or udp" 2>/dev/null | awk '
	# MAC > MAC, ethertype IPv4 (0x0800), length 54: A.PORT > B.PORT: ...
	match($0, /, length [0-9]+: /) {
		len = substr($0, RSTART + 9, RLENGTH - 11)
		split(substr($0, RSTART + RLENGTH), f, " ")
		src = f[1]; dst = f[3]; sub(/:$/, "", dst)
		sub(/\.[0-9]+$/, ":&", src); sub(/:\./, ":", src)
		sub(/\.[0-9]+$/, ":&", dst); sub(/:\./, ":", dst)
		key = src " " dst; n[key]++; bytes[key] += len
	}
	END { for (k in n) print k, n[k], bytes[k] }' | sort
}

test_expect_success TSHARK 'set up: two capture points, simplified, and their index' '
	mkdir -p run-1/master run-1/slave &&
	python3 "$MKPCAP" mixed master.pcap &&
	python3 "$MKPCAP" two slave.pcap &&
	tshark -T pdml -r master.pcap 2>/dev/null |
		simplify -p guest=master -p iface=eth0 -w run-1/master/eth0.sxml &&
	tshark -T pdml -r slave.pcap 2>/dev/null |
		simplify -p guest=slave -p iface=eth0 -w run-1/slave/eth0.sxml &&
	cat >index.xml <<-\EOT
	<report case="demo" generated-by="sonde">
	  <run n="1">
	    <capture guest="master" iface="eth0" href="run-1/master/eth0.sxml"/>
	    <capture guest="slave" iface="eth0" href="run-1/slave/eth0.sxml"/>
	  </run>
	  <plot href="throughput.svg" title="Throughput"/>
	</report>
	EOT
'

test_expect_success TSHARK 'renders one page that the HTML parser accepts without a word' '
	xsltproc --stringparam case demo "$XSL/report.xsl" index.xml >index.html &&
	xmllint --html --noout index.html 2>lint &&
	test ! -s lint
'

test_expect_success TSHARK 'self-contained: inline style, no script, nothing fetched' '
	test_grep "<style>" index.html &&
	test_grep ! "<script" index.html &&
	test_grep ! "<link" index.html &&
	test_grep ! "http://\|https://" index.html
'

test_expect_success TSHARK 'summary: case, runs, captures and packet counts' '
	x() { xmllint --html --xpath "string($1)" index.html; } &&
	test "$(x "//table[@class=\"summary\"]//td[@class=\"case\"]")" = demo &&
	test "$(x "//td[contains(@class,\"runs\")]")" = 1 &&
	test "$(x "//td[contains(@class,\"captures\")]")" = 2 &&
	total=$(( $(tcpdump -nn -r master.pcap 2>/dev/null | wc -l) + $(tcpdump -nn -r slave.pcap 2>/dev/null | wc -l) )) &&
	test "$(x "//table[@class=\"summary\"]//td[contains(@class,\"packets\")]")" = $total &&
	test "$(x "//table[@class=\"captures\"]//tr[@data-guest=\"master\"]/td[contains(@class,\"packets\")]")" = 12 &&
	test "$(x "//table[@class=\"captures\"]//tr[@data-guest=\"slave\"]/td[contains(@class,\"packets\")]")" = 17 &&
	test "$(x "//table[@class=\"captures\"]//tr[@data-guest=\"slave\"]/td[contains(@class,\"flows\")]")" = 3
'

test_expect_success TSHARK,TCPDUMP 'per-flow packets and bytes per direction equal tcpdump'"'"'s (master)' '
	tcpdump_rows master.pcap >expect &&
	test $(wc -l <expect) = 4 &&
	html_rows master >actual &&
	test_cmp expect actual
'

test_expect_success TSHARK,TCPDUMP 'per-flow packets and bytes per direction equal tcpdump'"'"'s (slave)' '
	tcpdump_rows slave.pcap >expect &&
	test $(wc -l <expect) = 5 &&
	html_rows slave >actual &&
	test_cmp expect actual
'

test_expect_success TSHARK 'first and last times of a direction, relative to the first packet' '
	row="//div[@data-guest=\"master\"]//tr[@data-conversation=\"tcp:0\"]" &&
	test "$(xmllint --html --xpath "string($row/td[contains(@class,\"ab-first\")])" index.html)" = 0.050000 &&
	test "$(xmllint --html --xpath "string($row/td[contains(@class,\"ab-last\")])" index.html)" = 0.225000 &&
	test "$(xmllint --html --xpath "string($row/td[contains(@class,\"ba-first\")])" index.html)" = 0.075000 &&
	test "$(xmllint --html --xpath "string($row/td[contains(@class,\"ba-last\")])" index.html)" = 0.200000
'

test_expect_success TSHARK 'sequence view: a row per packet, arrows between the right columns' '
	seq="//div[@data-guest=\"master\"]//table[@class=\"sequence\"]" &&
	test "$(xmllint --html --xpath "count($seq//tr[@class=\"message\"])" index.html)" = 12 &&
	# 7 endpoint columns (3 MAC, 4 address:port) plus time and number
	test "$(xmllint --html --xpath "count($seq//tr[1]/th)" index.html)" = 9 &&
	# the SYN goes right from 198.18.0.1:40000 (column 4) to 198.18.0.2:7000
	row="$seq//tr[@data-n=\"3\"]" &&
	test "$(xmllint --html --xpath "count($row/td[contains(@class,\"arrow\")]/preceding-sibling::td)" index.html)" = 5 &&
	xmllint --html --xpath "string($row/td[contains(@class,\"arrow\")])" index.html >label &&
	test_grep "SYN len=0" label &&
	test "$(xmllint --html --xpath "string($row/td[contains(@class,\"arrow\")]/@class)" index.html)" = "arrow right" &&
	test "$(xmllint --html --xpath "string($seq//tr[@data-n=\"7\"]/td[contains(@class,\"arrow\")]/@class)" index.html)" = "arrow left" &&
	test "$(xmllint --html --xpath "string($seq//tr[@data-n=\"3\"]/td[@class=\"time\"])" index.html)" = 0.050000
'

test_expect_success TSHARK 'sequence view: cut at the rows parameter, and says so' '
	xsltproc --stringparam case demo --param rows 5 "$XSL/report.xsl" index.xml >cut.html &&
	test "$(xmllint --html --xpath "count(//div[@data-guest=\"master\"]//tr[@class=\"message\"])" cut.html)" = 5 &&
	test_grep "Showing the first 5 of 12 packets" cut.html &&
	test_grep ! "Showing the first" index.html
'

test_expect_success TSHARK 'the plots of the index are embedded' '
	test "$(xmllint --html --xpath "string(//img/@src)" index.html)" = throughput.svg &&
	test_grep "Throughput" index.html
'

test_expect_success TSHARK 'an empty capture point says so' '
	python3 "$MKPCAP" empty empty.pcap &&
	tshark -T pdml -r empty.pcap 2>/dev/null | simplify -p guest=idle -p iface=eth0 -w run-1/idle.sxml &&
	sed "s|</run>|<capture guest=\"idle\" iface=\"eth0\" href=\"run-1/idle.sxml\"/></run>|" index.xml >index2.xml &&
	xsltproc "$XSL/report.xsl" index2.xml >empty.html &&
	xmllint --html --noout empty.html &&
	test_grep "No packets were captured here" empty.html &&
	test "$(xmllint --html --xpath "string(//table[@class=\"summary\"]//td[@class=\"case\"])" empty.html)" = demo
'

test_done
