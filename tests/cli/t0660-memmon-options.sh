#!/usr/bin/env bash
test_description='memmon: usage, option checking, start-up errors, exit status of CMD'
. "$(dirname "$0")/test-lib.sh"

. "$TEST_DIRECTORY/helpers/cpu-mem-monitor.sh"

test_monitor_usage memmon 'memmon \[-P\] \[-i INTERVAL\]'
test_monitor_intervals memmon 0 999us 61m x1 -5 ""
test_monitor_start_errors memmon
test_monitor_header memmon 2s 2000000000 rss_kb peak_kb pss_kb
# The peak of CMD: the kernel's final one with BPF; /proc knows it only
# when CMD was sampled before it exited ("unknown" otherwise).
test_monitor_command memmon '\(final\|unknown\|last-sample\)'

test_done
