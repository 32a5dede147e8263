# processes-gantt.gp: the process timeline of one guest, one bar per
# process from its start (fork, or exec when the fork was not seen) to its
# exit, in start order (the first at the top), coloured by how it ended.
# From the TSV that mk/sections/processes.mk writes (row start_s end_s
# class label; class 1 exit 0, 2 another status, 3 a signal, 4 running).
#
#   gnuplot -e "datafile='processes-gantt.tsv'; outfile='processes-gantt.svg'; rows=12" processes-gantt.gp
#
# rows (the number of processes) sizes the plot; 0 gives a plot saying so.

if (!exists("datafile")) datafile = 'processes-gantt.tsv'
if (!exists("outfile")) outfile = 'processes-gantt.svg'
if (!exists("title")) title = ''
if (!exists("rows")) rows = 0

height = rows * 12 + 140
height = height < 320 ? 320 : (height > 2400 ? 2400 : height)
bar = rows > 0 ? (300.0 / rows < 8 ? (300.0 / rows > 1 ? 300.0 / rows : 1) : 8) : 8

set terminal svg size 900,height noenhanced font 'sans,11' background rgb 'white'
set output outfile
set datafile separator "\t"
set title 'process timeline' . (title eq '' ? '' : ', ' . title)
set xlabel "time since the guest's first process event (s)"
set ylabel "process (pid, name)"
set grid xtics
set key outside bottom center horizontal

set linetype 1 lc rgb '#2a9d3a'     # exit status 0
set linetype 2 lc rgb '#e08a00'     # another exit status
set linetype 3 lc rgb '#d62728'     # killed by a signal
set linetype 4 lc rgb '#1f77b4'     # still running

if (rows == 0) {
	unset key
	set xrange [0:1]
	set yrange [0:1]
	set label 1 "no processes" at graph 0.5, graph 0.5 center font 'sans,16'
	plot NaN notitle
} else {
	set yrange [rows + 0.7:0.3]
	set xrange [0:*]
	set offsets 0, graph 0.02, 0, 0
	# Up to 60 processes, each is labelled with its pid and name.
	label(row) = rows <= 60 ? strcol(5) : ''
	set ytics out
	if (rows > 60) { set ytics autofreq }
	# A process shorter than a pixel still shows: at least 0.1% of the span.
	plot datafile using 2:1:($3 - $2 > 0 ? $3 - $2 : 0):(0):4:ytic(label(0)) with vectors nohead lw bar lc variable notitle, \
	     NaN with lines lw 8 lt 1 title 'exit 0', \
	     NaN with lines lw 8 lt 2 title 'exit status not 0', \
	     NaN with lines lw 8 lt 3 title 'killed by a signal', \
	     NaN with lines lw 8 lt 4 title 'running at the end'
}
set output
