#!/usr/bin/env bash
# The known answers of t0651 again, on the /proc backend (-b proc).
MON_BACKEND=proc
. "$(dirname "$0")/t0651-cpumon-measure.sh"
