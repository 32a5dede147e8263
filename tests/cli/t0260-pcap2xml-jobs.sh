#!/bin/sh
test_description='pcap2xml -j: several threads write byte for byte what one writes'
. "$(dirname "$0")/test-lib.sh"

data=$SONDE_TOP/tests/data/pcap2xml

# many.pcap: the packets of the "mixed", "more" and "fragments" captures
# over and over (so TCP and UDP conversations, relative sequence numbers
# and retransmissions run across the threads' batches of 128 packets),
# with big frames now and then (batches also end at 128 KiB of captured
# data), one frame whose text alone is megabytes, and five IPv6 frames of
# 2,046 Pad1 options each, 1.4 MB of text apiece (so the thread whose
# batch they are in holds more than 4 MiB and writes it out in the middle
# of the batch, in turn).
test_expect_success 'setup' '
	for k in mixed more fragments; do
		python3 "$data/mkpcap.py" -k $k >$k.pcap || return 1
	done &&
	python3 - "$SONDE_TOP/tests/lib" mixed.pcap more.pcap fragments.pcap >many.pcap <<-\EOF &&
	import sys
	sys.path.insert(0, sys.argv[1])
	from pcapgen import eth, ipv6, ipv6_ext, pcap_header, pcap_record, read_pcap, udp
	frames = []
	for name in sys.argv[2:]:
	    frames += read_pcap(open(name, "rb").read())
	out = sys.stdout.buffer
	out.write(pcap_header())
	t = 1700000000 * 10**9
	n = 0
	for rep in range(80):
	    for i, (frame, length) in enumerate(frames):
	        t += 1000 + 250037 * ((rep + i) % 3)
	        n += 1
	        if n % 701 == 0:
	            big = eth("02:00:00:00:00:02", "02:00:00:00:00:01", 0x88b5, bytes(range(256)) * 300)
	            out.write(pcap_record(t // 10**9, t % 10**9, big))
	        elif n == 1500:
	            huge = eth("02:00:00:00:00:02", "02:00:00:00:00:01", 0x88b5, bytes(250000))
	            out.write(pcap_record(t // 10**9, t % 10**9, huge))
	        elif 2000 <= n < 2005:
	            a, b = "2001:db8::1", "2001:db8::2"
	            pads = ipv6(a, b, 0, udp(a, b, 1, 2, b"x"), exthdrs=ipv6_ext(17, bytes(2046)))
	            out.write(pcap_record(t // 10**9, t % 10**9, eth("02:00:00:00:00:02", "02:00:00:00:00:01", 0x86dd, pads)))
	        else:
	            out.write(pcap_record(t // 10**9, t % 10**9, frame, length))
	EOF
	pcap2xml -j 1 -r many.pcap >one.pdml &&
	test $(grep -c "^<packet>" one.pdml) -gt 3000 &&
	xmllint --noout one.pdml
'

test_expect_success 'two, three and seven threads: the same bytes as one' '
	for j in 2 3 7; do
		pcap2xml -j $j -r many.pcap >j$j.pdml &&
		cmp one.pdml j$j.pdml || return 1
	done
'

test_expect_success 'the default, one thread per CPU: the same bytes' '
	pcap2xml -r many.pcap >default.pdml &&
	cmp one.pdml default.pdml
'

# threads JOBS: the most threads pcap2xml -j JOBS (no -j when empty) was
# seen running while its output pipe is full (the reader waits two seconds
# before reading; half a second of looking is enough).
threads() {
	rm -f fifo
	mkfifo fifo || return 1
	(exec <fifo; sleep 2; cat >/dev/null) &
	pcap2xml ${1:+-j "$1"} -r many.pcap -w fifo &
	pid=$!
	most=0 i=0
	while test $i -lt 25; do
		n=$(ls /proc/$pid/task 2>/dev/null | wc -l)
		test "$n" -gt $most && most=$n
		sleep 0.02
		i=$((i + 1))
	done
	wait $pid && wait && echo $most
}

test_expect_success 'the threads are real: -j 3 runs three beside main(), -j 1 none' '
	test "$(threads 3)" = 4 &&
	test "$(threads 1)" = 1
'

# The CPUs this test may run on, as sched_getaffinity(2) counts them.
cpus=$(nproc)
test "$cpus" -gt 4 && cpus=4
test "$cpus" -gt 1 && test_set_prereq CPUS

test_expect_success CPUS 'the default is one thread per CPU, at most four' '
	test "$(threads "")" = $((cpus + 1))
'

test_expect_success 'ranges, counts, -s and -l: the same with threads' '
	for opts in "-R 300-2500" "-R 1000-" "-c 900" "-R 600-3000 -c 1234" "-s" "-l" "-l -R 20-2000"; do
		pcap2xml -j 1 $opts -r many.pcap >a &&
		pcap2xml -j 3 $opts -r many.pcap >b &&
		cmp a b || { echo "differs with $opts"; return 1; }
	done
'

test_expect_success 'damage in a later batch: the packets before it, the same message' '
	size=$(wc -c <many.pcap) &&
	head -c $((size * 3 / 4)) many.pcap >cut.pcap &&
	printf "\377\377\377\377" >>cut.pcap &&
	test_expect_code 1 pcap2xml -j 1 -r cut.pcap >a 2>erra &&
	test_expect_code 1 pcap2xml -j 3 -r cut.pcap >b 2>errb &&
	cmp a b && test_cmp erra errb &&
	test_grep "^pcap2xml: cut.pcap: " errb &&
	xmllint --noout b
'

test_expect_success 'a failed write ends every thread with the error' '
	test_expect_code 1 pcap2xml -j 3 -r many.pcap -w /dev/full 2>err &&
	test_grep "^pcap2xml: /dev/full: No space left on device$" err
'

test_expect_success 'standard input is read by one thread, with the same packets' '
	pcap2xml -j 1 <many.pcap >a &&
	pcap2xml -j 3 <many.pcap >b &&
	cmp a b &&
	sed 1,2d a >a.body && sed 1,2d one.pdml >one.body && cmp a.body one.body
'

test_expect_success '-j takes 1 to 64' '
	test_expect_code 2 pcap2xml -j 0 -r many.pcap &&
	test_expect_code 2 pcap2xml -j 65 -r many.pcap &&
	test_expect_code 2 pcap2xml -j x -r many.pcap
'

test_done
