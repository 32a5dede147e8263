# processes-series.gp: one sampled figure of a guest's busiest processes
# over time, one line per process: CPU (% of one CPU, from cpumon) or
# resident memory (kB, from memmon).  From the TSV that
# mk/sections/processes.mk writes: one block per process (a header line
# "time_s<TAB>pid name", then time and value lines), blocks separated by
# two blank lines.
#
#   gnuplot -e "datafile='processes-cpu.tsv'; outfile='processes-cpu.svg'; blocks=3; ylabel='CPU (%)'" processes-series.gp

if (!exists("datafile")) datafile = 'processes-cpu.tsv'
if (!exists("outfile")) outfile = 'processes-cpu.svg'
if (!exists("title")) title = ''
if (!exists("ylabel")) ylabel = ''
if (!exists("blocks")) blocks = 0

set terminal svg size 900,360 noenhanced font 'sans,11' background rgb 'white'
set output outfile
set datafile separator "\t"
set title ylabel . (title eq '' ? '' : ', ' . title)
set xlabel "time since the guest's first process event (s)"
set ylabel ylabel
set grid
set key outside right top
set xrange [0:*]
set yrange [0:*]

if (blocks == 0) {
	unset key
	set xrange [0:1]
	set yrange [0:1]
	set label 1 "no samples (every process was shorter than the interval)" at graph 0.5, graph 0.5 center
	plot NaN notitle
} else {
	plot for [i = 0:blocks - 1] datafile index i using 1:2 with linespoints pt 7 ps 0.4 title columnheader(2)
}
set output
