# throughput.gp: bytes per second over time, one line per flow direction,
# from the TSV that reports/xsl/throughput.xsl writes (blocks separated by
# two empty lines, each starting with a header naming the flow).
#
#   gnuplot -e "datafile='x.tsv'; outfile='throughput.svg'; bin=0.1" throughput.gp
#
# bin must be the bin width the TSV was made with (seconds, default 0.1).
# An empty capture (no block) gives a plot saying "no packets".

if (!exists("datafile")) datafile = 'throughput.tsv'
if (!exists("outfile")) outfile = 'throughput.svg'
if (!exists("bin")) bin = 0.1
if (!exists("title")) title = 'Throughput'

set terminal svg size 900,480 noenhanced font 'sans,11' background rgb 'white'
set output outfile
set datafile separator "\t"
set title title
set xlabel sprintf("time since the first packet (s), %g s bins", bin)
set ylabel "bytes/s"
set grid
set key outside bottom center horizontal
set format y "%.3s%c"

# Count the flows: data lines of each block, header excluded.  A file with
# no data is not an error for stats but leaves STATS_blocks unset.
# An empty file is skipped before stats, which would warn about it.
blocks = 0
if (int(system(sprintf("grep -c '^[0-9]' '%s'", datafile))) > 0) {
	stats datafile using 1 nooutput
	if (exists("STATS_blocks") && STATS_records > 0) {
		blocks = STATS_blocks
	}
}

if (blocks == 0) {
	unset key
	set xrange [0:1]
	set yrange [0:1]
	set label 1 "no packets" at graph 0.5, graph 0.5 center font 'sans,16'
	plot NaN notitle
} else {
	set yrange [0:*]
	plot for [i=0:blocks-1] datafile index i using 1:($3/bin) \
		with steps lw 1.5 title columnheader(2)
}
set output
