#!/usr/bin/env bash
test_description='pcapture: usage, option checking, -d, opening errors'
. "$(dirname "$0")/test-lib.sh"

test_expect_success '-h prints the usage on stdout and exits 0' '
	pcapture -h >out 2>err &&
	test_grep "^usage: pcapture -i IFACE" out &&
	test_grep "pcapture -d \[-s SNAPLEN\] \[-y LINKTYPE\] -f FILTER" out &&
	! test -s err
'

test_expect_success 'no arguments: usage error naming -i' '
	test_expect_code 2 pcapture 2>err &&
	test_grep "^pcapture: no interface: -i IFACE is required" err &&
	test_grep "Try .pcapture -h." err
'

test_expect_success '-w is required' '
	test_expect_code 2 pcapture -i lo 2>err &&
	test_grep "^pcapture: no output: -w FILE is required" err
'

test_expect_success 'unknown option, missing argument, stray argument exit 2' '
	test_expect_code 2 pcapture -i lo -w x -X 2>err &&
	test_grep "unknown option -X" err &&
	test_expect_code 2 pcapture -i lo -w 2>err &&
	test_grep "^pcapture: -w needs an argument" err &&
	test_expect_code 2 pcapture -i lo -w x udp 2>err &&
	test_grep "unexpected argument .udp." err
'

# option, bad value, what the message says
while read -r opt val why; do
	test_expect_success "bad number: -$opt '$val' exits 2" "
		test_expect_code 2 pcapture -i lo -w out.pcap -$opt '$val' 2>err &&
		test_grep \"^pcapture: -$opt: '$val': $why\" err &&
		! test -e out.pcap
	"
done <<'LIST'
s x not a whole number
s 262145 out of range
s -1 not a whole number
c 0 out of range
c 1x not a whole number
c 18446744073709551616 out of range
G 0 out of range
G soon not a duration
G 5parsecs not a duration
B 1k out of range
B lots not a size
B 4G out of range
LIST

test_expect_success 'conflicting options exit 2' '
	test_expect_code 2 pcapture -d -f udp -i lo 2>err &&
	test_grep "cannot be used with -i" err &&
	test_expect_code 2 pcapture -d -f udp -w x 2>err &&
	test_grep "cannot be used with -w" err &&
	test_expect_code 2 pcapture -d 2>err &&
	test_grep "needs a filter" err &&
	test_expect_code 2 pcapture -i lo -w x -y RAW 2>err &&
	test_grep "only for -d" err &&
	test_expect_code 2 pcapture -i lo -w x -R - 2>err &&
	test_expect_code 2 pcapture -i lo -w - -S - 2>err &&
	test_expect_code 2 pcapture -i lo -w same -S same 2>err &&
	test_grep "different files" err
'

test_expect_success 'unknown -Z user and -y link type exit 2' '
	test_expect_code 2 pcapture -i lo -w x -Z sonde-no-such-user 2>err &&
	test_grep "^pcapture: -Z: .sonde-no-such-user.: no such user" err &&
	test_expect_code 2 pcapture -d -y NOSUCHLINK -f udp 2>err &&
	test_grep "^pcapture: -y: .NOSUCHLINK." err
'

test_expect_success '-d prints the program of a good filter and exits 0' '
	pcapture -d -f "udp port 9" >prog 2>err &&
	! test -s err &&
	test_grep "^(000) ldh      \[12\]" prog &&
	test_grep "jeq      #0x11" prog &&
	test_grep "ret      #262144" prog
'

test_expect_success TCPDUMP '-d prints what tcpdump -d prints' '
	for f in "udp port 9" "tcp[tcpflags] & tcp-syn != 0" "icmp or arp"; do
		pcapture -d -f "$f" >mine &&
		tcpdump -y EN10MB -d "$f" >theirs &&
		test_cmp theirs mine || return 1
	done &&
	pcapture -d -s 128 -y RAW -f "ip" >mine &&
	tcpdump -y RAW -s 128 -d ip >theirs &&
	test_cmp theirs mine
'

test_expect_success '-d -s: the snapshot length is in the program' '
	pcapture -d -s 96 -f udp >prog &&
	test_grep "ret      #96" prog
'

test_expect_success '-d with a bad filter exits 1 naming the filter' '
	test_expect_code 1 pcapture -d -f "udp port nine" >out 2>err &&
	! test -s out &&
	test_grep "^pcapture: filter .udp port nine.: " err &&
	test_expect_code 1 pcapture -d -f "ip and and" 2>err &&
	test_grep "^pcapture: filter .ip and and.: .*syntax error" err
'

test_expect_success 'a missing interface exits 1 naming it, leaving no file' '
	mkdir noif && echo stale >noif/ready &&
	test_expect_code 1 pcapture -i sonde-tnoif0 -w noif/out.pcap -R noif/ready \
		-S noif/stats 2>err &&
	test_grep "^pcapture: sonde-tnoif0: " err &&
	# (without privilege, libpcap reports that before the missing device)
	{ test "$(id -u)" != 0 || test_grep "^pcapture: sonde-tnoif0: No such device" err; } &&
	test_grep -v "listening on" err &&
	test -z "$(ls -A noif)"
'

test_expect_success ROOT 'without privilege a capture exits 1 naming the interface' '
	mkdir nobody && chmod 777 nobody &&
	test_expect_code 1 setpriv --reuid=nobody --regid=nogroup --clear-groups \
		pcapture -i lo -w nobody/out.pcap -R nobody/ready 2>err &&
	test_grep "^pcapture: lo: .*permission" err &&
	test -z "$(ls -A nobody)"
'

test_expect_success ROOT 'a missing network namespace exits 1 naming it' '
	test_expect_code 1 pcapture -n sonde-tno-such-ns -i lo -w out.pcap 2>err &&
	test_grep "^pcapture: network namespace .sonde-tno-such-ns.: No such file" err &&
	! test -e out.pcap
'

test_done
