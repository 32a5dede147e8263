# cpumon: its exit figures come from tools/lib/exitwatch (bpf/exitstat.bpf.c,
# libbpf CO-RE, mk/bpf.mk), with the netlink proc connector as fallback.
cpumon_PKGS := libbpf
cpumon_BPF  := exitstat
