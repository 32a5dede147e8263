# The tools: tools/NAME/NAME.c holds main(); every other .c file in
# tools/NAME/ is part of that tool (and may be linked into its unit tests).
# tools/NAME/NAME.mk, when there is one, says what else the tool needs:
# NAME_PKGS (its pkg-config modules) and any rules of its own.
#
# The list is explicit; EXTRA_TOOLS=name builds a tool still being written.

TOOLS := pcapture pcap2xml simplify procmon cpumon memmon jobmgr loadgen decode $(EXTRA_TOOLS)

include $(wildcard $(foreach t,$(TOOLS),$(TOP)/tools/$t/$t.mk))

tool_srcs  = $(sort $(wildcard $(TOP)/tools/$1/*.c))
tool_objs  = $(patsubst $(TOP)/%.c,$(O)/obj/%.o,$(call tool_srcs,$1))
# The objects of a tool without its main(), for unit tests.
tool_parts = $(filter-out %/$1.o,$(call tool_objs,$1))

TOOL_BINS := $(TOOLS:%=$(O)/bin/%)

define tool_rules
$(call tool_objs,$1): OBJ_CFLAGS = $$(call pkg_flags,--cflags,$$($1_PKGS))
$(O)/bin/$1: $(call tool_objs,$1) $(LIBSONDE)
	$$(call say,LD,$1)
	$$(Q)mkdir -p $$(@D)
	$$(Q)$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^ $$(call pkg_flags,--libs,$$($1_PKGS)) $$(LDLIBS)
endef
$(foreach t,$(TOOLS),$(eval $(call tool_rules,$t)))

.PHONY: all tools
all: tools ## build every tool (into $(O)/bin)
tools: $(TOOL_BINS)

-include $(LIB_OBJS:.o=.d) $(foreach t,$(TOOLS),$(patsubst %.o,%.d,$(call tool_objs,$t)))
