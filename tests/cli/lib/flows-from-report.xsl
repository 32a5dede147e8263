<?xml version="1.0"?>
<!-- Reads the flow tables back out of a report page (parsed with
     xsltproc with its HTML parser) as lines:
     run guest iface proto A B packets(A to B) bytes(A to B) packets(B to A) bytes(B to A) -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:for-each select="//div[@class = 'capture']">
      <xsl:variable name="cap" select="."/>
      <xsl:for-each select=".//tr[@class = 'flow']">
        <xsl:value-of select="concat($cap/@data-run, ' ', $cap/@data-guest, ' ', $cap/@data-iface, ' ',
            normalize-space(td[2]), ' ', normalize-space(td[@class = 'a']), ' ', normalize-space(td[@class = 'b']), ' ',
            normalize-space(td[contains(@class, 'ab-packets')]), ' ', normalize-space(td[contains(@class, 'ab-bytes')]), ' ',
            normalize-space(td[contains(@class, 'ba-packets')]), ' ', normalize-space(td[contains(@class, 'ba-bytes')]))"/>
        <xsl:text>&#10;</xsl:text>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
