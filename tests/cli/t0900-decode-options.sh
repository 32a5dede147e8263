#!/usr/bin/env bash
test_description='decode: options, errors, and decoding by a description given on the command line'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/helpers/decode.sh"

# A case's own protocol: a union as the entry, records on port 7000.
cat >demo.x <<\EOF
/* a test protocol */
const DEMO_PORT = 7000;
const DEMO_MAX_RECORD = 64;
enum kind { PING = 1, PONG = 2 };
struct ping { string text<16>; opaque blob<100>; };
union message switch (kind k) { case PING: ping p; case PONG: int n; };
EOF
sed 's/^const DEMO_PORT.*//' demo.x >noport.x
printf 'struct s {\n  int a\n};\n' >bad.x

# PING "hello", blob 01ff: 4 + 4 + 8 + 4 + 4 bytes, in one record
ping=000000010000000568656c6c6f00000000000002 ping=${ping}01ff0000
{
	echo '<capture guest="g" iface="eth0">'
	# conversation 0, in order, the record in two segments (packets 2, 3)
	packet 1 tcp tcp:0 40000 7000 0 SYN ""
	packet 2 tcp tcp:0 40000 7000 1 ACK "80000018${ping:0:8}"
	packet 3 tcp tcp:0 40000 7000 9 PSH,ACK "${ping:8}"
	# conversation 1: the second half first, then the first twice
	packet 4 tcp tcp:1 40001 7000 0 SYN ""
	packet 5 tcp tcp:1 40001 7000 9 PSH,ACK "${ping:8}"
	packet 6 tcp tcp:1 40001 7000 1 ACK "80000018${ping:0:8}"
	packet 7 tcp tcp:1 40001 7000 1 ACK "80000018${ping:0:8}"
	# conversation 2: two records in one segment, the second cut short (a
	# PONG without its int), then a record over DEMO_MAX_RECORD
	packet 8 tcp tcp:2 7000 40002 1 PSH,ACK "800000080000000200000007800000040000000280000041"
	# a port nobody decodes
	packet 9 tcp tcp:3 40003 8000 1 PSH,ACK "80000008000000020000000c"
	# over UDP a datagram is a message, without record marking
	packet 10 udp udp:0 40004 7000 "" "" "${ping}"
	# conversation 4: the bytes before a record never come; at the end of
	# the capture they are given up and the record decoded
	packet 11 tcp tcp:4 40005 7000 0 SYN ""
	packet 12 tcp tcp:4 40005 7000 29 PSH,ACK "80000018${ping}"
	echo '<actors><actor addr="198.18.0.1" port="40000" proto="tcp"/></actors>'
	echo '</capture>'
} >in.sxml

test_expect_success 'usage: -h, unknown options and arguments' '
	decode -h >out &&
	test_grep "^usage: decode " out &&
	test_expect_code 2 decode -k 2>err &&
	test_expect_code 2 decode extra 2>err &&
	test_grep "unexpected argument" err
'

test_expect_success 'bad -t arguments' '
	test_expect_code 2 decode -t demo.txt 2>err &&
	test_grep "^decode: -t demo.txt: neither a type description (FILE.x) nor http, dns or loadgen$" err &&
	test_expect_code 2 decode -t demo.x:0 2>err &&
	test_grep "out of range" err &&
	test_expect_code 2 decode -t noport.x 2>err &&
	test_grep "^decode: -t noport.x: no port given and the file has no const \*_PORT$" err &&
	test_expect_code 1 decode -t missing.x 2>err &&
	test_grep "^decode: missing.x: No such file or directory$" err &&
	test_expect_code 1 decode -t bad.x:1 2>err &&
	test_grep "^decode: bad.x:3: expected .;. after a field, found .}.$" err
'

test_expect_success 'input that is not a simplified capture; nothing half-written' '
	echo "<pdml/>" >pdml.xml &&
	test_expect_code 1 decode -t demo.x -r pdml.xml -w out.dxml 2>err &&
	test_grep "not a simplified capture: the root is <pdml>" err &&
	head -c 300 in.sxml >cut.sxml &&
	test_expect_code 1 decode -t demo.x -r cut.sxml -w out.dxml 2>err &&
	test_grep "^decode: cut.sxml: " err &&
	! test -e out.dxml &&
	test "$(ls -a | grep -c "^\.out")" = 0 &&
	test_expect_code 1 decode -r nothere.sxml 2>err &&
	test_grep "nothere.sxml: No such file or directory" err
'

test_expect_success 'decoding by the description: reassembly, records, errors' '
	decode -v -t demo.x -r in.sxml -w out.dxml 2>err &&
	test_grep "^decode: 12 packets, 6 messages (1 malformed), 2 stream problems$" err &&
	xmllint --noout out.dxml &&
	test "$(grep -c "<packet " out.dxml)" = 12 &&
	grep "<message\|<problem" out.dxml | sed "s/>.*//" >messages &&
	cat >expect <<-\EOF &&
	  <message proto="demo" type="PING" first="2" len="24" summary="PING text=hello blob=2B"
	  <message proto="demo" type="PING" first="6" len="24" summary="PING text=hello blob=2B"
	  <message proto="demo" type="PONG" first="8" len="8" summary="PONG n=7"
	  <message proto="demo" type="PONG" first="8" len="4" summary="PONG" malformed="offset 4: n: 4 bytes needed, 0 left"
	  <problem proto="demo" why="record of over 64 bytes (the limit)"/
	  <message proto="demo" type="PING" first="10" len="24" summary="PING text=hello blob=2B"
	<problem proto="demo" why="bytes missing from the capture"/
	<message proto="demo" type="PING" first="12" len="24" summary="PING text=hello blob=2B"
	EOF
	test_cmp expect messages &&
	# each message is in the packet that completed it
	awk "/<packet /{ n = \$2 } /<\/packet>/{ n = \"none\" } /<message /{ print n }" out.dxml >where &&
	printf "n=\"3\"\nn=\"6\"\nn=\"8\"\nn=\"8\"\nn=\"10\"\nnone\n" >expect &&
	test_cmp expect where &&
	# what the end of the capture completed comes last, before <actors>
	grep -B2 "^<actors>" out.dxml | sed "s/ summary=.*//; s/^<actors>.*/<actors>/" >end &&
	printf "%s\n" "<problem proto=\"demo\" why=\"bytes missing from the capture\"/>" \
		"<message proto=\"demo\" type=\"PING\" first=\"12\" len=\"24\"" "<actors>" >expect &&
	test_cmp expect end &&
	grep "type=\"PING\" first=\"2\"" out.dxml >ping &&
	test_grep "<k value=\"1\">PING</k><p><text>hello</text><blob len=\"2\">01ff</blob></p></message>" ping &&
	test_grep "<actors>" out.dxml
'

test_expect_success 'the port given on the command line replaces the default' '
	decode -t demo.x:8000 -r in.sxml >out2.dxml &&
	grep "<message" out2.dxml >m &&
	test "$(wc -l <m)" = 1 &&
	test_grep "type=\"PONG\" first=\"9\" len=\"8\" summary=\"PONG n=12\"" m
'

test_expect_success 'without descriptions the capture is copied as it was' '
	decode <in.sxml >copy.dxml &&
	xmllint --noout copy.dxml &&
	! grep -q "<message" copy.dxml &&
	test "$(grep -c "<packet " copy.dxml)" = 12 &&
	test "$(xmllint --xpath "string(/capture/@guest)" copy.dxml)" = g
'

test_expect_success 'packets without seq (an old simplify.xsl) are said to be left alone' '
	sed "s/ seq=\"[0-9]*\"//" in.sxml >noseq.sxml &&
	decode -t demo.x -r noseq.sxml >out3.dxml 2>err &&
	test_grep "^decode: 10 TCP packets have no seq attribute" err &&
	grep "<message" out3.dxml >m &&
	test_grep "first=\"10\"" m && test "$(wc -l <m)" = 1
'

test_done
