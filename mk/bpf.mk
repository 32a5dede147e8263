# BPF programs (libbpf CO-RE): bpf/NAME.bpf.c is compiled by clang into
# $(O)/bpf/NAME.bpf.o against a vmlinux.h dumped from the running kernel's
# BTF, and bpftool turns the object into a skeleton $(O)/bpf/NAME.skel.h
# that the tool includes.  bpf/NAME.h is shared by the kernel and the user
# side of a tool.
#
# A tool that uses skeletons says so in its tools/T/T.mk:
#     T_BPF := NAME ...
# and its objects then see $(O)/bpf (for "NAME.skel.h" and "vmlinux.h") and
# $(TOP)/bpf, and are rebuilt when a skeleton changes.
#
# vmlinux.h is made once per build folder and not remade when the kernel
# changes: CO-RE relocates field offsets at load time, so the header only
# has to know the names and types (`rm $(O)/bpf/vmlinux.h` to refresh it).

BPFTOOL     ?= bpftool
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux
# The kernel's architecture as bpf_tracing.h spells it (__TARGET_ARCH_x86 …).
BPF_ARCH    ?= $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/i.86/x86/' \
	-e 's/aarch64.*/arm64/' -e 's/arm.*/arm/' -e 's/ppc64.*/powerpc/' \
	-e 's/riscv64/riscv/' -e 's/s390x/s390/' -e 's/loongarch64/loongarch/')
BPF_CFLAGS  ?= -g -O2 -Wall -Wno-unused-function
BPF_ALL_CFLAGS = -target bpf -D__TARGET_ARCH_$(BPF_ARCH) $(BPF_CFLAGS) \
	-I$(O)/bpf -I$(TOP)/bpf -MMD -MP

BPF_DIR := $(O)/bpf

# A clear message when a program the BPF build needs is missing.
need_prog = command -v $1 >/dev/null 2>&1 || { \
	echo "sonde: $1 not found: install the Debian package $2 (sudo env/install-deps)" >&2; exit 1; }

$(BPF_DIR)/vmlinux.h: | $(DEPS_STAMP)
	$(call say,BTF,$(notdir $@))
	$(Q)test -r $(VMLINUX_BTF) || { \
	  echo "sonde: no kernel BTF at $(VMLINUX_BTF): the BPF tools need a kernel built with CONFIG_DEBUG_INFO_BTF=y (or set VMLINUX_BTF=path)" >&2; \
	  exit 1; }
	$(Q)$(call need_prog,$(BPFTOOL),bpftool)
	$(Q)mkdir -p $(@D)
	$(Q)$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > $@.tmp && mv $@.tmp $@

$(BPF_DIR)/%.bpf.o: $(TOP)/bpf/%.bpf.c $(BPF_DIR)/vmlinux.h
	$(call say,BPF,$*.bpf.c)
	$(Q)$(call need_prog,$(CLANG),clang)
	$(Q)$(CLANG) $(BPF_ALL_CFLAGS) -c -o $@ $<

$(BPF_DIR)/%.skel.h: $(BPF_DIR)/%.bpf.o
	$(call say,SKEL,$*.skel.h)
	$(Q)$(BPFTOOL) gen skeleton $< > $@.tmp && mv $@.tmp $@

# The skeletons are products, not intermediates to delete.
.SECONDARY: $(patsubst $(TOP)/bpf/%.bpf.c,$(BPF_DIR)/%.bpf.o,$(wildcard $(TOP)/bpf/*.bpf.c))

define bpf_tool_rules
# -isystem: the generated skeletons do not meet the project's warning flags.
$(call tool_objs,$1): OBJ_CFLAGS += -isystem $(BPF_DIR) -I$(TOP)/bpf
$(call tool_objs,$1): $(foreach b,$($1_BPF),$(BPF_DIR)/$b.skel.h)
endef
$(foreach t,$(TOOLS),$(if $($t_BPF),$(eval $(call bpf_tool_rules,$t))))

# The library's BPF user sides (tools/lib/*_bpf.c) include skeletons too:
# exitwatch_bpf.c (cpumon's and memmon's exit source) includes exitstat's.
$(O)/obj/tools/lib/exitwatch_bpf.o: OBJ_CFLAGS += -isystem $(BPF_DIR) -I$(TOP)/bpf
$(O)/obj/tools/lib/exitwatch_bpf.o: $(BPF_DIR)/exitstat.skel.h

.PHONY: bpf
bpf: $(foreach t,$(TOOLS),$(foreach b,$($t_BPF),$(BPF_DIR)/$b.skel.h)) ## build the BPF skeletons

-include $(wildcard $(BPF_DIR)/*.bpf.d)
