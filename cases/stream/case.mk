# The stream case: a tester sends a TCP stream (two connections) and then a
# rate-limited UDP stream to a sink on the target, whose CPU is metered over
# the window; the target's link is limited to 200 Mbit/s.  In
# run-N/tester/: tcp-stream.csv, udp-stream.csv, intervals-*.tsv and
# summary-*.tsv (read by the report's loadgen section); the
# summaries in program.log.  Only the control protocol is captured (the
# streams would make captures of hundreds of megabytes).

CASES += stream

stream.DESCRIPTION := TCP and UDP throughput from a tester to a metered sink
stream.ROLES       := tester target
stream.PROGRAMS    :=
stream.TOOLS       := loadgen

stream.SERVICES.tester := loadgen daemon
stream.SERVICES.target := loadgen daemon
stream.READY.tester    := tcp:8036
stream.READY.target    := tcp:8036

stream.RUN.tester := sh -c '\
	loadgen run -t tcp-stream -s $$SONDE_ADDR_target:9 -a duration=3s,warmup=500ms,connections=2 \
	  -c $$SONDE_ADDR_tester -m $$SONDE_ADDR_target -M sink -A port=9 \
	  -o tcp-stream.csv -i intervals-tcp.tsv -T summary-tcp.tsv && \
	loadgen run -t udp-stream -s $$SONDE_ADDR_target:9 -a rate=5000,size=1400,duration=3s,warmup=500ms \
	  -c $$SONDE_ADDR_tester -m $$SONDE_ADDR_target -M sink -A port=9 \
	  -o udp-stream.csv -i intervals-udp.tsv -T summary-udp.tsv'

stream.LINK_RATE.target := 200mbit
stream.CAPTURE_IFACES   := eth0
stream.CAPTURE_FILTER   := tcp port 8036
stream.TIMEOUT          := 60
stream.SECTIONS         := loadgen
