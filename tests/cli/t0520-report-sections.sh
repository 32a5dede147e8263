#!/bin/sh
test_description='report.xsl: the sections a case adds are copied into the page'
. "$(dirname "$0")/test-lib.sh"

xsl=$SONDE_TOP/reports/xsl/report.xsl

test_expect_success 'an index with two sections and no capture' '
	cat >index.xml <<-\EOT &&
	<?xml version="1.0" encoding="utf-8"?>
	<report case="t" generated-by="sonde">
	<run n="1"/>
	<section name="one" href="one.xhtml"/>
	<section name="two" href="two.xhtml"/>
	</report>
	EOT
	cat >one.xhtml <<-\EOT &&
	<div class="section" id="one"><h2>First</h2><table><tr><td class="n">42</td></tr></table></div>
	EOT
	cat >two.xhtml <<-\EOT &&
	<div class="section" id="two"><h2>Second</h2><img src="two.svg" alt="a plot"/></div>
	EOT
	xsltproc --stringparam case t "$xsl" index.xml >index.html
'

test_expect_success 'each section is in the page, in order, as it was' '
	xsltproc --html - index.html >sections <<-\EOT &&
	<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
	<xsl:output method="text"/>
	<xsl:template match="/">
	<xsl:for-each select="//div[@class = '\''section'\'']">
	<xsl:value-of select="concat(@id, '\'' '\'', h2, '\'' '\'', .//td, .//img/@src, '\''&#10;'\'')"/>
	</xsl:for-each>
	</xsl:template>
	</xsl:stylesheet>
	EOT
	printf "one First 42\ntwo Second two.svg\n" >expect &&
	test_cmp expect sections
'

test_expect_success 'a missing section file is named on stderr' '
	rm two.xhtml &&
	{ xsltproc --stringparam case t "$xsl" index.xml >broken.html 2>err || :; } &&
	test_grep "two.xhtml" err
'

test_done
