#!/usr/bin/env bash
test_description='simplify: bad input, bad options, atomic output'
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'set up: a good PDML and broken ones' '
	cat >good.pdml <<-\EOT &&
	<?xml version="1.0" encoding="utf-8"?>
	<pdml version="0">
	<packet>
	  <proto name="frame"><field name="frame.number" show="1"/></proto>
	</packet>
	<packet>
	  <proto name="frame"><field name="frame.number" show="2"/></proto>
	</packet>
	</pdml>
	EOT
	head -n 6 good.pdml >truncated.pdml &&
	printf "<?xml version=\"1.0\"?>\n<html>\n<packet/>\n</html>\n" >not-pdml.xml &&
	sed "4s|</proto>|</prot>|" good.pdml >mismatched.pdml &&
	: >empty.pdml
'

test_expect_success 'a good PDML gives two packets' '
	simplify -r good.pdml -w good.sxml &&
	test "$(xmllint --xpath "count(/capture/packet)" good.sxml)" = 2
'

# check_bad FILE LINE: exit 1, "simplify: FILE: line LINE: ...", no output.
check_bad() {
	test_expect_code 1 simplify -r "$1" -w out.sxml 2>err &&
	test_grep "^simplify: $1: line $2: ." err &&
	test $(wc -l <err) = 1 &&
	test ! -e out.sxml &&
	! ls -A | grep -q "^\.out\.sxml"
}

test_expect_success 'truncated PDML: exit 1, file and line named, no output file' '
	check_bad truncated.pdml 6
'

test_expect_success 'mismatched tags: the libxml2 message and its line' '
	check_bad mismatched.pdml 4 &&
	test_grep "mismatch" err
'

test_expect_success 'well-formed XML that is not PDML is refused' '
	check_bad not-pdml.xml 2 &&
	test_grep "not PDML" err
'

test_expect_success 'an empty input is refused' '
	check_bad empty.pdml 1
'

test_expect_success 'a failed run leaves an existing output file alone' '
	echo precious >out.sxml &&
	test_expect_code 1 simplify -r truncated.pdml -w out.sxml 2>err &&
	echo precious >expect &&
	test_cmp expect out.sxml &&
	rm out.sxml
'

test_expect_success 'standard input is named in messages' '
	test_expect_code 1 simplify <truncated.pdml >/dev/null 2>err &&
	test_grep "^simplify: standard input: line 6: " err
'

test_expect_success 'a missing input file: exit 1 with the reason' '
	test_expect_code 1 simplify -r nowhere.pdml -w out.sxml 2>err &&
	test_grep "^simplify: nowhere.pdml: No such file" err &&
	test ! -e out.sxml
'

test_expect_success 'an output folder that does not exist: exit 1' '
	test_expect_code 1 simplify -r good.pdml -w no/such/dir/out.sxml 2>err &&
	test_grep "^simplify: no/such/dir/out.sxml: " err
'

test_expect_success 'a stylesheet that does not compile: exit 1, no output' '
	echo "<xsl:stylesheet" >bad.xsl &&
	test_expect_code 1 simplify -x bad.xsl -r good.pdml -w out.sxml 2>err &&
	test_grep "^simplify: bad.xsl: cannot compile the stylesheet" err &&
	test ! -e out.sxml
'

test_expect_success 'a stylesheet that fails at run time: exit 1, packet named' '
	cat >stop.xsl <<-\EOT &&
	<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
	<xsl:template match="packet">
	<xsl:if test="proto/field/@show = 2"><xsl:message terminate="yes">two</xsl:message></xsl:if>
	<p/>
	</xsl:template>
	</xsl:stylesheet>
	EOT
	test_expect_code 1 simplify -x stop.xsl -r good.pdml -w out.sxml 2>err &&
	test_grep "^simplify: stop.xsl: packet 2: the transformation failed" err &&
	test ! -e out.sxml
'

test_expect_success 'usage errors exit 2' '
	test_expect_code 2 simplify -p noequals 2>err &&
	test_grep "NAME=VALUE" err &&
	test_expect_code 2 simplify -p "1x=y" 2>err &&
	test_expect_code 2 simplify -p a=1 -p a=2 2>err &&
	test_grep "twice" err &&
	test_expect_code 2 simplify extra 2>err &&
	test_expect_code 2 simplify -q 2>err
'

test_expect_success '-h prints the usage on stdout and exits 0' '
	simplify -h >out 2>err &&
	test_grep "^usage: simplify" out &&
	test ! -s err
'

test_expect_success 'parameter values are escaped in <capture>' '
	simplify -r good.pdml -p "guest=a\"b<c&d" >esc.sxml &&
	test "$(xmllint --xpath "string(/capture/@guest)" esc.sxml)" = "a\"b<c&d"
'

test_done
