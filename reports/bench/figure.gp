# figure.gp: one benchmark figure against x, sonde's tool and the peer's,
# each as its median with the spread (min..max) as error bars.
#
# gnuplot -e "datafile='F'; outfile='F.svg'; title='...'; ylabel='...';
#             sonde='pcapture'; peer='tcpdump'" reports/bench/figure.gp
# datafile: TSV without header: x label, sonde median, min, max, peer
# median, min, max ("-" where a tool has no figure).  The x values are
# categories (an offered rate, "max", a file size), evenly spaced.

set terminal svg size 640,360 dynamic enhanced font 'sans,11' background rgb 'white'
set output outfile
set datafile separator "\t"
set datafile missing "-"
set title title noenhanced
set ylabel ylabel noenhanced
set xlabel xlabel noenhanced
set key top left noenhanced
set grid ytics
set offsets 0.3, 0.3, 0, 0
set yrange [0:*]
set style line 1 lc rgb '#1f6fb4' lw 2 pt 7 ps 0.8
set style line 2 lc rgb '#d9541e' lw 2 pt 5 ps 0.8
if (peer eq '-') {
	plot datafile using 0:2:3:4:xtic(1) title sonde with yerrorlines ls 1
} else {
	plot datafile using 0:2:3:4:xtic(1) title sonde with yerrorlines ls 1, \
	     '' using 0:5:6:7 title peer with yerrorlines ls 2
}
