# `make measure`: compile -> capture -> execute -> collect for each run, then
# the report.  Each step leaves a file (the programs, then the stamps
# run-N/capture.started, execute.done, collect.done) so that only what is
# stale runs again.  A failed step stops everything the run started, takes
# the testbed down, and removes the run's stamps.

CASE_SRC_DIR := $(TOP)/cases/$(CASE)
CASE_CFLAGS  = $(call setting,CFLAGS)
CASE_LDLIBS  = $(call setting,LDLIBS)
# sonde's own tools the case runs (NAME.TOOLS): rebuilding one re-measures.
CASE_TOOLS  := $(addprefix $(O)/bin/,$(call setting,TOOLS) $(filter $(TOOLS),$(call setting,MONITORS)))

# compile: each program from cases/CASE/PROG.c or $(CASE).SRCS.PROG
define program_rule
$(PROG_DIR)/$1: $(addprefix $(CASE_SRC_DIR)/,$(or $($(CASE).SRCS.$1),$1.c)) $(wildcard $(CASE_SRC_DIR)/*.h) $(CASE_SRC_DIR)/case.mk | $(DEPS_STAMP)
	$$(call say,CC,$(CASE)/$1)
	$$(Q)mkdir -p $$(@D)
	$$(Q)$$(CC) $$(CASE_CFLAGS) -o $$@ $$(filter %.c,$$^) $$(CASE_LDLIBS)
endef
$(foreach p,$(PROGRAMS),$(eval $(call program_rule,$p)))

# On failure: stop what the run started and leave the testbed clean.
abort_run = { $(STEP) abort $(CASE_CONF) $1 >/dev/null; rm -f $1/capture.started $1/execute.done; exit 1; }

# The steps of run N.  Runs follow one another (they share the testbed).
define run_rules
$(R)/run-$1/capture.started: $(PROG_BINS) $(CASE_CONF) $(O)/bin/pcapture $(CASE_TOOLS) $(ENV_SCRIPTS) $(if $(filter-out 1,$1),$(R)/run-$(word $1,0 $(RUN_IDS))/collect.done)
	$$(call say,STEP,capture (run $1))
	$$(Q)rm -f $$(@D)/execute.done $$(@D)/collect.done
	$$(Q)$$(STEP) capture $(CASE_CONF) $$(@D) || $$(call abort_run,$$(@D))
	$$(Q)date -u +%Y-%m-%dT%H:%M:%S.%NZ >$$@
$(R)/run-$1/execute.done: $(R)/run-$1/capture.started
	$$(call say,STEP,execute (run $1))
	$$(Q)$$(STEP) execute $(CASE_CONF) $$(@D) || $$(call abort_run,$$(@D))
	$$(Q)date -u +%Y-%m-%dT%H:%M:%S.%NZ >$$@
$(R)/run-$1/collect.done: $(R)/run-$1/execute.done
	$$(call say,STEP,collect (run $1))
	$$(Q)$$(STEP) collect $(CASE_CONF) $$(@D) || $$(call abort_run,$$(@D))
	$$(Q)date -u +%Y-%m-%dT%H:%M:%S.%NZ >$$@
endef
$(foreach n,$(RUN_IDS),$(eval $(call run_rules,$n)))

COLLECTED := $(RUN_IDS:%=$(R)/run-%/collect.done)

.PHONY: compile capture execute collect measure
compile: $(PROG_BINS) ## build the case's programs (results/CASE/build/ARCH/)
capture: $(R)/run-$(RUN)/capture.started ## set up and start the captures of run RUN (default 1)
execute: $(R)/run-$(RUN)/execute.done ## run the case's programs under the watchdog
collect: $(R)/run-$(RUN)/collect.done ## stop everything, gather files and metadata
measure: $(REPORT_HTML) ## everything: compile, capture, execute, collect, report
	@echo "report: $(REPORT_HTML)"
