#!/usr/bin/env bash
test_description='memmon: usage, option checking, start-up errors, exit status of CMD'
. "$(dirname "$0")/test-lib.sh"

test_expect_success '-h prints the usage on stdout and exits 0' '
	memmon -h >out 2>err &&
	test_grep "^usage: memmon \[-P\] \[-i INTERVAL\]" out &&
	! test -s err
'

for val in 0 999us 61m x1 -5 ""; do
	test_expect_success "bad interval -i '$val' exits 2" "
		test_expect_code 2 memmon -i '$val' -o out.tsv -- true 2>err &&
		test_grep '^memmon: -i: ' err &&
		! test -e out.tsv
	"
done

test_expect_success 'unknown option, bad backend, -p with a command exit 2' '
	test_expect_code 2 memmon -Q 2>err &&
	test_grep "Try .memmon -h." err &&
	test_expect_code 2 memmon -b kprobe -- true 2>err &&
	test_grep "^memmon: -b: .kprobe.: expected bpf or proc" err &&
	test_expect_code 2 memmon -p 1 -- true 2>err
'

test_expect_success 'a pid that does not exist: exit 1 with the reason' '
	sh -c "exit 0" & dead=$! && wait $dead &&
	test_expect_code 1 memmon -p $dead 2>err &&
	test_grep "^memmon: -p $dead: no such process" err
'

test_expect_success 'the header names the backend, the interval and the scope' '
	memmon -b proc -i 2s -o out.tsv -- true &&
	head -n 1 out.tsv >meta &&
	test_grep "^# memmon backend=proc interval_ns=2000000000 scope=command$" meta &&
	sed -n 2p out.tsv >cols &&
	printf "time\tkind\tpid\tppid\tcomm\trss_kb\tpeak_kb\tpss_kb\tnote\n" >expect &&
	test_cmp expect cols
'

test_expect_success 'CMD exit status is passed through; 127 for a missing command' '
	test_expect_code 5 memmon -o out.tsv -- sh -c "exit 5" &&
	test_expect_code 143 memmon -o out.tsv -- sh -c "kill -TERM \$\$" &&
	test_expect_code 127 memmon -o out.tsv -- no-such-command-i4b 2>err &&
	test_grep "no-such-command-i4b: No such file or directory" err
'

test_done
