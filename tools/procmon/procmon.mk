# procmon: libbpf CO-RE skeleton bpf/procmon.bpf.c (mk/bpf.mk), and the
# netlink proc connector as its fallback.
procmon_PKGS := libbpf
procmon_BPF  := procmon
