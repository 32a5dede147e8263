# lib.sh: the benchmark harness, sourced by every tests/bench/bench-NAME.sh.
#
# How to add a benchmark
# ----------------------
# Write tests/bench/bench-NAME.sh (bash, executable); `make bench` picks it
# up and `make bench-NAME` runs it alone.  It:
#
#   . "$(dirname "$0")/lib.sh"
#   bench_init NAME SONDE_TOOL PEER_TOOL 'one-line title'
#   bench_need_root                  # or bench_skip 'reason' for anything else
#   bench_need tshark tshark         # the peer: found, or installed with apt-get
#   bench_figure pps 'packets/s' higher 'ratio>=100' 'conversion speed'
#   for run in $(bench_run_ids); do  # 1..BENCH_RUNS
#           ... run SONDE_TOOL, then PEER_TOOL (alternately, never all
#           of one then all of the other, so drifts hit both alike) ...
#           bench_sample pps 75000 SONDE_TOOL "$run" 123456
#           bench_sample pps 75000 PEER_TOOL "$run" 1234
#   done
#   bench_note 'free text shown on the page'
#   bench_done
#
# A figure is one quantity (pps, loss_pct, rss_kb...) measured at one or
# more x values (an offered rate, a file size, a case; "-" when there is
# only one); each sample is one run of one tool.  bench_done reduces the
# samples to, per figure and x, the median and the spread (min..max) of
# each tool, the ratio of the medians sonde/peer, and whether the goal
# holds, into $BENCH_OUT/NAME.tsv; then prints that table.  A goal is
# "LEFT OP RIGHT" with LEFT and RIGHT each sonde, peer, ratio or a number
# and OP one of < <= > >=: 'ratio<=1', 'sonde<0.3', 'sonde<=peer'.  A goal
# that fails is reported as "missed", never as an error: benchmarks do not
# fail on timings.  A benchmark that cannot run calls bench_skip with the
# reason (exit 0); one that breaks (a tool fails) exits non-zero.
#
# Files, in $BENCH_OUT (results/bench): NAME.samples.tsv (figure, x, tool,
# run, value), NAME.figures.tsv (figure, unit, better, goal, title),
# NAME.tsv (the statistics), NAME.meta (title, tools, notes), NAME.skip
# (the reason, when skipped).  Scratch files go to $BENCH_TMP (on tmpfs,
# removed at exit); bench_atexit registers cleanups (namespaces...).
#
# Environment: SONDE_TOP, SONDE_BUILD (tools in bin/, bench programs in
# bench/), BENCH_OUT, BENCH_RUNS (default 5).

set -u -o pipefail
export LC_ALL=C

: "${SONDE_TOP:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${SONDE_BUILD:=$SONDE_TOP/build}"
: "${BENCH_OUT:=$SONDE_TOP/results/bench}"
: "${BENCH_RUNS:=5}"
BENCH_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PATH=$SONDE_BUILD/bin:$SONDE_BUILD/bench:$PATH
export SONDE_TOP SONDE_BUILD BENCH_OUT BENCH_RUNS PATH

bench_cleanup_cmds=
bench_atexit() { bench_cleanup_cmds="$1
$bench_cleanup_cmds"; }
bench_run_atexit() {
	test -z "$bench_cleanup_cmds" || (eval "$bench_cleanup_cmds") >/dev/null 2>&1
	bench_cleanup_cmds=
	test -z "${BENCH_TMP:-}" || rm -rf "$BENCH_TMP"
}
trap bench_run_atexit EXIT
trap 'exit 130' INT TERM

bench_say() { printf '  %-10s %s\n' "$BENCH_NAME" "$*"; }
bench_die() { echo "bench-$BENCH_NAME: $*" >&2; exit 1; }

# bench_init NAME SONDE_TOOL PEER_TOOL TITLE: starts the benchmark afresh
# (its earlier results are removed).  PEER_TOOL may be "-" (no peer).
bench_init() {
	BENCH_NAME=$1 BENCH_SONDE=$2 BENCH_PEER=$3
	case $BENCH_RUNS in
	[1-9] | [1-9][0-9]) ;;
	*) echo "bench-$BENCH_NAME: BENCH_RUNS=$BENCH_RUNS: not a number of runs (1..99)" >&2; exit 2 ;;
	esac
	mkdir -p "$BENCH_OUT" || exit 1
	BENCH_BASE=$BENCH_OUT/$BENCH_NAME
	rm -f "$BENCH_BASE".tsv "$BENCH_BASE".samples.tsv "$BENCH_BASE".figures.tsv \
		"$BENCH_BASE".meta "$BENCH_BASE".skip "$BENCH_BASE".*.svg
	printf 'figure\tx\ttool\trun\tvalue\n' >"$BENCH_BASE.samples.tsv"
	printf 'figure\tunit\tbetter\tgoal\ttitle\n' >"$BENCH_BASE.figures.tsv"
	printf 'title\t%s\nsonde\t%s\npeer\t%s\nruns\t%s\n' "$4" "$2" "$3" "$BENCH_RUNS" >"$BENCH_BASE.meta"
	BENCH_TMP=$(mktemp -d "${BENCH_TMPDIR:-/dev/shm}/sonde-bench-$BENCH_NAME.XXXXXX") ||
		bench_die "cannot make a scratch folder"
	bench_say "$4 ($2 vs $3, $BENCH_RUNS runs)"
}

# bench_skip REASON: this benchmark cannot run here; says why, exits 0.
bench_skip() {
	printf '%s\n' "$*" >"$BENCH_BASE.skip"
	bench_say "skipped: $*"
	exit 0
}

bench_need_root() { test "$(id -u)" = 0 || bench_skip "needs root (namespaces, captures)"; }

bench_need_netns() {
	bench_need_root
	local probe=sonde-bprobe$$
	ip netns add "$probe" 2>/dev/null && ip netns del "$probe" ||
		bench_skip "cannot create network namespaces (ip netns)"
}

# bench_need CMD [DEBIAN_PACKAGE]: CMD is on PATH, or is installed now
# with apt-get (as root, retrying while another apt holds the lock), or
# the benchmark is skipped.
bench_need() {
	local cmd=$1 pkg=${2:-$1} try
	command -v "$cmd" >/dev/null && return 0
	test "$(id -u)" = 0 || bench_skip "$cmd is not installed (apt-get install $pkg, as root)"
	bench_say "installing $pkg for $cmd"
	for try in 1 2 3 4 5 6; do
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg" >"$BENCH_TMP/apt.log" 2>&1 && break
		grep -q 'Could not get lock\|Unable to acquire' "$BENCH_TMP/apt.log" || break
		sleep 10
	done
	command -v "$cmd" >/dev/null || bench_skip "$cmd is missing and apt-get could not install $pkg"
}

# bench_figure NAME UNIT lower|higher GOAL TITLE (GOAL may be "-").
bench_figure() {
	case $3 in lower | higher) ;; *) bench_die "bench_figure $1: '$3' is not lower or higher" ;; esac
	printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >>"$BENCH_BASE.figures.tsv"
}

# bench_sample FIGURE X TOOL RUN VALUE
bench_sample() {
	case $5 in
	'' | *[!0-9.eE+-]*) bench_die "bench_sample $1 $2 $3: '$5' is not a number" ;;
	esac
	printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >>"$BENCH_BASE.samples.tsv"
}

# bench_note TEXT: a line shown with the benchmark on the page.
bench_note() {
	printf 'note\t%s\n' "$*" >>"$BENCH_BASE.meta"
	bench_say "$*"
}

# bench_xlabel TEXT: what x means in this benchmark's plots.
bench_xlabel() { printf 'xlabel\t%s\n' "$*" >>"$BENCH_BASE.meta"; }

bench_run_ids() { seq 1 "$BENCH_RUNS"; }

# bench_tsv_field FILE COLUMN: the value under COLUMN in the second line of
# a one-record TSV file (runstat's, udpflood's, pcapture's -S).
bench_tsv_field() {
	awk -F'\t' -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) col = i; next }
		NR == 2 && col { print $col; found = 1 } END { exit !found }' "$1"
}

# bench_wait_for TEST SECONDS: waits (bounded) until the shell test holds.
bench_wait_for() {
	local i
	for ((i = 0; i < $2 * 50; i++)); do
		eval "$1" && return 0
		sleep 0.02
	done
	return 1
}

# bench_veth_up TAG: two namespaces, sonde-bTAG-tx and sonde-bTAG-rx, joined
# by a veth pair: veth0 (BENCH_TX_ADDR, 198.19.70.1) in tx, veth1
# (BENCH_RX_ADDR, 198.19.70.2) in rx; IPv6 off and static neighbours, so
# that nothing but the benchmark's traffic crosses.  Removed at exit.
bench_veth_up() {
	BENCH_NS_TX=sonde-b$1-tx BENCH_NS_RX=sonde-b$1-rx
	BENCH_TX_ADDR=198.19.70.1 BENCH_RX_ADDR=198.19.70.2
	local ns
	for ns in "$BENCH_NS_TX" "$BENCH_NS_RX"; do
		ip netns del "$ns" 2>/dev/null
		ip netns add "$ns" || bench_die "cannot create namespace $ns"
		bench_atexit "ip netns del $ns"
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
		ip -n "$ns" link set lo up
	done
	ip link add veth0 netns "$BENCH_NS_TX" address 02:00:c6:13:46:01 type veth \
		peer name veth1 netns "$BENCH_NS_RX" address 02:00:c6:13:46:02 &&
	ip -n "$BENCH_NS_TX" addr add "$BENCH_TX_ADDR/24" dev veth0 &&
	ip -n "$BENCH_NS_RX" addr add "$BENCH_RX_ADDR/24" dev veth1 &&
	ip -n "$BENCH_NS_TX" link set veth0 up &&
	ip -n "$BENCH_NS_RX" link set veth1 up &&
	ip -n "$BENCH_NS_TX" neigh replace "$BENCH_RX_ADDR" lladdr 02:00:c6:13:46:02 dev veth0 nud permanent &&
	ip -n "$BENCH_NS_RX" neigh replace "$BENCH_TX_ADDR" lladdr 02:00:c6:13:46:01 dev veth1 nud permanent ||
		bench_die "cannot set up the veth pair"
}

# bench_stop PID SECONDS: SIGINT, then waits at most SECONDS for the job
# to end (SIGKILL after that); returns the job's status.
bench_stop() {
	local pid=$1 i
	kill -INT "$pid" 2>/dev/null
	for ((i = 0; i < $2 * 50; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.02
	done
	kill -0 "$pid" 2>/dev/null && { kill -KILL "$pid"; echo "bench-$BENCH_NAME: pid $pid did not stop on SIGINT within $2 s" >&2; }
	wait "$pid"
}

# bench_capture_file COUNT FILE: a capture of COUNT packets of real traffic
# (udpflood across the veth pair of bench_veth_up, captured by pcapture
# on veth1), for the benchmarks of the tools that read captures.
bench_capture_file() {
	local count=$1 file=$2 pid
	rm -f "$file.ready"
	pcapture -q -n "$BENCH_NS_RX" -i veth1 -f "udp dst port 9999" -s 256 -B 32M -c "$count" \
		-w "$file" -R "$file.ready" 2>"$BENCH_TMP/capture-file.log" &
	pid=$!
	bench_wait_for "test -e '$file.ready'" 10 || { kill "$pid"; bench_die "pcapture did not start: $(cat "$BENCH_TMP/capture-file.log")"; }
	# A rate pcapture keeps up with, for twice as long as needed: it
	# stops itself at COUNT packets.
	timeout 120 ip netns exec "$BENCH_NS_TX" udpflood -d "$BENCH_RX_ADDR" -r 200000 -c $((count * 2)) >/dev/null &
	local flood=$!
	bench_wait_for "! kill -0 $pid 2>/dev/null" 60 || bench_stop "$pid" 5
	kill "$flood" 2>/dev/null; wait "$flood" 2>/dev/null
	wait "$pid" || bench_die "pcapture failed: $(cat "$BENCH_TMP/capture-file.log")"
	rm -f "$file.ready"
	test "$(pcapcount "$file")" = "$count" || bench_die "$file: not $count packets"
}

# bench_done: the statistics (NAME.tsv) from the samples, printed.
bench_done() {
	awk -f "$BENCH_LIB_DIR/stats.awk" -v sonde="$BENCH_SONDE" -v peer="$BENCH_PEER" \
		"$BENCH_BASE.figures.tsv" "$BENCH_BASE.samples.tsv" >"$BENCH_BASE.tsv.tmp" &&
		mv "$BENCH_BASE.tsv.tmp" "$BENCH_BASE.tsv" || bench_die "computing the statistics failed"
	"$BENCH_LIB_DIR/summary" "$BENCH_BASE.tsv"
}
