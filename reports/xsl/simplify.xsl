<?xml version="1.0" encoding="UTF-8"?>
<!--
  simplify.xsl: one PDML <packet> (Wireshark's schema and field names, as
  written by `tshark -T pdml` and pcap2xml) -> one simplified <packet>.

  simplify(1) applies it packet by packet: the input document is a single
  <packet> element, so no template may look at other packets.  It writes
  the <capture> wrapper and the <actors> list itself.  Applied with plain
  xsltproc to a whole PDML file it gives the same packets inside <capture>
  (without <actors>), which is handy for debugging.

  The simplified schema:

    <capture guest="master" iface="eth0">      (attributes: simplify's -p)
      <packet n="1" time="1700000000.123456789" proto="tcp"
              conversation="tcp:0" len="74" seq="0">
        <from addr="198.18.0.1" port="40000"/>
        <to addr="198.18.0.2" port="7000"/>
        <flags>SYN</flags>
        <payload len="0"></payload>
      </packet>
      ...
      <actors>
        <actor addr="198.18.0.1" port="40000" proto="tcp"/>
        ...
      </actors>
    </capture>

  n         frame.number
  time      frame.time_epoch, seconds since the epoch, kept as the string
            (9 decimals: a double cannot hold it exactly)
  proto     tcp or udp when the frame has one; otherwise the top protocol
            (icmp, arp, ...), ignoring tshark's data/_ws.* pseudo-layers
  len       frame.len, the length on the wire
  seq       TCP only: tcp.seq, the sequence number relative to the
            stream's first (as Wireshark shows it); the payload's bytes
            are seq .. seq + payload/@len - 1 (decode(1) reassembles
            streams from it); absent when the PDML has no tcp.seq
  conversation
            tcp:N / udp:N from tcp.stream / udp.stream; without a stream
            index (or for other protocols) PROTO:A-B with the two endpoints
            sorted, so both directions share one id
  from, to  IPv4/IPv6 addresses with the TCP/UDP ports; for frames without
            IP (ARP, ...) the Ethernet (MAC) addresses and no port
  flags     TCP only: the set flags, comma-separated, in the order
            FIN,SYN,RST,PSH,ACK,URG,ECE,CWR,AE (empty when none is set)
  payload   TCP/UDP payload: len is its length on the wire (tcp.len,
            udp.length - 8), the text its captured bytes in lower-case hex
            (shorter than 2*len when the snaplen cut the frame);
            len="0" and empty when there is none; absent for other protocols
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:exsl="http://exslt.org/common"
    exclude-result-prefixes="exsl">

  <xsl:output method="xml" indent="yes" omit-xml-declaration="yes" encoding="UTF-8"/>

  <!-- Passed by simplify -p (or xsltproc - -stringparam); only used when
       the stylesheet runs on a whole PDML document. -->
  <xsl:param name="guest" select="''"/>
  <xsl:param name="iface" select="''"/>

  <xsl:template match="/pdml">
    <capture guest="{$guest}" iface="{$iface}">
      <xsl:apply-templates select="packet"/>
    </capture>
  </xsl:template>

  <xsl:template match="packet">
    <xsl:variable name="frame" select="proto[@name='frame']"/>
    <xsl:variable name="geninfo" select="proto[@name='geninfo']"/>
    <xsl:variable name="ip" select="proto[@name='ip' or @name='ipv6'][last()]"/>
    <xsl:variable name="tcp" select="proto[@name='tcp'][1]"/>
    <xsl:variable name="udp" select="proto[@name='udp'][1]"/>
    <xsl:variable name="l4" select="$tcp | $udp"/>

    <!-- frame.* first; geninfo (always written first by tshark) as a fallback. -->
    <xsl:variable name="n" select="string(($frame/field[@name='frame.number']/@show
                                           | $geninfo/field[@name='num']/@show)[last()])"/>
    <xsl:variable name="time" select="string(($frame/field[@name='frame.time_epoch']/@show
                                              | $geninfo/field[@name='timestamp']/@value)[last()])"/>
    <xsl:variable name="len" select="string(($frame/field[@name='frame.len']/@show
                                             | $geninfo/field[@name='len']/@show)[last()])"/>

    <xsl:variable name="proto">
      <xsl:choose>
        <xsl:when test="$tcp">tcp</xsl:when>
        <xsl:when test="$udp">udp</xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="proto[not(@name='geninfo' or @name='frame' or @name='data'
                                or @name='fake-field-wrapper' or starts-with(@name, '_ws.'))][last()]/@name"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>

    <!-- Source and destination: IP when present, else Ethernet. -->
    <xsl:variable name="src">
      <xsl:choose>
        <xsl:when test="$ip">
          <xsl:value-of select="$ip/field[@name='ip.src' or @name='ipv6.src'][1]/@show"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="proto[@name='eth']/field[@name='eth.src']/@show"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="dst">
      <xsl:choose>
        <xsl:when test="$ip">
          <xsl:value-of select="$ip/field[@name='ip.dst' or @name='ipv6.dst'][1]/@show"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="proto[@name='eth']/field[@name='eth.dst']/@show"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="sport" select="string($l4/field[@name='tcp.srcport' or @name='udp.srcport']/@show)"/>
    <xsl:variable name="dport" select="string($l4/field[@name='tcp.dstport' or @name='udp.dstport']/@show)"/>
    <xsl:variable name="stream" select="string($l4/field[@name='tcp.stream' or @name='udp.stream']/@show)"/>

    <xsl:variable name="conversation">
      <xsl:choose>
        <xsl:when test="$stream != ''">
          <xsl:value-of select="concat($proto, ':', $stream)"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="endpoint-pair">
            <xsl:with-param name="proto" select="$proto"/>
            <xsl:with-param name="a">
              <xsl:value-of select="$src"/>
              <xsl:if test="$sport != ''">:<xsl:value-of select="$sport"/></xsl:if>
            </xsl:with-param>
            <xsl:with-param name="b">
              <xsl:value-of select="$dst"/>
              <xsl:if test="$dport != ''">:<xsl:value-of select="$dport"/></xsl:if>
            </xsl:with-param>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>

    <packet n="{$n}" time="{$time}" proto="{$proto}" conversation="{$conversation}" len="{$len}">
      <xsl:variable name="seq" select="string($tcp/field[@name='tcp.seq'][1]/@show)"/>
      <xsl:if test="$seq != ''"><xsl:attribute name="seq"><xsl:value-of select="$seq"/></xsl:attribute></xsl:if>
      <from addr="{$src}">
        <xsl:if test="$sport != ''"><xsl:attribute name="port"><xsl:value-of select="$sport"/></xsl:attribute></xsl:if>
      </from>
      <to addr="{$dst}">
        <xsl:if test="$dport != ''"><xsl:attribute name="port"><xsl:value-of select="$dport"/></xsl:attribute></xsl:if>
      </to>
      <xsl:if test="$tcp">
        <flags><xsl:apply-templates select="$tcp/field[@name='tcp.flags']" mode="flags"/></flags>
      </xsl:if>
      <xsl:if test="$l4">
        <xsl:call-template name="payload">
          <xsl:with-param name="l4" select="$l4"/>
        </xsl:call-template>
      </xsl:if>
    </packet>
  </xsl:template>

  <!-- "PROTO:A-B" with A and B in sorted order. -->
  <xsl:template name="endpoint-pair">
    <xsl:param name="proto"/>
    <xsl:param name="a"/>
    <xsl:param name="b"/>
    <xsl:variable name="pair">
      <e><xsl:value-of select="$a"/></e>
      <e><xsl:value-of select="$b"/></e>
    </xsl:variable>
    <xsl:value-of select="$proto"/>
    <xsl:text>:</xsl:text>
    <xsl:for-each select="exsl:node-set($pair)/e">
      <xsl:sort select="." data-type="text"/>
      <xsl:if test="position() = 2">-</xsl:if>
      <xsl:value-of select="."/>
    </xsl:for-each>
  </xsl:template>

  <!-- The set flags by name, from the one-bit fields tcp.flags.*. -->
  <xsl:template match="field" mode="flags">
    <xsl:variable name="set" select="field[@show='1']/@name"/>
    <xsl:variable name="names">
      <xsl:if test="$set[. = 'tcp.flags.fin']">,FIN</xsl:if>
      <xsl:if test="$set[. = 'tcp.flags.syn']">,SYN</xsl:if>
      <xsl:if test="$set[. = 'tcp.flags.reset']">,RST</xsl:if>
      <xsl:if test="$set[. = 'tcp.flags.push']">,PSH</xsl:if>
      <xsl:if test="$set[. = 'tcp.flags.ack']">,ACK</xsl:if>
      <xsl:if test="$set[. = 'tcp.flags.urg']">,URG</xsl:if>
      <xsl:if test="$set[. = 'tcp.flags.ece']">,ECE</xsl:if>
      <xsl:if test="$set[. = 'tcp.flags.cwr']">,CWR</xsl:if>
      <xsl:if test="$set[. = 'tcp.flags.ae' or . = 'tcp.flags.ns']">,AE</xsl:if>
    </xsl:variable>
    <xsl:value-of select="substring($names, 2)"/>
  </xsl:template>

  <xsl:template name="payload">
    <xsl:param name="l4"/>
    <!-- tshark puts the bytes in tcp.payload / udp.payload; a dissector
         that found no payload field may leave a data layer instead. -->
    <xsl:variable name="hex"
        select="string(($l4/field[@name='tcp.payload' or @name='udp.payload']/@value
                        | proto[@name='data']/field[@name='data.data']/@value
                        | proto[@name='fake-field-wrapper']/field[@name='data']/field[@name='data.data']/@value)[1])"/>
    <xsl:variable name="tcplen" select="$l4/field[@name='tcp.len']/@show"/>
    <xsl:variable name="udplen" select="$l4/field[@name='udp.length']/@show"/>
    <payload>
      <xsl:attribute name="len">
        <xsl:choose>
          <xsl:when test="$tcplen"><xsl:value-of select="$tcplen"/></xsl:when>
          <xsl:when test="$udplen"><xsl:value-of select="$udplen - 8"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="string-length($hex) div 2"/></xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:value-of select="$hex"/>
    </payload>
  </xsl:template>

</xsl:stylesheet>
