# cpumon: its exit figures come from tools/lib/exitwatch (bpf/exitstat.bpf.c,
# libbpf CO-RE, mk/bpf.mk), with the netlink proc connector as fallback.
cpumon_PKGS := libbpf
cpumon_BPF  := exitstat

# exitwatch's BPF source lives in libsonde (shared by cpumon and memmon)
# and includes the skeleton: its object sees $(O)/bpf and waits for it.
$(O)/obj/tools/lib/exitwatch_bpf.o: OBJ_CFLAGS += -isystem $(O)/bpf -I$(TOP)/bpf
$(O)/obj/tools/lib/exitwatch_bpf.o: $(O)/bpf/exitstat.skel.h
