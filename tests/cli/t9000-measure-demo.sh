#!/bin/sh
test_description='make measure CASE=demo end to end on the real netns testbed'
. "$(dirname "$0")/test-lib.sh"

# sonde_make (test-lib.sh) runs make with this test's own results folder
# and testbed.
R=results/demo
no_testbed_left() {
	! ip netns list | grep -q "^sonde-$test_testbed-"
}
test_atexit 'sonde_make testbed-down >/dev/null 2>&1'

test_expect_success 'an unknown CASE is refused before anything starts' '
	test_expect_code 2 sonde_make measure CASE=nosuch >out 2>err &&
	test_grep "CASE=nosuch: no such case" err &&
	test ! -d results/nosuch
'

test_expect_success 'a per-role setting naming an unknown role is refused' '
	test_expect_code 2 sonde_make measure demo.RUN.bogus=true >out 2>err &&
	test_grep "unknown role .bogus." err
'

test_expect_success ROOT,NETNS,TCPDUMP 'a capture filter libpcap rejects stops before the testbed is up' '
	test_expect_code 2 sonde_make measure CAPTURE_FILTER="tcp port" >out 2>err &&
	test_grep "CAPTURE_FILTER" err &&
	no_testbed_left
'

test_expect_success ROOT,NETNS 'make measure runs every step and prints the report path' '
	sonde_make measure >out 2>err &&
	test_grep "report: .*results/demo/report/index.html" out &&
	test_file_not_empty $R/report/index.html &&
	for s in capture execute collect; do test_grep "STEP *$s" out || return 1; done
'

test_expect_success ROOT,NETNS 'the testbed is gone after the run' '
	no_testbed_left
'

test_expect_success ROOT,NETNS 'each guest captured on eth0 and lo, with counters' '
	for g in master slave; do
		for i in eth0 lo; do
			test_file_not_empty $R/run-1/$g/$i.pcap &&
			test_file_not_empty $R/run-1/$g/$i.stats || return 1
		done
	done &&
	test_grep "^capture.master.eth0.dropped	0" $R/run-1/meta &&
	test_grep "^exit.master.demo-client	0" $R/run-1/meta
'

test_expect_success ROOT,NETNS 'the client and the server both did their work' '
	test_grep "20 requests answered correctly" $R/run-1/master/program.log &&
	test_grep "served 20 requests on 1 connections, 5 pings" $R/run-1/slave/service.log
'

test_expect_success ROOT,NETNS,TCPDUMP 'the report counts each flow as tcpdump does, both directions' '
	pcap=$R/run-1/master/eth0.pcap &&
	count() { tcpdump -r "$pcap" -nn "$1" 2>/dev/null | wc -l; } &&
	bytes() { tcpdump -r "$pcap" -nn -e "$1" 2>/dev/null |
		sed -n "s/.*, length \\([0-9]*\\): .*/\\1/p" | awk "{ s += \$1 } END { print s + 0 }"; } &&
	tcp_ab=$(count "tcp and src host 198.18.0.1 and dst port 7000") &&
	tcp_ba=$(count "tcp and src host 198.18.0.2 and src port 7000") &&
	udp_ab=$(count "udp and src host 198.18.0.1 and dst port 7001") &&
	udp_ba=$(count "udp and src host 198.18.0.2 and src port 7001") &&
	tcp_bytes_ab=$(bytes "tcp and src host 198.18.0.1 and dst port 7000") &&
	tcp_bytes_ba=$(bytes "tcp and src host 198.18.0.2 and src port 7000") &&
	test "$tcp_ab" -gt 20 && test "$tcp_ba" -gt 20 && test "$udp_ab" = 5 && test "$udp_ba" = 5 &&
	flows=$(xsltproc --html "$SONDE_TOP/tests/cli/lib/flows-from-report.xsl" $R/report/index.html) &&
	echo "$flows" >flows &&
	test_grep "^1 master eth0 tcp 198.18.0.1:[0-9]* 198.18.0.2:7000 $tcp_ab $tcp_bytes_ab $tcp_ba $tcp_bytes_ba\$" flows &&
	test_grep "^1 master eth0 udp 198.18.0.1:[0-9]* 198.18.0.2:7001 5 [0-9]* 5 [0-9]*\$" flows
'

test_expect_success ROOT,NETNS 'the report embeds a throughput plot that exists' '
	plot=$(sed -n "s/.*<img[^>]*src=\"\\([^\"]*\\.svg\\)\".*/\\1/p" $R/report/index.html | head -n 1) &&
	test -n "$plot" &&
	test_grep "<svg" "$R/report/$plot"
'

test_expect_success ROOT,NETNS 'the page needs nothing from the network' '
	! grep -Eqi "(src|href)=\"(https?:)?//" $R/report/index.html
'

test_expect_success ROOT,NETNS 'a second make measure rebuilds nothing' '
	sonde_make -q report &&
	sonde_make measure >out 2>&1 &&
	test_grep ! "STEP\\|PCAP2XML\\|SIMPLIFY\\|REPORT" out
'

test_expect_success ROOT,NETNS 'a newer report.xsl re-renders only the HTML' '
	sonde_make -n -W "$SONDE_TOP/reports/xsl/report.xsl" report >plan &&
	test_grep "report.xsl" plan &&
	test_grep ! "measure-step\\|pcap2xml\\|simplify \\|gnuplot" plan
'

test_expect_success ROOT,NETNS 'another throughput bin re-plots without measuring again' '
	sonde_make report THROUGHPUT_BIN=0.05 >out 2>&1 &&
	test_grep "GNUPLOT" out && test_grep "REPORT" out &&
	test_grep ! "STEP\\|PCAP2XML\\|SIMPLIFY" out &&
	test_grep "^0.050000	" $R/report/run-1/master/eth0.tput.tsv &&
	sonde_make -q report THROUGHPUT_BIN=0.05
'

test_expect_success ROOT,NETNS 'a newer case source re-measures' '
	sonde_make -n -W "$SONDE_TOP/cases/demo/demo-server.c" measure >plan &&
	test_grep "measure-step capture" plan &&
	test_grep "measure-step execute" plan
'

test_expect_success ROOT,NETNS 'a run measured again holds only the new measurement' '
	echo stale >$R/run-1/master/stale.csv &&
	mkdir $R/run-1/oldrole && echo stale >$R/run-1/oldrole/eth0.pcap &&
	sonde_make measure TIMEOUT=31 >out 2>err &&
	test_grep "STEP *capture" out &&
	test ! -e $R/run-1/master/stale.csv &&
	test ! -e $R/run-1/oldrole &&
	test_file_not_empty $R/run-1/master/eth0.pcap &&
	test_grep "20 requests answered correctly" $R/run-1/master/program.log &&
	test_grep "^setting.TIMEOUT	31\$" $R/run-1/meta
'

test_expect_success ROOT,NETNS 'a failing program fails the run, names step and guest, leaves the testbed clean' '
	test_expect_code 2 sonde_make measure RESULTS="$PWD/fail" "demo.RUN.master=demo-client -a 198.18.0.2 -p 9 -n 1" >out 2>err &&
	test_grep "execute: master: the program exited with status 1" err &&
	no_testbed_left &&
	test ! -e fail/demo/run-1/execute.done
'

test_expect_success ROOT,NETNS 'the watchdog stops a hung program after TIMEOUT' '
	test_expect_code 2 sonde_make measure RESULTS="$PWD/hang" TIMEOUT=2 "demo.RUN.master=sleep 600" >out 2>err &&
	test_grep "execute: master: .*watchdog after TIMEOUT=2s" err &&
	no_testbed_left
'

test_done
