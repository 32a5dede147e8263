#!/bin/sh
test_description='every tool: -h, usage errors, a man page that renders cleanly'
. "$(dirname "$0")/test-lib.sh"

tools=$(make -s -C "$SONDE_TOP" --no-print-directory O="$SONDE_BUILD" print-TOOLS)

test_expect_success 'the tool list is not empty' '
	test -n "$tools"
'

for t in $tools; do
	test_expect_success "$t -h prints a usage line and exits 0" '
		$t -h >out 2>err &&
		test_grep "usage:" out &&
		test ! -s err
	'
	test_expect_success "$t rejects an unknown option with exit 2" '
		test_expect_code 2 $t -@ >out 2>err &&
		test_grep "^$t: \\|^usage:\\|invalid option" err
	'
	test_expect_success "$t has a man page that mandoc accepts" '
		page="$SONDE_TOP/tools/$t/$t.1" &&
		test -f "$page" &&
		mandoc -Tlint -W warning "$page" >lint 2>&1 || { cat lint >&4; false; }
	'
	test_expect_success "$t's man page documents every option its usage shows" '
		$t -h >usage &&
		for o in $(grep -o -- "-[a-zA-Z]\\b" usage | sort -u); do
			grep -q "^\\.It Fl ${o#-}" "$SONDE_TOP/tools/$t/$t.1" ||
			{ echo "$t.1 lacks $o" >&4; return 1; }
		done
	'
done

test_done
