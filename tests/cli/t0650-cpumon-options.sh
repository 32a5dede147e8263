#!/usr/bin/env bash
test_description='cpumon: usage, option checking, start-up errors, exit status of CMD'
. "$(dirname "$0")/test-lib.sh"

test_expect_success '-h prints the usage on stdout and exits 0' '
	cpumon -h >out 2>err &&
	test_grep "^usage: cpumon \[-i INTERVAL\]" out &&
	! test -s err
'

# Each bad interval: zero, below 1ms, above 1h, not a duration, negative.
for val in 0 500us 2h abc -1 ""; do
	test_expect_success "bad interval -i '$val' exits 2" "
		test_expect_code 2 cpumon -i '$val' -o out.tsv -- true 2>err &&
		test_grep '^cpumon: -i: ' err &&
		! test -e out.tsv
	"
done

test_expect_success 'unknown option, bad backend, bad pid exit 2' '
	test_expect_code 2 cpumon -X 2>err &&
	test_grep "Try .cpumon -h." err &&
	test_expect_code 2 cpumon -b ebpf -- true 2>err &&
	test_grep "^cpumon: -b: .ebpf.: expected bpf or proc" err &&
	test_expect_code 2 cpumon -p 0 2>err &&
	test_expect_code 2 cpumon -p x 2>err
'

test_expect_success '-p and a command together exit 2' '
	test_expect_code 2 cpumon -p 1 -- true 2>err &&
	test_grep "exclusive" err
'

test_expect_success 'a pid that does not exist: exit 1 with the reason' '
	sh -c "exit 0" & dead=$! && wait $dead &&
	test_expect_code 1 cpumon -p $dead -o out.tsv 2>err &&
	test_grep "^cpumon: -p $dead: no such process" err
'

test_expect_success 'an output that cannot be opened: exit 1' '
	test_expect_code 1 cpumon -o no/such/dir/out.tsv -- true 2>err &&
	test_grep "^cpumon: no/such/dir/out.tsv: No such file" err
'

test_expect_success 'the header names the backend, the interval and the scope' '
	cpumon -b proc -i 250ms -o out.tsv -- true &&
	head -n 1 out.tsv >meta &&
	test_grep "^# cpumon backend=proc interval_ns=250000000 scope=command$" meta &&
	sed -n 2p out.tsv >cols &&
	printf "time\tkind\tpid\tppid\tcomm\tuser_ns\tsystem_ns\tcpu_pct\tnote\n" >expect &&
	test_cmp expect cols
'

test_expect_success 'CMD exit status is passed through (0, 3, killed by a signal)' '
	cpumon -o out.tsv -- true &&
	test_expect_code 3 cpumon -o out.tsv -- sh -c "exit 3" &&
	test_expect_code 137 cpumon -o out.tsv -- sh -c "kill -KILL \$\$"
'

test_expect_success 'a missing command exits 127, a non-executable one 126' '
	test_expect_code 127 cpumon -o out.tsv -- ./no-such-command 2>err &&
	test_grep "no-such-command: No such file or directory" err &&
	: >not-exec &&
	test_expect_code 126 cpumon -o out.tsv -- ./not-exec 2>err &&
	test_grep "not-exec: Permission denied" err
'

test_expect_success 'writes to standard output by default' '
	cpumon -- true >out.tsv &&
	test_grep "^# cpumon backend=\(bpf\|proc\) " out.tsv &&
	test_grep "	exit	.*	final$" out.tsv
'

test_expect_success NETNS '-N runs CMD in the namespace' '
	ns=sonde-ti4b-cpu$$ &&
	ip netns add $ns &&
	test_atexit "ip netns del $ns" &&
	cpumon -N $ns -o out.tsv -- ip -o link show >links &&
	test_grep "^1: lo:" links &&
	test_grep ! "eth\|ens\|veth" links &&
	test_expect_code 1 cpumon -N sonde-ti4b-none -o out.tsv -- true 2>err &&
	test_grep "^cpumon: -N sonde-ti4b-none: " err
'

test_done
