# tools/lib: the library every tool links (errors, option parsing, time,
# output files, namespaces).

LIB_SRCS := $(sort $(wildcard $(TOP)/tools/lib/*.c))
LIB_OBJS := $(patsubst $(TOP)/%.c,$(O)/obj/%.o,$(LIB_SRCS))
LIBSONDE := $(O)/lib/libsonde.a

$(O)/obj/%.o: $(TOP)/%.c $(FLAGS_STAMP) | $(DEPS_STAMP)
	$(call say,CC,$*.c)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(OBJ_CFLAGS) -c -o $@ $<

$(LIBSONDE): $(LIB_OBJS)
	$(call say,AR,$(notdir $@))
	$(Q)mkdir -p $(@D)
	$(Q)rm -f $@ && $(AR) rcs $@ $^
