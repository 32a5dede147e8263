# memmon: its peaks at exit come from tools/lib/exitwatch (bpf/exitstat.bpf.c;
# the rules for that object are in mk/bpf.mk).
memmon_PKGS := libbpf
memmon_BPF  := exitstat
