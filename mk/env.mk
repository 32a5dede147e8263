# The testbed (env/$(ENV), netns by default): `make env` brings it up,
# `make testbed-down` stops whatever a run left and removes it.

STEP = $(TOP)/env/measure-step
ENV_SCRIPTS := $(TOP)/env/measure-step $(TOP)/env/metadata $(TOP)/env/$(ENV)

.PHONY: env testbed-down
env: $(TOOL_BINS) ## bring the case's testbed up (idempotent)
	$(Q)$(STEP) up $(CASE_CONF) $(R)/run-$(RUN)

testbed-down: ## stop what a run left running and remove the testbed
	$(Q)$(STEP) abort $(CASE_CONF) $(R)/run-$(RUN) 2>/dev/null; $(STEP) down $(CASE_CONF) $(R)/run-$(RUN)
	$(Q)rm -f $(foreach n,$(RUN_IDS),$(R)/run-$n/capture.started $(R)/run-$n/execute.done)
