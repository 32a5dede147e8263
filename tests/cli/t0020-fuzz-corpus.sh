#!/bin/sh
test_description='fuzz corpora: every kept input still runs clean through its fuzz target and its tool'
. "$(dirname "$0")/test-lib.sh"

# tests/fuzz/corpus/fuzz_TOOL_WHAT/ holds the seeds and the inputs the
# fuzzers found (see mk/fuzz.mk); each stays a regression test here.
corpora=$SONDE_TOP/tests/fuzz/corpus
fuzzbin=$SONDE_BUILD/fuzz/bin

test -d "$corpora" && test -n "$(ls "$corpora")" || skip_all "no fuzz corpus"

for dir in "$corpora"/fuzz_*; do
	name=${dir##*/}
	# Through the libFuzzer target (ASan, UBSan): -runs=0 runs the corpus
	# once and stops; any crash or sanitizer report fails it.
	prereq_code[BUILT_$name]="test -x '$fuzzbin/$name' || { echo 'fuzz target $name not built (make fuzz-build; needs clang with its libFuzzer runtime, libclang-rt-14-dev)'; false; }"
	test_expect_success BUILT_$name "$name: the corpus through the fuzz target" '
		"$fuzzbin/'$name'" -runs=0 "'$dir'" >fuzz.log 2>&1 ||
		{ cat fuzz.log >&4; false; }
	'
done

# Through pcap2xml itself, under the sanitizers when the build has them:
# exit 0 or 1 only, well-formed PDML either way, at most one message,
# naming the file.
if test -d "$corpora/fuzz_pcap2xml_file"; then
	test_expect_success 'fuzz_pcap2xml_file: the corpus through pcap2xml' '
		n=0 &&
		for f in "$corpora"/fuzz_pcap2xml_file/*; do
			n=$((n + 1)) &&
			{ pcap2xml -r "$f" >out.pdml 2>err; rc=$?; } &&
			case $rc in 0|1) ;; *) echo "$f: exit $rc" >&4; cat err >&4; return 1;; esac &&
			if test $rc = 1 && test ! -s out.pdml; then
				: nothing could be read
			else
				xmllint --noout out.pdml || { echo "$f: bad XML" >&4; return 1; }
			fi &&
			test $(wc -l <err) -le 1 &&
			{ test ! -s err || grep -q "^pcap2xml: $f: " err; } ||
			{ echo "$f:" >&4; cat err >&4; return 1; }
		done &&
		test $n -gt 5 &&
		pcap2xml -l -r "$corpora/fuzz_pcap2xml_file/seed-mixed.pcapng" >lines &&
		test_file_not_empty lines
	'
fi

test_done
