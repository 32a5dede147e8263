#!/usr/bin/env bash
test_description='make measure CASE=offload: the master job log and the report jobs section'
. "$(dirname "$0")/test-lib.sh"

R=results/offload
run=$R/run-1
log=$run/master/jobmgr-jobs.tsv
test_atexit 'sonde_make CASE=offload testbed-down >/dev/null 2>&1'

# rows CLASS: the rows of the page's tables of that class in run 1, each
# row's cells joined by single spaces (header rows have no td).
cat >rows.xsl <<\EOF
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text"/>
<xsl:param name="class"/>
<xsl:template match="/">
<xsl:for-each select="//div[@id = 'jobs']//table[@class = $class]/tr[td]">
<xsl:for-each select="td"><xsl:if test="position() > 1"><xsl:text> </xsl:text></xsl:if><xsl:value-of select="normalize-space(.)"/></xsl:for-each>
<xsl:text>&#10;</xsl:text>
</xsl:for-each>
</xsl:template>
</xsl:stylesheet>
EOF
rows() { xsltproc --html --stringparam class "$1" rows.xsl $R/report/index.html; }
# records: the job log's records without the comment and header lines.
records() { grep -v '^#' "$log" | tail -n +2; }

test_expect_success ROOT,NETNS 'make measure CASE=offload runs and renders the jobs section' '
	sonde_make CASE=offload measure >out 2>err &&
	test_grep "report: .*results/offload/report/index.html" out &&
	test_grep "JOBS" out &&
	test_file_not_empty $R/report/jobs.xhtml
'

test_expect_success ROOT,NETNS 'the master wrote one record per job: 12 exited 0, one 3, one timed out' '
	head -n 1 "$log" >comment &&
	test_grep "^# jobmgr master listen=198.18.0.1:2711 heartbeat_ms=250$" comment &&
	sed -n 2p "$log" >header &&
	printf "job\targv\tslave\tstate\tcode\tsubmit_ns\tstart_ns\tend_ns\tqueued_ms\trun_ms\n" >expect &&
	test_cmp expect header &&
	test "$(records | wc -l)" = 14 &&
	test "$(records | cut -f1 | sort -n | tr "\n" " ")" = "1 2 3 4 5 6 7 8 9 10 11 12 13 14 " &&
	test "$(records | awk -F"\t" "\$4 == \"exited\" && \$5 == 0" | wc -l)" = 12 &&
	records | awk -F"\t" "\$4 != \"exited\" || \$5 != 0 { print \$1, \$2, \$4, \$5 }" | sort >bad &&
	printf "13 offload-work 40 3 exited 3\n14 offload-work 10000 timedout 9\n" >expect &&
	test_cmp expect bad &&
	# the times are in order and the derived columns agree with them (to
	# 2 us: they are truncated to 1 us, and awk reads ns as doubles)
	records | awk -F"\t" "!(\$6 > 0 && \$6 <= \$7 && \$7 < \$8) ||
		(\$9 - (\$7 - \$6) / 1e6) ^ 2 > 4e-6 || (\$10 - (\$8 - \$7) / 1e6) ^ 2 > 4e-6 { bad++ }
		END { exit (bad > 0) }" &&
	# every job ran on one of the two slaves, and both had some
	test "$(records | cut -f3 | sort -u | tr "\n" " ")" = "slave1 slave2 "
'

test_expect_success ROOT,NETNS 'jobs per slave in the page are those of the job log' '
	records | awk -F"\t" "{ s = \$3; n[s]++; a[\"all\"]++
		k = \$4 == \"exited\" ? (\$5 == 0 ? \"ok\" : \"failed\") : \$4
		c[s, k]++; c[\"all\", k]++ }
		END { for (s in n) print s, n[s], c[s, \"ok\"] + 0, c[s, \"failed\"] + 0, c[s, \"timedout\"] + 0,
			c[s, \"signaled\"] + 0, c[s, \"lost\"] + 0, c[s, \"cancelled\"] + 0
			print \"all\", a[\"all\"], c[\"all\", \"ok\"] + 0, c[\"all\", \"failed\"] + 0, c[\"all\", \"timedout\"] + 0,
			c[\"all\", \"signaled\"] + 0, c[\"all\", \"lost\"] + 0, c[\"all\", \"cancelled\"] + 0 }" | sort >expect &&
	rows jobs-per-slave | cut -d" " -f1-8 | sort >actual &&
	test_cmp expect actual &&
	test_grep "^all 14 12 1 1 0 0 0$" actual &&
	# the run time of each slave is the sum of its jobs
	records | awk -F"\t" "{ t[\$3] += \$10 } END { for (s in t) printf \"%s %.3f\n\", s, t[s] }" | sort >expect &&
	rows jobs-per-slave | grep -v "^all " | cut -d" " -f1,9 | sort >actual &&
	test_cmp expect actual
'

test_expect_success ROOT,NETNS 'the failing and the timed-out job are called out' '
	rows jobs-failed >actual &&
	records | awk -F"\t" "\$1 == 13 { printf \"13 %s %s exited 3 exit status 3\n\", \$2, \$3 }
		\$1 == 14 { printf \"14 %s %s timedout 9 over its timeout after %s ms, killed by signal 9\n\", \$2, \$3, \$10 }" >expect &&
	test_line_count() { test "$(wc -l <"$2")" = "$1"; } &&
	test_line_count 2 expect &&
	test_cmp expect actual
'

test_expect_success ROOT,NETNS 'every job is listed with its slave, state, code and times' '
	records | awk -F"\t" "{ print \$1, \$3, \$4, \$5, \$9, \$10 }" | sort -n >expect &&
	rows jobs | awk "{ print \$1, \$(NF-6), \$(NF-5), \$(NF-4), \$(NF-2), \$(NF-1) }" | sort -n >actual &&
	test_cmp expect actual
'

test_expect_success ROOT,NETNS 'the two plots exist and the page shows them' '
	for p in jobs-slaves jobs-gantt; do
		test_grep "<svg" $R/report/run-1/$p.svg &&
		test_grep "src=\"run-1/$p.svg\"" $R/report/index.html || return 1
	done &&
	# one bar per job in the data of the Gantt chart, coloured by its end
	test "$(tail -n +2 $R/report/run-1/jobs-gantt.tsv | cut -f6 | sort | uniq -c | tr -s " " | tr "\n" ";")" = " 12 1; 1 2; 1 3;"
'

test_expect_success ROOT,NETNS 'shutdown: the slaves leave the master before it stops' '
	mlog=$run/master/jobmgr.log &&
	grep -n "slave slave[12]: \\(left\\|lost\\)\\|master stopping" $mlog | cut -d: -f1,3- >order &&
	test "$(grep -c "left (stopping on a signal)" order)" = 2 &&
	test_grep ! " lost " order &&
	test "$(tail -n 1 order | cut -d: -f2-)" = " master stopping: 14 jobs submitted" &&
	# newest first: slave2 was started last, so it leaves first
	head -n 1 order >first && test_grep "slave slave2: left" first &&
	test_grep "slave slave1 stopping: signal" $run/slave1/jobmgr.log
'

# shown: each decoded message in the page's sequence view of run 1 on the
# master's eth0, as "N TYPE text" (N: the packet's number).
cat >seq.xsl <<\EOF
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text"/>
<xsl:param name="point" select="'run-1-master-eth0'"/>
<xsl:template match="/">
<xsl:for-each select="//div[@id = $point]//table[@class = 'sequence']//span[contains(@class, 'msg')]">
<xsl:value-of select="concat(ancestor::tr/@data-n, ' ', @data-type, ' ', normalize-space(.))"/>
<xsl:text>&#10;</xsl:text>
</xsl:for-each>
</xsl:template>
</xsl:stylesheet>
EOF
dxml=$R/report/run-1/master/eth0.dxml

test_expect_success ROOT,NETNS 'the decoded capture: every job run on its slave and reported back' '
	test_grep "href=\"run-1/master/eth0.dxml\"" $R/report/index.xml &&
	! grep -q "malformed=\|<problem" $dxml &&
	test "$(grep -c "<message proto=\"jobmgr\" type=\"RUN\"" $dxml)" = 14 &&
	records | awk -F"\t" "{ print \$1, toupper(\$4), \$5, \$3 }" | sort -n >expect &&
	xmllint --xpath "//message[@type=\"STATUS\"]/@summary" $dxml | tr -d "\"" | tr " " "\n" |
		awk -F= "\$1 == \"job\" { j = \$2 } \$1 == \"state\" { s = \$2 } \$1 == \"code\" { c = \$2 }
			\$1 == \"slave\" && s != \"RUNNING\" { print j, s, c, \$2 }" | sort -n >actual &&
	test_cmp expect actual
'

test_expect_success ROOT,NETNS 'the sequence view shows the jobmgr messages decoded' '
	xsltproc --html seq.xsl $R/report/index.html >shown &&
	test_grep "^[0-9]* REGISTER jobmgr REGISTER reqid=0 name=slave1 slots=2 running=0$" shown &&
	test_grep "^[0-9]* RUN jobmgr RUN reqid=0 job=1 argv=offload-work [0-9]*" shown &&
	test_grep "^[0-9]* STATUS jobmgr STATUS reqid=0 job=1 state=EXITED code=0 slave=slave[12]$" shown &&
	# as many as the packets in the view (the first 200) hold
	awk "/<packet /{ n = \$2; gsub(/[^0-9]/, \"\", n) } /<message / && n + 0 <= 200 { k++ } END { print k }" $dxml >expect &&
	wc -l <shown >actual &&
	test_cmp expect actual &&
	# the master'"'"'s lo: offload-master submitted every job and waited for it
	xsltproc --html --stringparam point run-1-master-lo seq.xsl $R/report/index.html >shown-lo &&
	test "$(grep -c "^[0-9]* SUBMIT jobmgr SUBMIT reqid=[0-9]* argv=offload-work [0-9]*" shown-lo)" = 14 &&
	test_grep "^[0-9]* STATUS jobmgr STATUS reqid=[0-9]* job=13 state=EXITED code=3 slave=slave[12]$" shown-lo &&
	test_grep "^[0-9]* STATUS jobmgr STATUS reqid=[0-9]* job=14 state=TIMEDOUT code=9 slave=slave[12]$" shown-lo &&
	! grep -q "$(cat $run/token 2>/dev/null || echo no-token-file)" shown-lo
'

test_expect_success ROOT,NETNS 'a newer jobmgr.x decodes again without measuring again' '
	sonde_make CASE=offload -n -W "$SONDE_TOP/tools/jobmgr/jobmgr.x" report >plan &&
	test_grep "bin/decode" plan && test_grep "report.xsl" plan &&
	test_grep ! "measure-step\|pcap2xml\|simplify.xsl" plan
'

test_expect_success ROOT,NETNS 'nothing to redo; a newer jobs.xsl re-renders the section and the page only' '
	sonde_make CASE=offload -q report &&
	sonde_make CASE=offload -n -W "$SONDE_TOP/reports/xsl/jobs.xsl" report >plan &&
	test_grep "jobs.xsl" plan && test_grep "report.xsl" plan &&
	test_grep ! "measure-step\\|pcap2xml\\|gnuplot\\|awk" plan
'

test_done
