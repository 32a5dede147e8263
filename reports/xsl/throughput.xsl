<?xml version="1.0" encoding="UTF-8"?>
<!--
  throughput.xsl: a simplified capture (simplify(1)) -> TSV of bytes per
  time bin, per flow and direction, for reports/plot/throughput.gp.

    xsltproc -\-param bin 0.1 throughput.xsl eth0.sxml >throughput.tsv

  One block per flow direction, in order of first appearance, blocks
  separated by two empty lines (gnuplot's "index"); each block starts with
  a header line whose second field is the flow's label:

    time<TAB>tcp 198.18.0.1:40000 > 198.18.0.2:7000<TAB>bytes
    0.000000<TAB>tcp 198.18.0.1:40000 > 198.18.0.2:7000<TAB>1514

  time  start of the bin, seconds since the capture's first packet
  flow  "PROTO FROM > TO"
  bytes sum of the frame lengths in the bin
  A bin with no packets next to one with packets is written with 0 bytes,
  so a line plot drops to zero instead of bridging the gap.  An empty
  capture gives no block at all.  $bin must match the plot's bin.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:exsl="http://exslt.org/common"
    exclude-result-prefixes="exsl">

  <xsl:output method="text" encoding="UTF-8"/>

  <!-- Bin width in seconds. -->
  <xsl:param name="bin" select="0.1"/>

  <xsl:variable name="tab" select="'&#9;'"/>
  <xsl:variable name="nl" select="'&#10;'"/>

  <!-- In the intermediate list of packets: by flow, by flow and bin. -->
  <xsl:key name="flow" match="p" use="@flow"/>
  <xsl:key name="flow-bin" match="p" use="concat(@flow, '|', @bin)"/>

  <xsl:template match="/capture">
    <xsl:variable name="t0" select="packet[1]/@time"/>
    <!-- First every packet as (flow, bin, len); keys cannot use $bin. -->
    <xsl:variable name="list">
      <xsl:for-each select="packet">
        <xsl:variable name="rel">
          <xsl:call-template name="seconds-between">
            <xsl:with-param name="from" select="$t0"/>
            <xsl:with-param name="to" select="@time"/>
          </xsl:call-template>
        </xsl:variable>
        <!-- (the tiny addend keeps 0.3 div 0.1 = 2.999... in bin 3) -->
        <p bin="{floor($rel div $bin + 0.000000001)}" len="{@len}">
          <xsl:attribute name="flow">
            <xsl:value-of select="concat(@proto, ' ')"/>
            <xsl:apply-templates select="from" mode="endpoint"/>
            <xsl:text> > </xsl:text>
            <xsl:apply-templates select="to" mode="endpoint"/>
          </xsl:attribute>
        </p>
      </xsl:for-each>
    </xsl:variable>
    <xsl:for-each select="exsl:node-set($list)/p[generate-id() = generate-id(key('flow', @flow)[1])]">
      <xsl:variable name="flow" select="@flow"/>
      <xsl:if test="position() > 1"><xsl:value-of select="concat($nl, $nl)"/></xsl:if>
      <xsl:value-of select="concat('time', $tab, $flow, $tab, 'bytes', $nl)"/>
      <xsl:for-each select="key('flow', $flow)[generate-id() = generate-id(key('flow-bin', concat($flow, '|', @bin))[1])]">
        <xsl:sort select="@bin" data-type="number"/>
        <xsl:variable name="k" select="number(@bin)"/>
        <xsl:if test="$k > 0 and not(key('flow-bin', concat($flow, '|', $k - 1)))
                      and not(key('flow-bin', concat($flow, '|', $k - 2)))">
          <xsl:call-template name="row">
            <xsl:with-param name="k" select="$k - 1"/>
            <xsl:with-param name="flow" select="$flow"/>
            <xsl:with-param name="bytes" select="0"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:call-template name="row">
          <xsl:with-param name="k" select="$k"/>
          <xsl:with-param name="flow" select="$flow"/>
          <xsl:with-param name="bytes" select="sum(key('flow-bin', concat($flow, '|', $k))/@len)"/>
        </xsl:call-template>
        <xsl:if test="not(key('flow-bin', concat($flow, '|', $k + 1)))">
          <xsl:call-template name="row">
            <xsl:with-param name="k" select="$k + 1"/>
            <xsl:with-param name="flow" select="$flow"/>
            <xsl:with-param name="bytes" select="0"/>
          </xsl:call-template>
        </xsl:if>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="row">
    <xsl:param name="k"/>
    <xsl:param name="flow"/>
    <xsl:param name="bytes"/>
    <xsl:value-of select="concat(format-number($k * $bin, '0.000000'), $tab, $flow, $tab, $bytes, $nl)"/>
  </xsl:template>

  <xsl:template match="from | to" mode="endpoint">
    <xsl:value-of select="@addr"/>
    <xsl:if test="string(@port) != ''">:<xsl:value-of select="@port"/></xsl:if>
  </xsl:template>

  <!-- to - from in seconds from two "SECONDS.FRACTION" strings (as in
       report.xsl: whole and fractional parts apart, for precision). -->
  <xsl:template name="seconds-between">
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:variable name="f" select="concat(string($from), substring('.0', 1 + 2 * contains($from, '.')))"/>
    <xsl:variable name="t" select="concat(string($to), substring('.0', 1 + 2 * contains($to, '.')))"/>
    <xsl:value-of select="(substring-before($t, '.') - substring-before($f, '.'))
                          + (concat('0.', substring-after($t, '.')) - concat('0.', substring-after($f, '.')))"/>
  </xsl:template>

</xsl:stylesheet>
