# jobs-slaves.gp: jobs per slave in one run, a stacked bar per slave by how
# the jobs ended.  From the TSV that reports/xsl/jobs-plot.xsl writes with
# what=slaves (slave exited_0 failed timedout other, one header line).
#
#   gnuplot -e "datafile='jobs-slaves.tsv'; outfile='jobs-slaves.svg'; rows=3" jobs-slaves.gp
#
# rows counts the file's lines, header included; without a slave the plot
# says "no jobs ran".

if (!exists("datafile")) datafile = 'jobs-slaves.tsv'
if (!exists("outfile")) outfile = 'jobs-slaves.svg'
if (!exists("title")) title = ''
if (!exists("rows")) rows = 0

set terminal svg size 640,360 noenhanced font 'sans,11' background rgb 'white'
set output outfile
set datafile separator "\t"
set title 'jobs per slave' . (title eq '' ? '' : ', ' . title)
set ylabel "jobs"
set grid ytics
set key outside bottom center horizontal

if (rows <= 1) {
	unset key
	set xrange [0:1]
	set yrange [0:1]
	set label 1 "no jobs ran" at graph 0.5, graph 0.5 center font 'sans,16'
	plot NaN notitle
} else {
	set style data histograms
	set style histogram rowstacked
	set style fill solid 0.9 border rgb '#555555'
	set boxwidth 0.6
	set yrange [0:*]
	plot datafile skip 1 using 2:xtic(1) title 'exited 0' lc rgb '#2a9d3a', \
	     '' skip 1 using 3 title 'failed' lc rgb '#e08a00', \
	     '' skip 1 using 4 title 'timed out' lc rgb '#d62728', \
	     '' skip 1 using 5 title 'signaled, lost or cancelled' lc rgb '#999999'
}
set output
