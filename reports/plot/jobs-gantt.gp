# jobs-gantt.gp: job latency of one run, one bar per job (in id order,
# the first at the top): a thin grey bar from submission to start (queued),
# then a thick bar from start to finish coloured by how the job ended.
# From the TSV that reports/xsl/jobs-plot.xsl writes with what=gantt
# (row job submit_ms start_ms end_ms class state slave, one header line).
#
#   gnuplot -e "datafile='jobs-gantt.tsv'; outfile='jobs-gantt.svg'; rows=14" jobs-gantt.gp
#
# rows (the number of jobs) sizes the plot; none gives a plot saying "no jobs".

if (!exists("datafile")) datafile = 'jobs-gantt.tsv'
if (!exists("outfile")) outfile = 'jobs-gantt.svg'
if (!exists("title")) title = ''
if (!exists("rows")) rows = 0
jobs = rows > 1 ? rows - 1 : 0      # the header is not a job

height = jobs * 14 + 140
height = height < 320 ? 320 : (height > 4000 ? 4000 : height)
bar = jobs > 0 ? (360.0 / jobs < 9 ? (360.0 / jobs > 1.5 ? 360.0 / jobs : 1.5) : 9) : 9

set terminal svg size 900,height noenhanced font 'sans,11' background rgb 'white'
set output outfile
set datafile separator "\t"
set title 'job latency (queued, then running)' . (title eq '' ? '' : ', ' . title)
set xlabel "time since the first submission (ms)"
set ylabel "job, slave"
set grid xtics
set key outside bottom center horizontal

set linetype 1 lc rgb '#2a9d3a'     # exited 0
set linetype 2 lc rgb '#e08a00'     # exited with another status
set linetype 3 lc rgb '#d62728'     # timed out
set linetype 4 lc rgb '#9467bd'     # signaled
set linetype 5 lc rgb '#222222'     # lost
set linetype 6 lc rgb '#999999'     # cancelled

if (jobs == 0) {
	unset key
	set xrange [0:1]
	set yrange [0:1]
	set label 1 "no jobs" at graph 0.5, graph 0.5 center font 'sans,16'
	plot NaN notitle
} else {
	set yrange [jobs + 0.7:0.3]
	set xrange [0:*]
	set offsets 0, graph 0.02, 0, 0
	# Up to 60 jobs, each is labelled with its id and slave.
	label(row) = jobs <= 60 ? strcol(2) . ' ' . strcol(8) : ''
	set ytics out
	if (jobs > 60) { set ytics autofreq }
	plot datafile skip 1 using 3:1:($4 - $3):(0) with vectors nohead lw 2 lc rgb '#c0c0c0' title 'queued', \
	     '' skip 1 using 4:1:($5 - $4):(0):6:ytic(label(0)) with vectors nohead lw bar lc variable notitle, \
	     NaN with lines lw 8 lt 1 title 'exited 0', \
	     NaN with lines lw 8 lt 2 title 'failed', \
	     NaN with lines lw 8 lt 3 title 'timed out', \
	     NaN with lines lw 8 lt 4 title 'signaled', \
	     NaN with lines lw 8 lt 5 title 'lost', \
	     NaN with lines lw 8 lt 6 title 'cancelled'
}
set output
