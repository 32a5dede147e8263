# The demo case: a small TCP request/response and UDP ping exchange between
# a client on `master` and a server on `slave`, captured on eth0 and lo of
# both guests.  It is the default case (make measure with no CASE).
#
# A case.mk holds variables only, each prefixed with the case's name; see
# README.md ("Writing a case") for the list.

CASES += demo

demo.DESCRIPTION    := TCP request/response and UDP pings between a client and a server
demo.ROLES          := master slave
demo.PROGRAMS       := demo-server demo-client
demo.SRCS.demo-server := demo-server.c demo-common.c
demo.SRCS.demo-client := demo-client.c demo-common.c

# Started in the background on a role before the programs run, stopped
# (SIGINT) when they are done; READY says when a service may be used.
demo.SERVICES.slave := demo-server -p 7000 -u 7001
demo.READY.slave    := tcp:7000 udp:7001
# Run in the foreground on a role; the run is over when all have exited.
demo.RUN.master     := demo-client -a $$SONDE_ADDR_slave -p 7000 -u 7001 -n 20 -P 5

demo.CAPTURE_IFACES := eth0 lo
demo.CAPTURE_FILTER :=
demo.TIMEOUT        := 30
# The exchange lasts a fraction of a second: plot it in 10 ms bins.
demo.THROUGHPUT_BIN := 0.01
# The processes each guest ran, from the monitors.
demo.SECTIONS       := processes
