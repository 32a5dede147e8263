#!/usr/bin/env bash
test_description='decode: a real jobmgr capture (master and two slaves in namespaces) decodes by jobmgr.x'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/helpers/decode.sh"

netns=$SONDE_TOP/env/netns
ns=sonde-t0910-
cat >conf <<EOF
TESTBED=t0910
ROLES="master slave1 slave2"
STATE_DIR=$PWD/state
EOF
echo "t0910-$$-token" >token
echo wrong >bad-token
export JOBMGR_MASTER=198.18.0.1:2711
jobmgr_bin=$SONDE_BUILD/bin/jobmgr
declare -A cap

jm() { ip netns exec ${ns}master timeout 30 "$jobmgr_bin" "$@"; }
start() {
	local role=$1; shift
	"$netns" -c conf start "$role" -o "$PWD/$role.err" -- "$jobmgr_bin" "$@" -t "$PWD/token" -L "$PWD/$role.log" >/dev/null
}
# capture IFACE: the master's traffic on IFACE (eth0: to the slaves; lo:
# from its local clients), until stopped.
capture() {
	pcapture -q -n ${ns}master -i "$1" -f "tcp port 2711" -w "$1.pcap" -R "$1.ready" 2>"$1.err" &
	cap[$1]=$!
	test_atexit "kill -9 ${cap[$1]} 2>/dev/null"
	test_wait_for_file "$1.ready" 5
}
test_atexit "\"$netns\" -c \"$PWD/conf\" down"

test_expect_success ROOT,NETNS 'capture a master, two slaves and their clients' '
	"$netns" -c conf up &&
	capture eth0 && capture lo &&
	start master -r master -l $JOBMGR_MASTER -H 100ms &&
	start slave1 -r slave -m $JOBMGR_MASTER -n slave1 -j 2 &&
	start slave2 -r slave -m $JOBMGR_MASTER -n slave2 -j 2 &&
	jm status -s slave1,slave2 -W 5s >/dev/null &&
	jm submit -t "$PWD/token" -w -- echo "hello world" >out &&
	echo "hello world" >expect && test_cmp expect out &&
	test_expect_code 3 jm submit -t "$PWD/token" -w -- sh -c "exit 3" &&
	id=$(jm submit -t "$PWD/token" -- sleep 5) &&
	jm cancel -t "$PWD/token" $id &&
	jm list >/dev/null &&
	test_expect_code 1 jm submit -t "$PWD/bad-token" -- true 2>err &&
	sleep 0.3 &&
	jm shutdown -t "$PWD/token" &&
	sleep 0.5 &&
	kill -INT ${cap[eth0]} ${cap[lo]} &&
	wait ${cap[eth0]} && wait ${cap[lo]}
'

test_expect_success ROOT,NETNS 'pcap2xml | simplify | decode: every message decodes, none malformed' '
	for i in eth0 lo; do
		pcap2xml -r $i.pcap | simplify -p guest=master -p iface=$i |
			decode -v -t "$SONDE_TOP/tools/jobmgr/jobmgr.x" -w $i.dxml 2>$i.stats || return 1
	done &&
	cat eth0.stats lo.stats &&
	test_grep "(0 malformed), 0 stream problems" eth0.stats &&
	test_grep "(0 malformed), 0 stream problems" lo.stats &&
	! grep -q "malformed=\|<problem" eth0.dxml lo.dxml &&
	xmllint --xpath "//message/@type" eth0.dxml lo.dxml | tr " " "\n" | sed -n "s/type=\"\(.*\)\"/\1/p" |
		sort -u | tr "\n" " " >types &&
	cat types &&
	test "$(cat types)" = "ACCEPTED CANCEL ERROR HEARTBEAT LEAVE LIST LISTING QUERY REGISTER REGISTERED RUN SHUTDOWN STATUS SUBMIT "
'

test_expect_success ROOT,NETNS 'the fields are those that were sent' '
	# the client submitted argv "echo" "hello world" on lo ...
	xmllint --xpath "(//message[@type=\"SUBMIT\"])[1]//argv" lo.dxml >argv &&
	test_grep "<argv count=\"2\"><item>echo</item><item>hello world</item></argv>" argv &&
	summaries lo.dxml >lo.messages &&
	test_grep "^SUBMIT reqid=[0-9]* argv=echo hello world" lo.messages &&
	# ... the master ran it on a slave, over eth0
	summaries eth0.dxml >eth0.messages &&
	test_grep "^RUN reqid=[0-9]* job=1 argv=echo hello world" eth0.messages &&
	test_grep "^REGISTER reqid=[0-9]* name=slave1 slots=2 running=0$" eth0.messages &&
	test_grep "^REGISTER reqid=[0-9]* name=slave2 slots=2 running=0$" eth0.messages &&
	# the job that exited 3: from its slave, and to the client waiting
	test_grep "^STATUS reqid=[0-9]* job=2 state=EXITED code=3 slave=slave[12]$" eth0.messages &&
	test_grep "^STATUS reqid=[0-9]* job=2 state=EXITED code=3 slave=slave[12]$" lo.messages &&
	test_grep "^CANCEL reqid=[0-9]* job=3$" lo.messages &&
	test_grep "^CANCEL reqid=[0-9]* job=3$" eth0.messages &&
	test_grep "^STATUS reqid=[0-9]* job=3 state=CANCELLED code=9 slave=slave[12]$" eth0.messages &&
	test_grep "^LISTING reqid=[0-9]* slaves=\[2\] jobs=\[3\]$" lo.messages &&
	test_grep "^ERROR reqid=[0-9]* code=E_TOKEN" lo.messages &&
	# the output of job 1 is in its STATUS, as hex
	xmllint --xpath "(//message[@type=\"STATUS\"][body/status/status/job=1][body/status/status/state=\"EXITED\"])[1]/body/status/stdout" lo.dxml >stdout &&
	test_grep "<stdout len=\"12\">68656c6c6f20776f726c640a</stdout>" stdout &&
	# no token in any summary
	! grep -q "$(cat token)" lo.messages eth0.messages
'

test_done
