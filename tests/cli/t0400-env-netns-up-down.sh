#!/bin/sh
test_description='env/netns: up, status, addr, down, and cleaning up a crashed run'
. "$(dirname "$0")/test-lib.sh"

netns=$SONDE_TOP/env/netns
ns=sonde-t0400-
cat >conf <<EOF
TESTBED=t0400
ROLES="master slave"
STATE_DIR=$PWD/state
EOF
test_atexit "\"$netns\" -c \"$PWD/conf\" down"

test_lazy_prereq PING 'command -v ping >/dev/null || { echo "ping (iputils-ping) is not installed"; false; }'

# Names of the host's network devices, to show that a testbed adds none.
host_links() { ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | sort; }
# The testbed's namespaces that exist.
our_ns() { ip netns list | awk -v p="$ns" 'index($1, p) == 1 { print $1 }' | sort; }
ns_inode() { stat -L -c %i "/run/netns/$1"; }
# A mark in a namespace that only the namespace's rebuilding removes (an
# inode number may well be reused by the new namespace).
mark() { ip -n "$1" link set dev lo mtu 1234; }
marked() { ip -n "$1" -o link show dev lo | grep -q "mtu 1234 "; }

test_expect_success '-h prints the usage on stdout and exits 0' '
	"$netns" -h >out 2>err &&
	test_grep "^usage: netns -c CONF up" out &&
	test ! -s err
'

test_expect_success 'an unknown subcommand or option, or no subcommand, exits 2' '
	test_expect_code 2 "$netns" -c conf frobnicate 2>err &&
	test_grep "netns: unknown subcommand .frobnicate." err &&
	test_expect_code 2 "$netns" -c conf 2>err &&
	test_grep "no subcommand" err &&
	test_expect_code 2 "$netns" -x up 2>err &&
	test_grep "unknown option -x" err
'

test_expect_success ROOT 'it refuses to run as another user than root' '
	test_expect_code 1 setpriv --reuid 65534 --regid 65534 --clear-groups \
		"$netns" -c conf status 2>err &&
	test_grep "netns: status: must run as root" err
'

test_expect_success ROOT 'a missing configuration is an error' '
	test_expect_code 1 "$netns" -c nosuch.conf up 2>err &&
	test_grep "nosuch.conf: cannot read" err &&
	test_expect_code 2 "$netns" up 2>err &&
	test_grep "no configuration file (-c CONF)" err
'

test_expect_success ROOT,NETNS 'up makes a namespace per role and a switch, nothing in the host' '
	host_links >links.before &&
	"$netns" -c conf up 2>err &&
	test ! -s err &&
	printf "%s\n" ${ns}master ${ns}slave ${ns}sw | sort >expect &&
	our_ns >actual &&
	test_cmp expect actual &&
	host_links >links.up &&
	test_cmp links.before links.up &&
	ip -n ${ns}master -br address show dev eth0 >addr &&
	test_grep "198\.18\.0\.1/24" addr &&
	ip -n ${ns}slave -br address show dev eth0 >addr &&
	test_grep "198\.18\.0\.2/24" addr &&
	ip -n ${ns}master -br link show dev lo >lo &&
	test_grep "UP" lo &&
	ip -n ${ns}sw -o link show master br0 >ports &&
	test_grep " master@" ports && test_grep " slave@" ports
'

test_expect_success ROOT,NETNS,PING 'master reaches slave through the switch' '
	"$netns" -c conf run master -- ping -c 1 -W 2 198.18.0.2 &&
	"$netns" -c conf run slave -- ping -c 1 -W 2 198.18.0.1
'

test_expect_success ROOT,NETNS 'addr prints a role address, the hosts file maps them all' '
	test "$("$netns" -c conf addr master)" = 198.18.0.1 &&
	test "$("$netns" -c conf addr slave)" = 198.18.0.2 &&
	printf "198.18.0.1\tmaster\n198.18.0.2\tslave\n" >expect &&
	test_cmp expect state/t0400/hosts &&
	test_expect_code 2 "$netns" -c conf addr nobody 2>err &&
	test_grep "addr: no role .nobody." err
'

test_expect_success ROOT,NETNS 'status shows roles, namespaces, addresses and exits 0 when up' '
	"$netns" -c conf status >out &&
	test_grep "^testbed t0400: up" out &&
	test_grep "^master  *${ns}master  *198\.18\.0\.1/24" out &&
	test_grep "^slave  *${ns}slave  *198\.18\.0\.2/24" out
'

test_expect_success ROOT,NETNS 'up again with the same configuration changes nothing' '
	before="$(ns_inode ${ns}master) $(ns_inode ${ns}slave) $(ns_inode ${ns}sw)" &&
	idx=$(ip -n ${ns}master -o link show dev eth0 | cut -d: -f1) &&
	mark ${ns}slave &&
	"$netns" -c conf up 2>err &&
	marked ${ns}slave &&
	test ! -s err &&
	test "$before" = "$(ns_inode ${ns}master) $(ns_inode ${ns}slave) $(ns_inode ${ns}sw)" &&
	test "$idx" = "$(ip -n ${ns}master -o link show dev eth0 | cut -d: -f1)"
'

test_expect_success ROOT,NETNS 'up after a crashed run stops what it left and builds anew' '
	victim=$("$netns" -c conf start master -- sleep 300) &&
	orphan=$("$netns" -c conf start slave -- sleep 300) &&
	mark ${ns}slave &&
	kill -9 "$victim" &&
	"$netns" -c conf up 2>err &&
	test_grep "processes left by an earlier run" err &&
	gone "$orphan" &&
	! marked ${ns}slave &&
	test -z "$(ls state/t0400/jobs)" &&
	"$netns" -c conf status >/dev/null
'

test_expect_success ROOT,NETNS 'up after a crash that left an incomplete testbed builds anew' '
	ip netns delete ${ns}slave &&
	"$netns" -c conf up 2>err &&
	test_grep "incomplete" err &&
	printf "%s\n" ${ns}master ${ns}slave ${ns}sw | sort >expect &&
	our_ns >actual &&
	test_cmp expect actual
'

test_expect_success ROOT,NETNS 'up with another configuration builds anew' '
	sed "s/^ROLES=.*/ROLES=\"master slave third\"/" conf >conf3 &&
	"$netns" -c conf3 up 2>err &&
	test_grep "another configuration" err &&
	test "$("$netns" -c conf3 addr third)" = 198.18.0.3 &&
	ip -n ${ns}third -br address show dev eth0 >addr &&
	test_grep "198\.18\.0\.3/24" addr &&
	"$netns" -c conf status >out &&
	test_grep "another configuration" out
'

test_expect_success ROOT,NETNS 'down stops running jobs and removes exactly what up made' '
	job=$("$netns" -c conf3 start third -- sleep 300) &&
	"$netns" -c conf3 down 2>err &&
	test ! -s err &&
	gone "$job" &&
	our_ns >actual &&
	test ! -s actual &&
	host_links >links.after &&
	test_cmp links.before links.after &&
	test ! -e state
'

test_expect_success ROOT,NETNS 'down when nothing is up exits 0, status then exits 1' '
	"$netns" -c conf down &&
	test_expect_code 1 "$netns" -c conf status >out &&
	test_grep "^testbed t0400: down" out
'

test_expect_success ROOT,NETNS 'down leaves another testbed whose id starts alike alone' '
	ip netns add sonde-t04000-x &&
	test_atexit "ip netns delete sonde-t04000-x 2>/dev/null" &&
	"$netns" -c conf up && "$netns" -c conf down &&
	test -e /run/netns/sonde-t04000-x &&
	ip netns delete sonde-t04000-x
'

test_done
