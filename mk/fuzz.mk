# Fuzzing with libFuzzer (clang).  tests/fuzz/fuzz_TOOL_WHAT.c defines
# LLVMFuzzerTestOneInput and links TOOL's objects except its main() and
# libsonde, all compiled again with clang and the fuzzer, address and
# undefined sanitizers into $(O)/fuzz/ (nothing is shared with the normal
# build).  Each target's corpus is tests/fuzz/corpus/fuzz_TOOL_WHAT/:
# seeds and the inputs worth keeping, replayed by tests/cli/t0020 in
# `make check`.
#
#   make fuzz-build            build every target
#   make fuzz FUZZ_TIME=60     run each target for FUZZ_TIME seconds
#                              (FUZZ=fuzz_pcap2xml_file for one); new
#                              inputs go to $(O)/fuzz/corpus/NAME, crashes
#                              to $(O)/fuzz/crash/
#   make fuzz-merge            minimise the tree's corpus and the new
#                              inputs into the tree's corpus (keep it
#                              to a few hundred small files)

FUZZ_TIME  ?= 60
FUZZ_DIR   := $(O)/fuzz
FUZZ_FLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -O1 -g
# (clang warns where gcc does not: the gcc build is the one held to -Werror)
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARNINGS) -Wno-format-nonliteral -MMD -MP -I$(TOP)/tools/lib $(FUZZ_FLAGS)
FUZZ_SRCS  := $(sort $(wildcard $(TOP)/tests/fuzz/fuzz_*.c))
FUZZ_NAMES := $(patsubst $(TOP)/tests/fuzz/%.c,%,$(FUZZ_SRCS))
FUZZ_BINS  := $(FUZZ_NAMES:%=$(FUZZ_DIR)/bin/%)
# libsonde again, as an archive so a target links only what it uses; its
# BPF-backed parts (tools/lib/*_bpf.c) need generated skeletons and the
# kernel, nothing a fuzz target can drive, and are left out.
FUZZ_LIB_OBJS := $(patsubst $(TOP)/%.c,$(FUZZ_DIR)/obj/%.o,$(filter-out %_bpf.c,$(LIB_SRCS)))
FUZZ_LIB   := $(FUZZ_DIR)/lib/libsonde.a

# The tool a target belongs to: fuzz_pcap2xml_file -> pcap2xml.
fuzz_tool = $(firstword $(foreach t,$(TOOLS),$(if $(filter fuzz_$t_%,$1),$t)))
fuzz_parts = $(patsubst $(O)/obj/%,$(FUZZ_DIR)/obj/%,$(call tool_parts,$(call fuzz_tool,$1)))

$(FUZZ_DIR)/obj/%.o: $(TOP)/%.c $(TOP)/mk/fuzz.mk | $(DEPS_STAMP)
	$(call say,FUZZCC,$*.c)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(FUZZ_CFLAGS) $(FUZZ_OBJ_CFLAGS) -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_LIB_OBJS)
	$(call say,AR,fuzz/$(notdir $@))
	$(Q)mkdir -p $(@D)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

# A target and its tool's parts compile with the tool's libraries' flags
# (NAME_PKGS, as in mk/tools.mk) and link with them.
define fuzz_rules
$(FUZZ_DIR)/obj/tests/fuzz/$1.o: FUZZ_OBJ_CFLAGS = -I$(TOP)/tools/$(call fuzz_tool,$1) \
	$$(call pkg_flags,--cflags,$$($(call fuzz_tool,$1)_PKGS))
$(call fuzz_parts,$1): FUZZ_OBJ_CFLAGS = $$(call pkg_flags,--cflags,$$($(call fuzz_tool,$1)_PKGS))
$(FUZZ_DIR)/bin/$1: $(FUZZ_DIR)/obj/tests/fuzz/$1.o $(call fuzz_parts,$1) $(FUZZ_LIB)
	$$(call say,FUZZLD,$1)
	$$(Q)mkdir -p $$(@D)
	$$(Q)$$(CLANG) -fsanitize=fuzzer,address,undefined -o $$@ $$^ \
		$$(call pkg_flags,--libs,$$($(call fuzz_tool,$1)_PKGS))
endef
$(foreach f,$(FUZZ_NAMES),$(eval $(call fuzz_rules,$f)))
-include $(shell find $(FUZZ_DIR)/obj -name '*.d' 2>/dev/null)

FUZZ ?= $(FUZZ_NAMES)

.PHONY: fuzz fuzz-build fuzz-merge
fuzz-build: $(FUZZ_BINS) ## build the libFuzzer targets (tests/fuzz) into $(O)/fuzz
fuzz: $(FUZZ:%=$(FUZZ_DIR)/bin/%) ## run each fuzz target for FUZZ_TIME seconds (default 60) on its corpus
	$(Q)$(foreach f,$(FUZZ),mkdir -p $(FUZZ_DIR)/corpus/$f $(FUZZ_DIR)/crash && \
	  echo "fuzz: $f for $(FUZZ_TIME) s" && \
	  $(FUZZ_DIR)/bin/$f -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_DIR)/crash/$f- \
	    $(FUZZ_DIR)/corpus/$f $(TOP)/tests/fuzz/corpus/$f || exit 1;)
# The merge is a set cover (libFuzzer's -set_cover_merge) of the tree's
# corpus and the new inputs: the smallest set that reaches the same code.
# Named inputs (seed-*, found-*, crash-*) stay whatever they reach; the
# others, named by their SHA-1, are replaced by the cover.
fuzz-merge: $(FUZZ:%=$(FUZZ_DIR)/bin/%) ## minimise the new inputs make fuzz found into the corpus in the tree
	$(Q)set -e; $(foreach f,$(FUZZ),tree=$(TOP)/tests/fuzz/corpus/$f; tmp=$(FUZZ_DIR)/merge/$f; \
	  rm -rf $$tmp; mkdir -p $$tmp $$tree $(FUZZ_DIR)/corpus/$f; \
	  $(FUZZ_DIR)/bin/$f -set_cover_merge=1 $$tmp $$tree $(FUZZ_DIR)/corpus/$f 2>$$tmp.log; \
	  for n in $$tree/seed-* $$tree/found-* $$tree/crash-*; do \
	    if test -f "$$n"; then rm -f $$tmp/$$(sha1sum <"$$n" | cut -c1-40); fi; done; \
	  find $$tree -type f ! -name 'seed-*' ! -name 'found-*' ! -name 'crash-*' -delete; \
	  cp $$tmp/* $$tree/ 2>/dev/null || true; \
	  echo "fuzz-merge: $f: $$(ls $$tree | wc -l) inputs";)

# `make check` replays the corpora through the targets (tests/cli/t0020),
# so they are built first when clang can link a fuzzer; t0020 says why it
# skips them when it cannot.
ifneq ($(filter check check-cli,$(MAKECMDGOALS)),)
FUZZ_CAN_LINK := $(shell mkdir -p $(FUZZ_DIR) && \
	printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' | \
	$(CLANG) -fsanitize=fuzzer -x c - -o $(FUZZ_DIR)/.can-link 2>/dev/null && echo yes; rm -f $(FUZZ_DIR)/.can-link)
ifeq ($(FUZZ_CAN_LINK),yes)
check check-cli: $(FUZZ_BINS)
endif
endif
