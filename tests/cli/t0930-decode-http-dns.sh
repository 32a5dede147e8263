#!/usr/bin/env bash
test_description='decode: HTTP/1.x over TCP and DNS over UDP'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/helpers/decode.sh"

hex() { od -An -v -tx1 | tr -d ' \n'; }

req=$(printf 'POST /jobs?id=1 HTTP/1.1\r\nHost: master\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello' | hex)
get=$(printf 'GET /status HTTP/1.1\r\nHost: master\r\n\r\n' | hex)
chunked=$(printf 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n' | hex)
closing=$(printf 'HTTP/1.0 404 Not Found\r\nServer: t\r\n\r\nnot here' | hex)
# DNS: a query for A sonde.example (id 0x1234, rd), its answer with a
# compression pointer to the question's name, and a cut datagram
q=12340100000100000000000005736f6e6465076578616d706c650000010001
r=12348180000100010000000005736f6e6465076578616d706c650000010001c00c000100010000012c0004c6120001
{
	echo '<capture guest="g" iface="lo">'
	packet 1 tcp tcp:0 40000 80 0 SYN ""
	# a request cut in two, its body in the second segment
	packet 2 tcp tcp:0 40000 80 1 PSH,ACK "${req:0:40}"
	packet 3 tcp tcp:0 40000 80 21 PSH,ACK "${req:40}"
	# two pipelined requests in one segment
	packet 4 tcp tcp:0 40000 80 $((1 + ${#req} / 2)) PSH,ACK "$get$get"
	packet 5 tcp tcp:0 80 40000 0 SYN,ACK ""
	packet 6 tcp tcp:0 80 40000 1 PSH,ACK "$chunked"
	packet 7 tcp tcp:0 80 40000 $((1 + ${#chunked} / 2)) PSH,ACK "$closing"
	packet 8 tcp tcp:0 80 40000 $((1 + ${#chunked} / 2 + ${#closing} / 2)) FIN,ACK ""
	packet 9 udp udp:0 50000 53 "" "" "$q"
	packet 10 udp udp:0 53 50000 "" "" "$r"
	packet 11 udp udp:0 53 50000 "" "" "${r:0:70}"
	echo '<actors/>'
	echo '</capture>'
} >in.sxml

test_expect_success 'HTTP: requests and responses, bodies by length, chunks and close' '
	decode -v -t http -t dns -r in.sxml -w out.dxml 2>err &&
	test_grep "^decode: 11 packets, 8 messages (1 malformed), 0 stream problems$" err &&
	xmllint --noout out.dxml &&
	awk "/<packet /{ n = \$2 } /<message /{ print n, \$0 }" out.dxml | sed "s/>.*//; s/  */ /g" >messages &&
	cat >expect <<-\EOF &&
	n="3" <message proto="http" type="POST" first="2" len="92" summary="POST /jobs?id=1 host=master type=text/plain len=5"
	n="4" <message proto="http" type="GET" first="4" len="38" summary="GET /status host=master"
	n="4" <message proto="http" type="GET" first="4" len="38" summary="GET /status host=master"
	n="6" <message proto="http" type="200" first="6" len="71" summary="200 OK"
	n="8" <message proto="http" type="404" first="7" len="45" summary="404 Not Found"
	EOF
	grep "proto=\"http\"" messages >http &&
	test_cmp expect http &&
	grep -A3 "type=\"POST\"" out.dxml | tr -d "\n" >post &&
	test_grep "<request method=\"POST\" uri=\"/jobs?id=1\" version=\"HTTP/1.1\"/><header name=\"Host\">master</header>" post &&
	test_grep "<body len=\"5\">68656c6c6f</body>" post &&
	grep -A3 "type=\"200\"" out.dxml | tr -d "\n" >ok &&
	test_grep "<body len=\"5\" chunked=\"1\">6162636465</body>" ok &&
	grep -A3 "type=\"404\"" out.dxml | tr -d "\n" >nf &&
	test_grep "<body len=\"8\">6e6f742068657265</body>" nf
'

test_expect_success 'DNS: a query, its answer with a compressed name, a cut one' '
	grep "proto=\"dns\"" messages >dns &&
	cat >expect <<-\EOF &&
	n="9" <message proto="dns" type="query" first="9" len="31" summary="query A sonde.example"
	n="10" <message proto="dns" type="response" first="10" len="47" summary="response NOERROR A sonde.example -&gt; 198.18.0.1"
	n="11" <message proto="dns" type="response" first="11" len="35" summary="response NOERROR A sonde.example" malformed="offset 35: truncated"
	EOF
	test_cmp expect dns &&
	grep -A4 "summary=\"response NOERROR A sonde.example -" out.dxml | tr -d "\n" >answer &&
	test_grep "<header id=\"0x1234\" qr=\"response\" opcode=\"0\" flags=\"rd,ra\" rcode=\"NOERROR\"/>" answer &&
	test_grep "<answer name=\"sonde.example\" type=\"A\" class=\"1\" ttl=\"300\">198.18.0.1</answer>" answer
'

test_expect_success 'after a gap HTTP starts again at a request line' '
	{
		echo "<capture>"
		packet 1 tcp tcp:0 40000 80 1 PSH,ACK "${req:0:40}"
		packet 2 tcp tcp:0 40000 80 30 PSH,ACK "${req:58}"
		packet 3 tcp tcp:0 40000 80 $((1 + ${#req} / 2)) PSH,ACK "$get"
		echo "</capture>"
	} >gap.sxml &&
	decode -t http -r gap.sxml >gap.dxml &&
	grep "<message\|<problem" gap.dxml | sed "s/>.*//; s/^ *//" >actual &&
	cat >expect <<-\EOF &&
	<problem proto="http" why="bytes missing from the capture inside a message"/
	<message proto="http" type="GET" first="3" len="38" summary="GET /status host=master"
	EOF
	test_cmp expect actual
'

ns=sonde-t0930-$$
prereq_code[CURL]='command -v curl >/dev/null && command -v python3 >/dev/null || { echo "curl or python3 is not installed"; false; }'

# serve: the web server on the namespace's lo, in the background (its pid
# in server.pid).
serve() {
	(cd www && exec ip netns exec $ns python3 -m http.server --bind 127.0.0.1 8080) >server.log 2>&1 &
	echo $! >server.pid
}
test_atexit "kill -9 \$(cat server.pid cap.pid 2>/dev/null) 2>/dev/null; ip netns del $ns 2>/dev/null"

test_expect_success ROOT,NETNS,CURL 'a real HTTP exchange captured on a namespace'"'"'s lo' '
	ip netns add $ns && ip -n $ns link set lo up &&
	mkdir www && printf "sonde\n" >www/hello.txt &&
	serve && capture_lo $ns 8080 http.pcap &&
	for i in $(seq 50); do ip netns exec $ns curl -s -m 5 -o /dev/null http://127.0.0.1:8080/ && break; sleep 0.1; done &&
	ip netns exec $ns curl -s -m 5 http://127.0.0.1:8080/hello.txt >got &&
	test_expect_code 22 ip netns exec $ns curl -sf -m 5 http://127.0.0.1:8080/missing &&
	capture_stop &&
	{ kill $(cat server.pid) && wait $(cat server.pid); true; } &&
	decode_pcap http.pcap http.dxml -t http:8080 &&
	summaries http.dxml >summaries &&
	test_grep "^GET /hello.txt host=127.0.0.1:8080$" summaries &&
	test_grep "^200 OK type=text/plain len=6$" summaries &&
	test_grep "^GET /missing host=127.0.0.1:8080$" summaries &&
	test_grep "^404 File not found" summaries &&
	test_grep "<body len=\"6\">736f6e64650a</body>" http.dxml
'

test_done
