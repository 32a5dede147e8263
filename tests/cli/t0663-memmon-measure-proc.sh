#!/usr/bin/env bash
# The known answers of t0661 again, on the /proc backend (-b proc).
MON_BACKEND=proc
. "$(dirname "$0")/t0661-memmon-measure.sh"
