#!/usr/bin/env bash
test_description='make measure CASE=pipeline: the monitors on the guest and the processes section'
. "$(dirname "$0")/test-lib.sh"

R=results/pipeline
D=$R/run-1/master
test_atexit 'sonde_make CASE=pipeline testbed-down >/dev/null 2>&1'

# The section as text lines: the summary items, then one line per stage
# (pid, how it ended, processes, CPU ms, peak kB), from its XHTML.
section_text() {
	xsltproc - $R/report/processes.xhtml <<'EOF'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:for-each select="//ul[@class='processes-summary']/li">
      <xsl:value-of select="@class"/>
      <xsl:for-each select="code[@class='task']"><xsl:text> </xsl:text><xsl:value-of select="@data-pid"/></xsl:for-each>
      <xsl:text>&#10;</xsl:text>
    </xsl:for-each>
    <xsl:for-each select="//table[@class='process-tasks']/tr[td]">
      <xsl:value-of select="concat('stage ', td[2], ' ', normalize-space(td[5]), ' | ', td[6], ' ', td[8], ' ', td[9])"/>
      <xsl:text>&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
EOF
}

# stage_pid NAME: the pid of the stage `sh -c ... NAME`, from procmon.
stage_pid() {
	awk -F'\t' -v n="$1" '$2 == "exec" && $6 == "sh" && $14 ~ ("^sh -c .* " n "$") { print $3 }' $D/procmon.tsv
}

test_expect_success ROOT,NETNS 'make measure CASE=pipeline runs the monitors with the captures' '
	sonde_make measure CASE=pipeline >out 2>err &&
	test_grep "report: .*results/pipeline/report/index.html" out &&
	for m in procmon cpumon memmon; do
		test_grep "MONITOR *master: $m" out &&
		test_file_not_empty $D/$m.tsv || return 1
	done &&
	test_grep "pipeline: passed" $D/program.log
'

test_expect_success ROOT,NETNS 'the monitors were stopped cleanly: complete files' '
	tail -n 1 $D/procmon.tsv | grep "	end	.*	0\$" &&
	head -n 1 $D/procmon.tsv | grep "^# procmon backend=" &&
	head -n 1 $D/cpumon.tsv | grep "^# cpumon backend=.* scope=guest" &&
	head -n 1 $D/memmon.tsv | grep "^# memmon backend=.* scope=guest" &&
	for m in procmon cpumon memmon; do
		awk -F"\t" "NR == 2 { n = NF } NR > 2 && NF != n { bad = 1 } END { exit bad }" $D/$m.tsv || return 1
	done &&
	! ip netns list | grep -q "^sonde-$test_testbed-"
'

test_expect_success ROOT,NETNS 'procmon saw the stages with their known exit statuses' '
	for s in build test lint deploy burst memory; do
		test -n "$(stage_pid $s)" || { echo "no stage $s"; return 1; }
	done &&
	exit_of() { awk -F"\t" -v p="$1" "\$2 == \"exit\" && \$3 == p { print \$7 \"/\" \$8 }" $D/procmon.tsv; } &&
	test "$(exit_of $(stage_pid lint))" = "3/-" &&
	test "$(exit_of $(stage_pid deploy))" = "124/-" &&
	test "$(exit_of $(stage_pid build))" = "0/-" &&
	awk -F"\t" "\$2 == \"exit\" && \$6 == \"sleep\" && \$8 == 15" $D/procmon.tsv >killed &&
	test "$(wc -l <killed)" = 1
'

test_expect_success ROOT,NETNS 'the 500 processes of the burst are all there, and all exited 0' '
	burst=$(stage_pid burst) &&
	awk -F"\t" -v p=$burst "\$2 == \"exec\" && \$4 == p && \$14 == \"/bin/true\"" $D/procmon.tsv >execs &&
	test "$(wc -l <execs)" = 500 &&
	awk -F"\t" -v p=$burst "\$2 == \"exit\" && \$4 == p && \$6 == \"true\" && \$7 == 0" $D/procmon.tsv >exits &&
	test "$(wc -l <exits)" = 500 &&
	section_text >section &&
	cat section &&
	test_grep "^stage $burst exit status 0 | 501 " section
'

test_expect_success ROOT,NETNS 'the summary names the failed stages and how they ended' '
	lint=$(stage_pid lint) deploy=$(stage_pid deploy) &&
	test_grep "^failed $lint $deploy\$" section &&
	test_grep "^stage $lint exit status 3 | 1 " section &&
	test_grep "^stage $deploy exit status 124 (timeout(1).s status: the time limit ran out); killed inside: sleep (signal 15) | 3 " section
'

test_expect_success ROOT,NETNS 'the busiest stage on CPU is the test stage, as procmon has it' '
	# CPU per stage from procmon: user + system of every process of its subtree
	stages=$(for s in build test lint deploy burst memory; do stage_pid $s; done) &&
	busiest=$(awk -F"\t" -v stages="$stages" "
		BEGIN { n = split(stages, v, \"\n\"); for (i = 1; i <= n; i++) st[v[i]] = 1 }
		NR > 2 && (\$2 == \"fork\" || \$2 == \"exec\") && !(\$3 in par) { par[\$3] = \$4 }
		\$2 == \"exit\" { p = \$3; while (p != \"\" && !(p in st)) p = par[p]; if (p != \"\") cpu[p] += \$10 + \$11 }
		END { for (p in cpu) print cpu[p], p }" $D/procmon.tsv | sort -n | tail -n 1 | cut -d" " -f2) &&
	test "$busiest" = "$(stage_pid test)" &&
	test_grep "^most-cpu $busiest\$" section &&
	test_grep "^peak-memory $(stage_pid memory)\$" section
'

test_expect_success ROOT,NETNS 'the memory stage peaked at 300 MB or more, as memmon and procmon saw it' '
	memory=$(stage_pid memory) &&
	alloc=$(awk -F"\t" -v p=$memory "\$2 == \"exit\" && \$4 == p && \$6 == \"pipeline-alloc\" { print \$3 }" $D/procmon.tsv) &&
	peak=$(awk -F"\t" -v p=$alloc "\$2 == \"exit\" && \$3 == p { print \$12 }" $D/procmon.tsv) &&
	test "$peak" -ge 307200 &&
	sampled=$(awk -F"\t" -v p=$alloc "\$3 == p && \$7 > m { m = \$7 } END { print m + 0 }" $D/memmon.tsv) &&
	# memmon samples VmHWM, procmon reads the high-water mark of the kernel at
	# exit: the same figure, give or take the last pages
	test "$sampled" -ge 307200 &&
	test $(( (sampled - peak) * 100 / peak )) -eq 0 &&
	test_grep "^stage $memory exit status 0 | 2 [0-9.]* $peak\$" section
'

test_expect_success ROOT,NETNS 'the timeline and the CPU and memory plots exist' '
	for p in gantt cpu mem; do
		test_grep "<svg" $R/report/run-1/master/processes-$p.svg || return 1
	done &&
	test_grep "processes-gantt.svg" $R/report/index.html &&
	test_grep "id=\"processes-summary-1-master\"" $R/report/index.html
'

test_expect_success ROOT,NETNS 'nothing is rebuilt when nothing changed; the stylesheet re-renders only' '
	sonde_make -q report CASE=pipeline &&
	sonde_make -n -W "$SONDE_TOP/reports/xsl/processes.xsl" report CASE=pipeline >plan &&
	test_grep "processes.xsl" plan &&
	test_grep ! "measure-step\\|gnuplot" plan
'

test_expect_success ROOT,NETNS 'MONITORS empty turns them off; an unknown one is refused' '
	sonde_make measure CASE=pipeline RESULTS="$PWD/nomon" MONITORS= pipeline.SECTIONS= >out 2>err &&
	test_grep ! "MONITOR " out &&
	! ls nomon/pipeline/run-1/master/*mon.tsv 2>/dev/null &&
	test_expect_code 2 sonde_make measure CASE=pipeline RESULTS="$PWD/badmon" MONITORS=topmon >out 2>err &&
	test_grep "MONITORS: .topmon. is not a monitor" err &&
	! ip netns list | grep -q "^sonde-$test_testbed-"
'

test_done
