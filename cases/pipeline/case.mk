# The pipeline case: a CI-like pipeline of shell stages on one guest, run
# under the monitors (procmon, cpumon, memmon), with the report's
# "processes" section answering which stage failed and how, which used the
# most CPU and which peaked highest in memory.  The stages are in
# cases/pipeline/pipeline.sh: build (cc), test (the busiest on CPU), lint
# (fails, exit 3), deploy (killed by timeout, 124), burst (500 short
# processes in parallel), memory (300 MB with pipeline-alloc).

CASES += pipeline

pipeline.DESCRIPTION := a CI-like pipeline of shell stages under the process monitors
pipeline.ROLES       := master
pipeline.PROGRAMS    := pipeline-alloc
# pipeline.sh is not compiled; listed here, a change to it measures again.
pipeline.SRCS.pipeline-alloc := pipeline-alloc.c pipeline.sh
pipeline.RUN.master  = sh $(TOP)/cases/pipeline/pipeline.sh
pipeline.CAPTURE_IFACES := eth0
pipeline.TIMEOUT     := 60
pipeline.MONITORS    := procmon cpumon memmon
pipeline.MONITOR_INTERVAL := 100ms
pipeline.SECTIONS    := processes
