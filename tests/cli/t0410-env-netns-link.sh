#!/bin/sh
test_description='env/netns: link emulation (rate, loss, delay) and its checks'
. "$(dirname "$0")/test-lib.sh"

netns=$SONDE_TOP/env/netns
ns=sonde-t0410-
slave=198.18.0.2

# conf [SETTING...]: writes conf with the testbed's settings plus those.
conf() {
	{
		echo "TESTBED=t0410"
		echo "ROLES=\"master slave\""
		echo "STATE_DIR=$PWD/state"
		for s in "$@"; do echo "$s"; done
	} >conf
}
conf
test_atexit "\"$netns\" -c \"$PWD/conf\" down"

test_lazy_prereq PING 'command -v ping >/dev/null || { echo "ping (iputils-ping) is not installed"; false; }'
test_lazy_prereq PYTHON3 'command -v python3 >/dev/null || { echo "python3 is not installed"; false; }'
netem_probe='unshare --net tc qdisc add dev lo root netem delay 1ms 2>/dev/null'
test_lazy_prereq NETEM "$netem_probe"' || { echo "this kernel has no sch_netem"; false; }'
test_lazy_prereq NO_NETEM "! $netem_probe"' || { echo "this kernel has sch_netem"; false; }'

# our_ns: the testbed's namespaces that exist.
our_ns() { ip netns list | awk -v p="$ns" 'index($1, p) == 1 { print $1 }'; }

# Traffic for the measurements: UDP datagrams counted by the receiver, and
# a TCP stream whose receiver counts the bytes of its first SECS seconds.
# The receivers write READY once they listen, their count to OUT at the end.
cat >traffic.py <<'EOF'
import os, socket, sys, time

def done(path, value):
    with open(path + ".tmp", "w") as f:
        f.write("%d\n" % value)
    os.rename(path + ".tmp", path)

mode, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
if mode == "udp-recv":                      # ADDR PORT READY OUT
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, port))
    open(sys.argv[4], "w").close()
    n, s_timeout = 0, 10.0                  # the first datagram within 10 s,
    while True:                             # then until 1.5 s of silence
        s.settimeout(s_timeout)
        try:
            s.recv(2048)
        except socket.timeout:
            break
        n, s_timeout = n + 1, 1.5
    done(sys.argv[5], n)
elif mode == "udp-send":                    # ADDR PORT COUNT
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for i in range(int(sys.argv[4])):
        s.sendto(b"%06d" % i + b"x" * 100, (addr, port))
        time.sleep(0.002)
elif mode == "tcp-recv":                    # ADDR PORT READY OUT SECS
    l = socket.socket()
    l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind((addr, port))
    l.listen(1)
    l.settimeout(10)
    open(sys.argv[4], "w").close()
    c, _ = l.accept()
    c.settimeout(5)
    n, end = 0, None
    while end is None or time.monotonic() < end:
        b = c.recv(65536)
        if not b:
            break
        if end is None:
            end = time.monotonic() + float(sys.argv[6])
        n += len(b)
    done(sys.argv[5], n)
elif mode == "tcp-send":                    # ADDR PORT SECS
    s = socket.create_connection((addr, port), timeout=5)
    chunk, end = b"x" * 65536, time.monotonic() + float(sys.argv[4])
    try:
        while time.monotonic() < end:
            s.sendall(chunk)
    except OSError:
        pass                                # the receiver has its count
EOF

# pin_neighbour: master knows slave's MAC, so that no ARP exchange (which a
# lossy link may lose) stands between the datagrams and the wire.
pin_neighbour() {
	mac=$(ip -n ${ns}slave -o link show dev eth0 | sed 's|.*link/ether \([^ ]*\).*|\1|') &&
	ip -n ${ns}master neigh replace $slave lladdr "$mac" dev eth0 nud permanent
}

# udp_received COUNT: datagrams of COUNT sent master -> slave that arrive.
udp_received() {
	rm -f udp.ready udp.out &&
	"$netns" -c conf start slave -o udp.log -- python3 traffic.py udp-recv $slave 9000 udp.ready udp.out >/dev/null &&
	test_wait_for_file udp.ready &&
	"$netns" -c conf run master -- python3 traffic.py udp-send $slave 9000 "$1" &&
	test_wait_for_file udp.out 15 &&
	cat udp.out
}

# tcp_bytes: bytes a master -> slave TCP stream moves in 2 s.
tcp_bytes() {
	rm -f tcp.ready tcp.out &&
	"$netns" -c conf start slave -o tcp.log -- python3 traffic.py tcp-recv $slave 9001 tcp.ready tcp.out 2 >/dev/null &&
	test_wait_for_file tcp.ready &&
	"$netns" -c conf run master -- python3 traffic.py tcp-send $slave 9001 4 &&
	test_wait_for_file tcp.out 10 &&
	cat tcp.out
}

test_expect_success ROOT 'bad values are refused with the variable named, nothing made' '
	for bad in LINK_RATE=fast LINK_RATE=0mbit LINK_RATE_slave=10 LINK_LOSS=120% \
		LINK_LOSS=5 LINK_LOSS_master=1.234% LINK_DELAY=soon LINK_DELAY=-5ms
	do
		conf "$bad" &&
		test_expect_code 1 "$netns" -c conf up 2>err &&
		test_grep "^netns: $bad: not a" err || return 1
	done &&
	conf LINK_RATE_slvae=1mbit &&
	test_expect_code 1 "$netns" -c conf up 2>err &&
	test_grep "LINK_RATE_slvae: .slvae. is not one of ROLES" err &&
	conf LINK_JITTER=1ms &&
	test_expect_code 1 "$netns" -c conf up 2>err &&
	test_grep "LINK_JITTER: unknown setting" err &&
	test -z "$(our_ns)" && test ! -e state
'

test_expect_success ROOT,NO_NETEM 'LINK_DELAY without sch_netem fails before anything is made' '
	conf LINK_DELAY=20ms &&
	test_expect_code 1 "$netns" -c conf up 2>err &&
	echo "netns: LINK_DELAY=20ms needs the sch_netem kernel module, which this kernel does not have" >expect &&
	test_cmp expect err &&
	conf LINK_DELAY_slave=5ms &&
	test_expect_code 1 "$netns" -c conf up 2>err &&
	test_grep "^netns: LINK_DELAY_slave=5ms needs the sch_netem kernel module" err &&
	test -z "$(our_ns)" && test ! -e state
'

test_expect_success ROOT,NETNS,NETEM,PING 'LINK_DELAY delays each guest link both ways' '
	conf LINK_DELAY=20ms &&
	"$netns" -c conf up &&
	"$netns" -c conf run master -- ping -c 3 -i 0.2 $slave >ping.out &&
	rtt=$(sed -n "s|^rtt [^=]*= \([0-9.]*\)/.*|\1|p" ping.out) &&
	# master -> slave crosses two links each way: 4 x 20 ms.
	awk -v r="$rtt" "BEGIN { exit !(r >= 75) }"
'

test_expect_success ROOT,NETNS,PING 'LINK_LOSS=100% cuts the link, 0% or unset does not' '
	conf LINK_LOSS=100% &&
	"$netns" -c conf up &&
	test_expect_code 1 "$netns" -c conf run master -- ping -c 2 -i 0.2 -W 1 $slave &&
	conf LINK_LOSS=0% &&
	"$netns" -c conf up &&
	"$netns" -c conf run master -- ping -c 2 -i 0.2 -W 1 $slave &&
	conf &&
	"$netns" -c conf up &&
	"$netns" -c conf run master -- ping -c 2 -i 0.2 -W 1 $slave
'

# The loss is per guest link: master -> slave crosses master's link (out)
# and slave's (in), so a loss on slave's link alone is the path's loss.
test_expect_success ROOT,NETNS,PYTHON3 'LINK_LOSS_slave=30% drops about that share of 200 datagrams' '
	conf LINK_LOSS_slave=30% &&
	"$netns" -c conf up &&
	"$netns" -c conf status >status &&
	test_grep "^slave .* 30% " status &&
	pin_neighbour &&
	n=$(udp_received 200) &&
	echo "received $n of 200" &&
	test "$n" -ge 100 && test "$n" -le 180
'

test_expect_success ROOT,NETNS,PYTHON3 'without loss all 200 datagrams arrive' '
	conf &&
	"$netns" -c conf up &&
	pin_neighbour &&
	n=$(udp_received 200) &&
	test "$n" = 200
'

test_expect_success ROOT,NETNS,PYTHON3 'LINK_RATE=1mbit holds a bulk transfer far below an unlimited one' '
	conf &&
	"$netns" -c conf up &&
	free=$(tcp_bytes) &&
	conf LINK_RATE=1mbit &&
	"$netns" -c conf up &&
	tc -n ${ns}master qdisc show dev eth0 >qdisc &&
	test_grep "tbf .*rate 1Mbit" qdisc &&
	tc -n ${ns}sw qdisc show dev slave >qdisc &&
	test_grep "tbf .*rate 1Mbit" qdisc &&
	limited=$(tcp_bytes) &&
	echo "2 s moved $free bytes unlimited, $limited at 1mbit" &&
	# 1 Mbit/s for 2 s is 250 kB; allow bursts and buffers, not 4 times that.
	test "$limited" -gt 50000 && test "$limited" -lt 1000000 &&
	test "$free" -gt $((10 * limited))
'

test_expect_success ROOT,NETNS 'a per-role setting overrides the common one, "" switches it off' '
	conf LINK_RATE=10mbit LINK_RATE_slave=1mbit LINK_LOSS=5% "LINK_LOSS_master=\"\"" &&
	"$netns" -c conf up &&
	"$netns" -c conf status >status &&
	test_grep "^master .* 10mbit  *-  " status &&
	test_grep "^slave .* 1mbit  *5%  " status &&
	tc -n ${ns}master qdisc show dev eth0 >qdisc &&
	test_grep "rate 10Mbit" qdisc &&
	tc -n ${ns}slave qdisc show dev eth0 >qdisc &&
	test_grep "rate 1Mbit" qdisc
'

test_expect_success ROOT,NETNS 'down removes the emulation with the testbed' '
	"$netns" -c conf down &&
	test -z "$(our_ns)"
'

test_done
