<?xml version="1.0" encoding="utf-8"?>
<!-- loadgen.xsl: the report's loadgen section from the runs' summaries
     (mk/sections/loadgen.mk gathers them):
       <loadgen case="...">
         <run n="1">
           <result role="tester1" label="500" test="udp-latency" clients="2" .../>
           <plot kind="latency|time" href="loadgen/run-1-latency.svg"/>
         </run>
       </loadgen>
     A <result> carries the columns of `loadgen run -T` as attributes.
     Output: one <div class="section" id="loadgen">, in no namespace.
     Latencies are shown in microseconds, an empty figure as a dash. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="xml" omit-xml-declaration="yes" indent="no" encoding="utf-8"/>

<xsl:template match="/loadgen">
<div class="section" id="loadgen">
<h2>Load (loadgen)</h2>
<p>Per run and test, the aggregate over the testers.  Rates are per
second over the measurement window (warm-up and cool-down excluded), for
all testers together; latency is measured from each request's scheduled
send time (open loop), in microseconds.  <em>Late</em> replies came after
the request's timeout and are not in the latency figures; <em>lost</em>
ones never came.</p>
<p>Target CPU is the whole machine's utilisation during the window, as the
target's meter sees it (an idle-priority spin, and /proc/stat beside it):
on the one-machine namespace testbed it includes the testers and
everything else the machine ran, so it is an upper bound of the target's
own share.</p>
<xsl:choose>
<xsl:when test="not(run/result)">
<p>No loadgen summaries were found (a case writes them with
<code>loadgen run -T summary-LABEL.tsv</code>).</p>
</xsl:when>
<xsl:otherwise>
<table class="loadgen">
<thead>
<tr><th>run</th><th>role</th><th>test</th><th>label</th><th>testers</th>
<th>requested/s</th><th>achieved/s</th><th>Mbit/s sent</th>
<th>sent</th><th>received</th><th>lost</th><th>late</th>
<th>min</th><th>mean</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th>
<th>CPU % (spin)</th><th>CPU % (/proc/stat)</th></tr>
</thead>
<tbody>
<xsl:for-each select="run">
<xsl:variable name="n" select="@n"/>
<xsl:for-each select="result">
<xsl:sort select="@requested_per_s" data-type="number"/>
<xsl:sort select="@label"/>
<tr>
<td class="n run"><xsl:value-of select="$n"/></td>
<td class="role"><xsl:value-of select="@role"/></td>
<td class="test"><xsl:value-of select="@test"/></td>
<td class="label"><xsl:value-of select="@label"/></td>
<td class="n testers"><xsl:value-of select="@answered"/>
  <xsl:if test="@answered != @clients"> of <xsl:value-of select="@clients"/> (partial)</xsl:if></td>
<td class="n requested"><xsl:choose>
  <xsl:when test="@requested_per_s = 0">unlimited</xsl:when>
  <xsl:otherwise><xsl:value-of select="format-number(@requested_per_s, '0.0')"/></xsl:otherwise>
</xsl:choose></td>
<td class="n achieved"><xsl:value-of select="format-number(@achieved_per_s, '0.0')"/></td>
<td class="n mbits"><xsl:value-of select="format-number(@sent_bits_per_s div 1000000, '0.000')"/></td>
<td class="n sent"><xsl:value-of select="@sent"/></td>
<td class="n received"><xsl:value-of select="@received"/></td>
<td class="n lost"><xsl:value-of select="@lost"/></td>
<td class="n late"><xsl:value-of select="@late"/></td>
<xsl:call-template name="us"><xsl:with-param name="ns" select="@min_ns"/><xsl:with-param name="what" select="'min'"/></xsl:call-template>
<xsl:call-template name="us"><xsl:with-param name="ns" select="@mean_ns"/><xsl:with-param name="what" select="'mean'"/></xsl:call-template>
<xsl:call-template name="us"><xsl:with-param name="ns" select="@p50_ns"/><xsl:with-param name="what" select="'p50'"/></xsl:call-template>
<xsl:call-template name="us"><xsl:with-param name="ns" select="@p90_ns"/><xsl:with-param name="what" select="'p90'"/></xsl:call-template>
<xsl:call-template name="us"><xsl:with-param name="ns" select="@p99_ns"/><xsl:with-param name="what" select="'p99'"/></xsl:call-template>
<xsl:call-template name="us"><xsl:with-param name="ns" select="@p99_9_ns"/><xsl:with-param name="what" select="'p99_9'"/></xsl:call-template>
<xsl:call-template name="us"><xsl:with-param name="ns" select="@max_ns"/><xsl:with-param name="what" select="'max'"/></xsl:call-template>
<xsl:call-template name="pct"><xsl:with-param name="v" select="@cpu_spin_pct"/><xsl:with-param name="what" select="'cpu_spin'"/></xsl:call-template>
<xsl:call-template name="pct"><xsl:with-param name="v" select="@cpu_proc_pct"/><xsl:with-param name="what" select="'cpu_proc'"/></xsl:call-template>
</tr>
</xsl:for-each>
</xsl:for-each>
</tbody>
</table>
</xsl:otherwise>
</xsl:choose>
<xsl:for-each select="run[plot]">
<h3>Run <xsl:value-of select="@n"/></h3>
<xsl:for-each select="plot">
<p><img src="{@href}" alt="{@kind} plot, run {../@n}"/></p>
</xsl:for-each>
</xsl:for-each>
</div>
</xsl:template>

<!-- A latency cell: ns shown in microseconds, a dash when empty. -->
<xsl:template name="us">
<xsl:param name="ns"/>
<xsl:param name="what"/>
<td class="n {$what}"><xsl:choose>
  <xsl:when test="string($ns) = ''">–</xsl:when>
  <xsl:otherwise><xsl:value-of select="format-number($ns div 1000, '0.0')"/></xsl:otherwise>
</xsl:choose></td>
</xsl:template>

<xsl:template name="pct">
<xsl:param name="v"/>
<xsl:param name="what"/>
<td class="n {$what}"><xsl:choose>
  <xsl:when test="string($v) = ''">–</xsl:when>
  <xsl:otherwise><xsl:value-of select="format-number($v, '0.0')"/></xsl:otherwise>
</xsl:choose></td>
</xsl:template>

</xsl:stylesheet>
