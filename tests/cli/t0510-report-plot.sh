#!/usr/bin/env bash
test_description='throughput.xsl + throughput.gp: TSV per flow and bin, SVG plot'
. "$(dirname "$0")/test-lib.sh"

XSL=$SONDE_TOP/reports/xsl
GP=$SONDE_TOP/reports/plot/throughput.gp
DATA=$SONDE_TOP/tests/data/simplify

gnuplot_ok() { command -v gnuplot >/dev/null; }
gnuplot_ok || skip_all "gnuplot is not installed"

# plot TSV SVG: run the plot script as the report rules do.
plot() { gnuplot -e "datafile='$1'; outfile='$2'; bin=0.1" "$GP"; }

test_expect_success 'one flow: bytes per 0.1 s bin, zeros around the gaps' '
	xsltproc "$XSL/throughput.xsl" "$DATA/one-flow.sxml" >one.tsv &&
	test_cmp "$DATA/one-flow.tsv" one.tsv
'

test_expect_success 'the bin width is a parameter' '
	xsltproc --param bin 0.25 "$XSL/throughput.xsl" "$DATA/one-flow.sxml" >wide.tsv &&
	printf "%s\n" 0.000000:300 0.250000:350 0.500000:0 >expect &&
	sed 1d wide.tsv | awk -F"\t" "{ print \$1 \":\" \$3 }" >actual &&
	test_cmp expect actual
'

test_expect_success 'one flow: a valid SVG with one line named after the flow' '
	plot one.tsv one.svg 2>err &&
	test ! -s err &&
	xmllint --noout one.svg &&
	test_grep "<svg" one.svg &&
	test_grep "udp 198.18.0.1:5000 &gt; 198.18.0.2:6000\|udp 198.18.0.1:5000 > 198.18.0.2:6000" one.svg &&
	test_grep "bytes/s" one.svg
'

test_expect_success TSHARK 'many flows: one block and one plotted line per flow direction' '
	python3 "$DATA/mkpcap.py" mixed mixed.pcap &&
	tshark -T pdml -r mixed.pcap 2>/dev/null | simplify >mixed.sxml &&
	xsltproc "$XSL/throughput.xsl" mixed.sxml >mixed.tsv &&
	test "$(grep -c "^time" mixed.tsv)" = 6 &&
	# every byte is in some bin: the sums equal the frame lengths
	test "$(awk -F"\t" "!/^time/ && NF == 3 { s += \$3 } END { print s }" mixed.tsv)" = \
	     "$(xmllint --xpath "sum(/capture/packet/@len)" mixed.sxml)" &&
	plot mixed.tsv mixed.svg 2>err &&
	test ! -s err &&
	xmllint --noout mixed.svg &&
	for label in "tcp 198.18.0.1:40000" "tcp 198.18.0.2:7000" "udp 198.18.0.3:9000" "arp 02:00:00:00:00:02"; do
		test_grep "$label" mixed.svg || return 1
	done
'

test_expect_success 'empty capture: an SVG that says "no packets", not an error' '
	printf "<capture guest=\"g\" iface=\"eth0\">\n<actors>\n</actors>\n</capture>\n" >empty.sxml &&
	xsltproc "$XSL/throughput.xsl" empty.sxml >empty.tsv &&
	test ! -s empty.tsv &&
	plot empty.tsv empty.svg &&
	xmllint --noout empty.svg &&
	test_grep "no packets" empty.svg
'

test_done
