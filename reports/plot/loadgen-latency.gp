# loadgen-latency.gp: latency by percentile, one line per test (rate), in
# the manner of HdrHistogram's plots: the percentile axis is 1/(1 - p)
# on a log scale, so the tail (99%, 99.9%, ...) gets as much room as the
# median.  Reads the distribution TSVs of `loadgen run -d`
# (latency_ns count cumulative percentile, one line per histogram bucket).
#
#   gnuplot -e "files='a.tsv b.tsv'; labels='500 1000'; outfile='x.svg'" loadgen-latency.gp
#
# files and labels are lists of words (no blanks in a path or a label).

if (!exists("files")) files = 'distribution.tsv'
if (!exists("labels")) labels = files
if (!exists("outfile")) outfile = 'latency.svg'
if (!exists("title")) title = 'latency by percentile'

set terminal svg size 900,480 noenhanced font 'sans,11' background rgb 'white'
set output outfile
set datafile separator "\t"
set datafile columnheaders
set title title
set xlabel "percentile"
set ylabel "latency (ms)"
set grid
set key outside bottom center horizontal
set logscale x
set xrange [1:100000]
set yrange [0:*]
set xtics ("0%%" 1, "50%%" 2, "90%%" 10, "99%%" 100, "99.9%%" 1000, "99.99%%" 10000, "99.999%%" 100000)

# A bucket's cumulative percentile on the axis; the maximum (100%) at its end.
pos(p) = p >= 99.999 ? 100000 : 100 / (100 - p)

# fsteps: the latency of bucket i holds from the percentile of bucket
# i - 1 up to its own.
plot for [i=1:words(files)] word(files, i) using (pos($4)):($1 / 1e6) \
	with fsteps lw 1.5 title word(labels, i)
set output
