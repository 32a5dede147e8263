# Tests: Check unit tests (tests/unit/check_*.c) and shell tests per tool
# (tests/cli/tNNNN-*.sh), all run by tests/run-tests, which ends with
# "N passed, N failed, N skipped".
#
# A unit test check_TOOL.c or check_TOOL_*.c (TOOL one of $(TOOLS)) links
# that tool's objects except its main(); any other check_*.c links only
# libsonde.  `make check T=t0100` runs the tests whose names contain t0100.

UNIT_SRCS  := $(sort $(wildcard $(TOP)/tests/unit/check_*.c))
UNIT_BINS  := $(patsubst $(TOP)/tests/unit/%.c,$(O)/tests/unit/%,$(UNIT_SRCS))
CLI_TESTS  := $(sort $(wildcard $(TOP)/tests/cli/t[0-9]*.sh))

# What every unit test links: running its suite (tests/unit/unit.c).
UNIT_MAIN := $(O)/obj/tests/unit/unit.o
$(UNIT_MAIN): OBJ_CFLAGS = $(call pkg_flags,--cflags,check)

# The tool a unit test belongs to, if any: check_pcap2xml_pdml -> pcap2xml.
unit_tool = $(firstword $(foreach t,$(TOOLS),$(if $(filter check_$t check_$t_%,$1),$t)))

define unit_rules
$(O)/tests/unit/$1: $(O)/obj/tests/unit/$1.o $(UNIT_MAIN) $(call tool_parts,$(call unit_tool,$1)) $(LIBSONDE)
	$$(call say,LD,$$(notdir $$@))
	$$(Q)mkdir -p $$(@D)
	$$(Q)$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^ $$(call pkg_flags,--libs,check $$($(call unit_tool,$1)_PKGS)) $$(LDLIBS)
$(O)/obj/tests/unit/$1.o: OBJ_CFLAGS = $$(call pkg_flags,--cflags,check $$($(call unit_tool,$1)_PKGS)) -I$(TOP)/tests/unit \
	$(if $(call unit_tool,$1),-I$(TOP)/tools/$(call unit_tool,$1))
endef
$(foreach u,$(notdir $(UNIT_BINS)),$(eval $(call unit_rules,$u)))
-include $(patsubst $(O)/tests/unit/%,$(O)/obj/tests/unit/%.d,$(UNIT_BINS)) $(UNIT_MAIN:.o=.d)

# DEVELOPER=1 for everything `make check` builds: no warning passes.
check check-unit check-cli: DEVELOPER := 1
check check-unit check-cli: WERROR := -Werror

select_tests = $(if $(T),$(foreach p,$(T),$(foreach f,$1,$(if $(findstring $p,$(notdir $f)),$f))),$1)
run_tests = SONDE_TOP=$(TOP) SONDE_BUILD=$(abspath $(O)) SONDE_SANITIZE=$(SANITIZE) \
	$(TOP)/tests/run-tests $(if $(filter 1,$(V)),-v) $1

.PHONY: check check-unit check-cli
check: $(TOOL_BINS) $(UNIT_BINS) ## build with DEVELOPER=1 and run every test (T=pattern for some)
	$(Q)$(call run_tests,$(call select_tests,$(UNIT_BINS) $(CLI_TESTS)))
check-unit: $(UNIT_BINS) ## run the Check unit tests only
	$(Q)$(call run_tests,$(call select_tests,$(UNIT_BINS)))
check-cli: $(TOOL_BINS) ## run the shell tests only
	$(Q)$(call run_tests,$(call select_tests,$(CLI_TESTS)))
