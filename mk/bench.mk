# Benchmarks against the peer tools: `make bench` runs them all, `make
# bench-NAME` one (tests/bench/bench-NAME.sh).  Figures land in
# $(RESULTS)/bench/ (NAME.tsv, one page index.html with plots); a summary
# table of the ratios sonde/peer ends the output.  Benchmarks are not
# tests: `make check` never runs them and no timing ever fails them.  See
# tests/bench/README.
#
#   BENCH_RUNS=5   runs of each tool per figure (sonde and peer alternate)

BENCH_SRC   := $(TOP)/tests/bench
BENCH_OUT   := $(RESULTS)/bench
BENCH_NAMES := $(sort $(patsubst bench-%.sh,%,$(notdir $(wildcard $(BENCH_SRC)/bench-*.sh))))
BENCH_RUNS  ?= 5

# The small programs the benchmarks need (a UDP flood, a rusage wrapper, a
# pcap record counter), built like the tools, with libsonde.
BENCH_PROGS := $(patsubst $(BENCH_SRC)/%.c,%,$(wildcard $(BENCH_SRC)/*.c))
BENCH_BINS  := $(BENCH_PROGS:%=$(O)/bench/%)

$(BENCH_BINS): $(O)/bench/%: $(O)/obj/tests/bench/%.o $(LIBSONDE)
	$(call say,LD,bench/$*)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

-include $(BENCH_PROGS:%=$(O)/obj/tests/bench/%.d)

# The harness sees the tree, the build (tools and bench programs) and where
# results go, as absolute paths; make's own variables are not passed down,
# so the make benchmark times a make started as a user starts it.
bench_run = env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS SONDE_TOP=$(TOP) SONDE_BUILD=$(abspath $(O)) \
	BENCH_OUT=$(abspath $(BENCH_OUT)) BENCH_RUNS=$(BENCH_RUNS) $(BENCH_SRC)/run-bench $1

.PHONY: bench bench-programs $(BENCH_NAMES:%=bench-%)
bench-programs: $(BENCH_BINS)
bench: $(TOOL_BINS) $(BENCH_BINS) ## run every benchmark vs its peer (bench-NAME: one; BENCH_RUNS=5); results/bench/
	$(Q)$(call bench_run,$(BENCH_NAMES))
$(BENCH_NAMES:%=bench-%): bench-%: $(TOOL_BINS) $(BENCH_BINS)
	$(Q)$(call bench_run,$*)
