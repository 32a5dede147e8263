#!/usr/bin/env bash
test_description='procmon: options, scope errors, privileges'
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'prints usage with -h' '
	procmon -h >out &&
	test_grep "usage: procmon" out
'

test_expect_success 'rejects bad usage with status 2' '
	test_expect_code 2 procmon -b ebpf -- true 2>err &&
	test_grep "not a backend" err &&
	test_expect_code 2 procmon -p 12x 2>err &&
	test_grep "not a whole number" err &&
	test_expect_code 2 procmon -p 1 -- true 2>err &&
	test_grep "exclusive" err &&
	test_expect_code 2 procmon -Z 2>err
'

for b in bpf proc; do
test_expect_success ROOT "$b: unknown pid is a clear error" '
	test_expect_code 1 procmon -b '$b' -p 4194304 2>err &&
	test_grep "pid 4194304: no such process" err
'

test_expect_success ROOT "$b: a missing command exits 127 with the reason" '
	test_expect_code 127 procmon -b '$b' -o out -- sonde-no-such-command 2>err &&
	test_grep "sonde-no-such-command: No such file or directory" err &&
	test_grep "^# procmon backend='$b'\$" out
'

test_expect_success ROOT "$b: exits with the command status" '
	test_expect_code 3 procmon -b '$b' -o out -- sh -c "exit 3" &&
	test_expect_code 137 procmon -b '$b' -o out -- sh -c "kill -9 \$\$"
'
done

test_expect_success ROOT 'without privilege: BPF refused clearly, proc used or refused clearly' '
	test_expect_code 1 setpriv --reuid=nobody --regid=nogroup --clear-groups \
		procmon -b bpf -o /dev/null -- true 2>err &&
	test_grep "procmon: loading the BPF programs (tp_btf): Operation not permitted" err &&
	rc=0 &&
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		procmon -- true >out 2>err || rc=$? &&
	if test $rc = 0
	then
		test_grep "BPF unavailable (.*); using the proc connector" err &&
		test_grep "^# procmon backend=proc" out &&
		test_grep "	exit	.*	true	0	" out
	else
		test $rc = 1 && test_grep "no event source: BPF: .*proc connector" err
	fi
'

test_done
