# loadgen-time.gp: throughput and latency over time, one line per test
# (rate), from the per-interval TSVs of `loadgen run -i`
# (time_ns interval_ns sent received sent_per_s received_per_s
#  bits_per_s p50_ns p99_ns max_ns).  Time runs from each test's own
# window start, a point per interval at its middle.  With haslat=1 a
# second panel shows each interval's median (solid) and p99 (dashed).
#
#   gnuplot -e "files='a.tsv b.tsv'; labels='500 1000'; haslat=1; outfile='x.svg'" loadgen-time.gp

if (!exists("files")) files = 'intervals.tsv'
if (!exists("labels")) labels = files
if (!exists("outfile")) outfile = 'time.svg'
if (!exists("title")) title = 'throughput and latency over time'
if (!exists("haslat")) haslat = 0

n = words(files)
array t0[n]
do for [i=1:n] {
	stats word(files, i) using 1 nooutput
	t0[i] = STATS_min
}

set terminal svg size 900,(haslat ? 720 : 400) noenhanced font 'sans,11' background rgb 'white'
set output outfile
set datafile separator "\t"
set datafile columnheaders
set grid
set key outside right top vertical
set xlabel "time since the window start (s)"
set format y "%.1s%c"

if (haslat) {
	set multiplot layout 2,1 title title
	unset title
} else {
	set title title
}
set ylabel "throughput (bit/s)"
set yrange [0:*]
plot for [i=1:n] word(files, i) using (($1 - t0[i] + $2 / 2) / 1e9):7 \
	with linespoints lw 1.5 pt 7 ps 0.5 lc i title word(labels, i)
if (haslat) {
	set ylabel "latency (ms)"
	set format y "%g"
	plot for [i=1:n] word(files, i) using (($1 - t0[i] + $2 / 2) / 1e9):($8 > 0 ? $8 / 1e6 : NaN) \
		with linespoints lw 1.5 pt 7 ps 0.5 lc i title sprintf("%s p50", word(labels, i)), \
	     for [i=1:n] word(files, i) using (($1 - t0[i] + $2 / 2) / 1e9):($9 > 0 ? $9 / 1e6 : NaN) \
		with linespoints lw 1.5 dt 2 pt 6 ps 0.5 lc i title sprintf("%s p99", word(labels, i))
	unset multiplot
}
set output
