# The latency case: two testers load an echo target at three rates, in the
# manner of ipbench.  A loadgen daemon runs on every guest; the controller
# (on tester1) sets each run up, starts both testers at one agreed time,
# and meters the target's CPU over the measurement window.  The target's
# link is limited to 100 Mbit/s (LINK_RATE; this kernel has no netem, so no
# LINK_DELAY: the echo holds each reply 1 ms instead).
#
# Per rate R (requests/s per tester), in run-N/tester1/: latency-R.csv
# (ipbench's columns), intervals-R.tsv, distribution-R.tsv, summary-R.tsv
# (what the report's loadgen section reads); the summaries are also in
# program.log.  Only the control protocol (port 8036) is captured.  The
# target's CPU figure is the whole machine's (testers included): see
# loadgen(1), "CPU meter".

CASES += latency

latency.DESCRIPTION := two testers load an echo target at three rates (open loop, latency percentiles, target CPU)
latency.ROLES       := tester1 tester2 target
latency.PROGRAMS    :=
# The sonde tools the case runs (for a dependency once make knows it).
latency.TOOLS       := loadgen

latency.SERVICES.tester1 := loadgen daemon
latency.SERVICES.tester2 := loadgen daemon
latency.SERVICES.target  := loadgen daemon
latency.READY.tester1    := tcp:8036
latency.READY.tester2    := tcp:8036
latency.READY.target     := tcp:8036

latency.RUN.tester1 := sh -c 'for r in 500 1000 2000; do \
	loadgen run -t udp-latency -s $$SONDE_ADDR_target:7 -a rate=$$r,duration=3s,warmup=500ms,timeout=500ms \
	  -c $$SONDE_ADDR_tester1 -c $$SONDE_ADDR_tester2 -m $$SONDE_ADDR_target -M echo -A port=7,delay=1ms \
	  -o latency-$$r.csv -i intervals-$$r.tsv -d distribution-$$r.tsv -T summary-$$r.tsv || exit 1; done'

latency.LINK_RATE.target := 100mbit
latency.CAPTURE_IFACES   := eth0
latency.CAPTURE_FILTER   := tcp port 8036
latency.TIMEOUT          := 60
latency.SECTIONS         := loadgen
