#!/bin/sh
# cases/pipeline/pipeline.sh: a CI-like pipeline of shell stages, run on
# one guest under the monitors (procmon, cpumon, memmon).  Each stage is a
# child process `sh -c CMD NAME` of this script, so the report (the
# "processes" section) finds the stages as the children of the case's
# program and sums each stage's subtree.
#
#   build   compiles a small C program with cc
#   test    runs it and burns a known amount of CPU (the busiest stage)
#   lint    fails: exit status 3 (allowed to fail)
#   deploy  is killed by timeout(1): exit status 124 (allowed to fail)
#   burst   500 short-lived processes in parallel
#   memory  allocates, touches and frees 300 MB (the highest peak)
#
# The pipeline exits 0 when every stage that must pass passed.

failed=
# stage NAME must|may CMD: runs CMD as a stage, says how it ended.
stage() {
	name=$1 must=$2 cmd=$3
	echo "== $name: $cmd"
	sh -c "$cmd" "$name"
	st=$?
	echo "== $name: exit status $st"
	if test "$st" != 0 && test "$must" = must; then failed="$failed $name"; fi
}

stage build must 'cat >hello.c <<"SRC"
#include <stdio.h>
int main(void) { puts("hello, pipeline"); return 0; }
SRC
cc -O2 -Wall -o hello hello.c'
stage test must './hello | grep -qx "hello, pipeline" &&
awk "BEGIN { for (i = 0; i < 40000000; i++) s += i % 7; exit !(s > 0) }"'
stage lint may 'echo "lint: 2 problems found" >&2; exit 3'
stage deploy may 'timeout 0.5 sleep 30'
stage burst must 'i=0; while test $i -lt 500; do /bin/true & i=$((i + 1)); done; wait'
stage memory must 'pipeline-alloc 300 300'

if test -n "$failed"; then
	echo "pipeline: failed:$failed"
	exit 1
fi
echo "pipeline: passed (lint and deploy may fail)"
