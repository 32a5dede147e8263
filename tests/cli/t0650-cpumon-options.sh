#!/usr/bin/env bash
test_description='cpumon: usage, option checking, start-up errors, exit status of CMD'
. "$(dirname "$0")/test-lib.sh"

. "$TEST_DIRECTORY/helpers/cpu-mem-monitor.sh"

test_monitor_usage cpumon 'cpumon \[-i INTERVAL\]'
# Each bad interval: zero, below 1ms, above 1h, not a duration, negative.
test_monitor_intervals cpumon 0 500us 2h abc -1 ""
test_monitor_start_errors cpumon
test_monitor_header cpumon 250ms 250000000 user_ns system_ns cpu_pct
test_monitor_command cpumon final

test_done
