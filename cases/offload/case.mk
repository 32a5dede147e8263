# The offload case: a master program offloads a batch of compute jobs of
# uneven length through jobmgr to two slaves and gathers the results, plus
# a job that fails and one that times out (cases/offload/offload-master.c).
# jobmgr runs as a service on every role: the master first, then the
# slaves, each ready once the master accepted its registration.
#
# The run's token is the one make measure generates ($SONDE_TOKEN_FILE):
# the master admits only the run's own programs and slaves.

CASES += offload

offload.DESCRIPTION := jobs offloaded through jobmgr from a master to two slaves
offload.ROLES       := master slave1 slave2
offload.PROGRAMS    := offload-master offload-work
offload.TOOLS       := jobmgr
offload.SRCS.offload-master := offload-master.c ../../tools/lib/jobclient.c \
	../../tools/lib/jobproto.c ../../tools/lib/xdr.c ../../tools/lib/parse.c ../../tools/lib/err.c
offload.CFLAGS      := -O2 -g -Wall -Wextra -std=c11 -D_GNU_SOURCE -I$(TOP)/tools/lib

offload.SERVICES.master := jobmgr -r master -l $$SONDE_ADDR_master:2711 -t $$SONDE_TOKEN_FILE -H 250ms -L jobmgr.log -J jobmgr-jobs.tsv
offload.SERVICES.slave1 := jobmgr -r slave -m $$SONDE_ADDR_master:2711 -n slave1 -j 2 -t $$SONDE_TOKEN_FILE -R registered -L jobmgr.log
offload.SERVICES.slave2 := jobmgr -r slave -m $$SONDE_ADDR_master:2711 -n slave2 -j 2 -t $$SONDE_TOKEN_FILE -R registered -L jobmgr.log
# The master writes its job log, master/jobmgr-jobs.tsv in the run's
# folder, which the report's `jobs` section reads (mk/sections/jobs.mk).
# A slave writes `registered` (in its folder of the run) once the master
# accepted it.
offload.READY.master := tcp:2711
offload.READY.slave1 := file:registered
offload.READY.slave2 := file:registered

offload.RUN.master  := sh -c 'jobmgr status -m $$SONDE_ADDR_master:2711 -s slave1,slave2 -W 10s && offload-master -m $$SONDE_ADDR_master:2711 -t $$SONDE_TOKEN_FILE'

# eth0 carries master <-> slaves (REGISTER, RUN, STATUS...); the master's
# lo its local clients, offload-master among them (SUBMIT, QUERY, STATUS):
# the report's sequence views show both decoded (decode(1), jobmgr.x).
offload.CAPTURE_IFACES := eth0 lo
offload.CAPTURE_FILTER := tcp port 2711
offload.TIMEOUT        := 60
offload.SECTIONS       := jobs
