#!/usr/bin/env bash
test_description='bench harness: statistics, skips, failures, TSV and page (fake benchmarks)'
. "$(dirname "$0")/test-lib.sh"

bench=$SONDE_TOP/tests/bench
prereq_code[GNUPLOT]='command -v gnuplot >/dev/null || { echo "gnuplot is not installed"; false; }'

# Fake benchmarks: known samples, so every statistic is known.
test_expect_success 'set up: fake benchmarks' '
	mkdir scripts out &&
	cat >scripts/bench-fake.sh <<-\EOF &&
	#!/usr/bin/env bash
	. "$SONDE_TOP/tests/bench/lib.sh"
	bench_init fake sondetool peertool "a fake benchmark"
	bench_xlabel "size (packets)"
	bench_figure time s lower "ratio<=1" "run time"
	bench_figure rss kB lower "sonde<2" "peak memory"
	bench_figure loss % lower "sonde<=peer" "packets lost"
	for run in $(bench_run_ids); do
		bench_sample time - sondetool $run $(echo 5 3 1 4 2 | cut -d" " -f$run)
		bench_sample time - peertool $run $(echo 10 6 8 7 9 | cut -d" " -f$run)
		test $run = 5 || bench_sample rss 10 sondetool $run $(echo 1 2 3 10 | cut -d" " -f$run)
		bench_sample rss 100 sondetool $run 7
		bench_sample loss 400k sondetool $run 0
		bench_sample loss 400k peertool $run 0
		bench_sample loss max sondetool $run $run
		bench_sample loss max peertool $run 0.5
	done
	bench_note "a note for the page"
	bench_done
	EOF
	cat >scripts/bench-nopeer.sh <<-\EOF &&
	#!/usr/bin/env bash
	. "$SONDE_TOP/tests/bench/lib.sh"
	bench_init nopeer sondetool peertool "cannot run"
	bench_skip "peertool is not installed & cannot be"
	echo "not reached" >"$BENCH_OUT/reached"
	EOF
	cat >scripts/bench-broken.sh <<-\EOF &&
	#!/usr/bin/env bash
	. "$SONDE_TOP/tests/bench/lib.sh"
	bench_init broken sondetool - "breaks"
	bench_figure time s lower - "run time"
	bench_sample time - sondetool 1 fast
	EOF
	chmod +x scripts/*.sh
'

run_bench() {
	BENCH_SCRIPTS=$PWD/scripts BENCH_OUT=$PWD/out BENCH_RUNS=${runs:-5} "$bench/run-bench" "$@"
}

test_expect_success GNUPLOT 'median, spread, ratio and goals computed right' '
	run_bench fake nopeer >output 2>&1 &&
	cat >expect <<-\EOF &&
	figure	x	unit	better	sonde	sonde_runs	sonde_median	sonde_min	sonde_max	peer	peer_runs	peer_median	peer_min	peer_max	ratio	goal	verdict
	time	-	s	lower	sondetool	5	3	1	5	peertool	5	8	6	10	0.375	ratio<=1	met
	rss	10	kB	lower	sondetool	4	2.5	1	10	peertool	0	-	-	-	-	sonde<2	missed
	rss	100	kB	lower	sondetool	5	7	7	7	peertool	0	-	-	-	-	sonde<2	missed
	loss	400k	%	lower	sondetool	5	0	0	0	peertool	5	0	0	0	1	sonde<=peer	met
	loss	max	%	lower	sondetool	5	3	1	5	peertool	5	0.5	0.5	0.5	6	sonde<=peer	missed
	EOF
	test_cmp expect out/fake.tsv &&
	test "$(wc -l <out/fake.samples.tsv)" = 40
'

test_expect_success GNUPLOT 'the summary at the end shows medians, spreads and ratios' '
	test_grep "^summary" output &&
	test_grep "^bench-fake" output &&
	test_grep "time (s) *sondetool 3 \[1\.\.5\] *peertool 8 \[6\.\.10\] *0.375 *ratio<=1 met" output &&
	test_grep "loss @max (%) .* 6 *sonde<=peer missed" output
'

test_expect_success GNUPLOT 'a skipped benchmark says why, writes no figures, and is no failure' '
	test_grep "skipped: peertool is not installed & cannot be" output &&
	test_cmp - out/nopeer.skip <<-\EOF &&
	peertool is not installed & cannot be
	EOF
	! test -e out/reached &&
	! test -e out/nopeer.tsv
'

test_expect_success GNUPLOT 'the page: machine, tables, notes, skip reason, one plot per figure over x' '
	test_file_not_empty out/index.html &&
	xmllint --html --noout out/index.html 2>xmllint.err && ! test -s xmllint.err &&
	test_grep "<th>kernel</th><td>Linux" out/index.html &&
	test_grep "<th>cores</th><td>[0-9]" out/index.html &&
	test_grep "<th>cpu</th>" out/index.html &&
	test_grep "<th>memory</th><td>[0-9.]* GiB" out/index.html &&
	test_grep "a note for the page" out/index.html &&
	test_grep "skipped: peertool is not installed &amp; cannot be" out/index.html &&
	test_grep "<td>0.375</td>" out/index.html &&
	test_grep "img src=\"fake.rss.svg\"" out/index.html &&
	test_grep "img src=\"fake.loss.svg\"" out/index.html &&
	test_grep ! "fake.time.svg" out/index.html &&
	test_grep "<svg" out/fake.rss.svg &&
	test_grep "sondetool" out/fake.loss.svg &&
	test_grep "peertool" out/fake.loss.svg
'

test_expect_success GNUPLOT 'a broken benchmark fails the run, is named, and the page says so' '
	test_expect_code 1 run_bench broken fake >output 2>&1 &&
	test_grep "bench-broken failed (exit 1)" output &&
	test_grep "bench_sample time - sondetool: .fast. is not a number" out/broken.failed &&
	test_grep "failed: exit status 1" out/index.html &&
	test_file_not_empty out/fake.tsv
'

test_expect_success 'bad BENCH_RUNS and unknown benchmarks are usage errors' '
	runs=x test_expect_code 2 run_bench fake 2>err &&
	test_grep "BENCH_RUNS=x: not a number" err &&
	test_expect_code 2 run_bench nosuch 2>err &&
	test_grep "nosuch: no such benchmark" err
'

test_expect_success 'a sample of an undeclared figure is an error, not a silent drop' '
	printf "figure\tunit\tbetter\tgoal\ttitle\nf\ts\tlower\t-\tf\n" >figs &&
	printf "figure\tx\ttool\trun\tvalue\ng\t-\tt\t1\t1\n" >samples &&
	test_expect_code 1 awk -f "$bench/stats.awk" -v sonde=t -v peer=- figs samples 2>err &&
	test_grep "undeclared figure .g." err
'

test_done
