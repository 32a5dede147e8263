# The tools: tools/NAME/NAME.c holds main(); every other .c file in
# tools/NAME/ is part of that tool (and may be linked into its unit tests).
# NAME_PKGS names the pkg-config modules a tool needs.

TOOLS := pcapture pcap2xml simplify

pcapture_PKGS :=  libpcap
pcap2xml_PKGS :=
simplify_PKGS :=  libxml-2.0 libxslt libexslt

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

# simplify finds its stylesheets in the source tree unless told otherwise.
$(O)/obj/tools/simplify/xsl_path.o: OBJ_CFLAGS += -DSONDE_XSLDIR='"$(TOP)/reports/xsl"'
