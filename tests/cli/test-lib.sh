# test-lib.sh: a small harness for sonde's shell tests, in the manner of
# git's t/test-lib.sh.  A test script sources it, declares tests with
# test_expect_success / test_expect_failure, and ends with test_done.  Output
# is TAP ("ok N - what", "not ok N - what", "ok N # skip what (why)").
#
#   test_description='pcapture: options'
#   . ./test-lib.sh
#   test_expect_success 'rejects a bad snaplen' '
#           test_expect_code 2 pcapture -s x -w /dev/null
#   '
#   test_expect_success ROOT,NETNS 'captures in a namespace' '...'
#   test_done
#
# Prerequisites (ROOT, NETNS, TSHARK, ...) are checked lazily; a test whose
# prerequisite is missing is reported as skipped with the reason.
# Environment: SONDE_TOP (the source tree), SONDE_BUILD (the build folder);
# the tools are on PATH.  Each script runs in its own scratch folder
# ("trash directory"), removed when every test passed.  -v shows the
# commands' output, -i stops at the first failure, -d keeps the trash.

unset MAKEFLAGS MAKELEVEL MFLAGS CDPATH

: "${SONDE_TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${SONDE_BUILD:=$SONDE_TOP/build}"
export SONDE_TOP SONDE_BUILD
PATH=$SONDE_BUILD/bin:$PATH
export PATH LC_ALL=C TZ=UTC

verbose= immediate= debug=
for arg in "$@"; do
	case $arg in
	-v|--verbose) verbose=t ;;
	-i|--immediate) immediate=t ;;
	-d|--debug) debug=t ;;
	esac
done

this_test=$(basename "$0" .sh)
TEST_DIRECTORY=$SONDE_TOP/tests/cli
TRASH_DIRECTORY=${SONDE_TEST_OUTPUT:-$SONDE_BUILD/tests}/trash.$this_test
rm -rf "$TRASH_DIRECTORY"
mkdir -p "$TRASH_DIRECTORY" || exit 1
cd "$TRASH_DIRECTORY" || exit 1

test_count=0 test_failures=0 test_skipped=0 test_fixed=0 test_broken=0
test_cleanup_cmds=

if test -n "$verbose"; then exec 4>&2 3>&1; else exec 4>/dev/null 3>/dev/null; fi

say() { printf '%s\n' "$*"; }

# Commands run at the end of the script, even when it fails (namespaces,
# background processes).
test_atexit() { test_cleanup_cmds="$1
$test_cleanup_cmds"; }
run_atexit() { test -z "$test_cleanup_cmds" || (eval "$test_cleanup_cmds") >&3 2>&4; test_cleanup_cmds=; }
trap 'run_atexit' EXIT
trap 'exit 130' INT TERM

# --- prerequisites --------------------------------------------------------
declare -A prereq_state prereq_reason

test_set_prereq() { prereq_state[$1]=yes; }
test_lazy_prereq() { prereq_code[$1]=$2; }
declare -A prereq_code

prereq_code[ROOT]='test "$(id -u)" = 0 || { echo "needs root"; false; }'
prereq_code[NETNS]='test "$(id -u)" = 0 && ip netns add sonde-tprobe$$ 2>/dev/null && ip netns del sonde-tprobe$$ || { echo "cannot create network namespaces (needs root and ip netns)"; false; }'
prereq_code[TSHARK]='command -v tshark >/dev/null || { echo "tshark is not installed (env/install-deps installs it)"; false; }'
prereq_code[TCPDUMP]='command -v tcpdump >/dev/null || { echo "tcpdump is not installed"; false; }'
prereq_code[SANITIZED]='test -z "${SONDE_SANITIZE:-}" || { echo "not under sanitizers (SANITIZE=$SONDE_SANITIZE)"; false; }'

test_have_prereq() {
	local p out rc
	local IFS=,
	for p in $1; do
		IFS=' '
		if test -z "${prereq_state[$p]:-}"; then
			if test -z "${prereq_code[$p]:-}"; then
				prereq_state[$p]=no prereq_reason[$p]="unknown prerequisite $p"
			else
				out=$(cd "$TRASH_DIRECTORY" && eval "${prereq_code[$p]}" 2>&1) && rc=0 || rc=$?
				if test $rc = 0; then prereq_state[$p]=yes
				else prereq_state[$p]=no prereq_reason[$p]="${out:-missing $p}"; fi
			fi
		fi
		if test "${prereq_state[$p]}" != yes; then
			missing_prereq="$p: ${prereq_reason[$p]:-missing}"
			return 1
		fi
	done
	return 0
}

# --- running tests --------------------------------------------------------
# The body runs in this shell, as in git's suite, so a test may set
# variables for later ones; chain its commands with &&.
test_run_() {
	eval "$1" >&3 2>&4
}

test_expect_() {
	local expect=$1; shift
	local prereq=
	if test $# = 3; then prereq=$1; shift; fi
	local desc=$1 body=$2
	test_count=$((test_count + 1))
	if test -n "$prereq" && ! test_have_prereq "$prereq"; then
		test_skipped=$((test_skipped + 1))
		say "ok $test_count # skip $desc ($missing_prereq)"
		return 0
	fi
	test -z "$verbose" || say "expecting $expect: $body"
	if test_run_ "$body"; then
		if test "$expect" = success; then say "ok $test_count - $desc"
		else test_fixed=$((test_fixed + 1)); say "ok $test_count - $desc # TODO known breakage vanished"; fi
	else
		if test "$expect" = success; then
			test_failures=$((test_failures + 1))
			say "not ok $test_count - $desc"
			printf '%s\n' "$body" | sed 's/^/#	/'
			test -z "$immediate" || { test_done; }
		else test_broken=$((test_broken + 1)); say "not ok $test_count - $desc # TODO known breakage"; fi
	fi
}
test_expect_success() { test_expect_ success "$@"; }
test_expect_failure() { test_expect_ failure "$@"; }

# Skips the whole script: "1..0 # SKIP reason".
skip_all() { say "1..0 # SKIP $*"; run_atexit; exit 0; }

test_done() {
	run_atexit
	say "1..$test_count"
	if test $test_failures = 0; then
		test -n "$debug" || { cd / && rm -rf "$TRASH_DIRECTORY"; }
		exit 0
	fi
	say "# failed $test_failures among $test_count test(s); trash kept in $TRASH_DIRECTORY"
	exit 1
}

# --- helpers for test bodies ----------------------------------------------

# test_expect_code N cmd...: cmd exits with exactly N.
test_expect_code() {
	local want=$1; shift
	"$@"; local got=$?
	test "$got" = "$want" && return 0
	echo "test_expect_code: '$*' exited $got, expected $want" >&4
	return 1
}

# test_cmp expected actual: the files are equal (shows a diff otherwise).
test_cmp() { diff -u "$@" >&4; }

# test_grep [-v] pattern file: like grep, but shows the file when it fails.
test_grep() {
	local neg=
	if test "$1" = '!' || test "$1" = -v; then neg=t; shift; fi
	if test -n "$neg"; then
		! grep -q -e "$1" "$2" && return 0
		echo "test_grep: '$2' contains '$1':" >&4
	else
		grep -q -e "$1" "$2" && return 0
		echo "test_grep: '$2' lacks '$1':" >&4
	fi
	sed 's/^/| /' "$2" >&4
	return 1
}

# test_file_not_empty FILE
test_file_not_empty() { test -s "$1" || { echo "test_file_not_empty: '$1' is empty or missing" >&4; return 1; }; }

# Numbers, compared as awk reads them.
# within A B PCT: A is within PCT percent of B.
within() { awk -v a="$1" -v b="$2" -v p="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= b * p / 100) }'; }
# between V LO HI: LO < V < HI; in_range V LO HI: LO <= V <= HI.
between() { awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v > lo && v < hi) }'; }
in_range() { awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v >= lo && v <= hi) }'; }

# gone PID: the process has exited (a zombie not yet reaped counts).
gone() { ! test -e "/proc/$1" || grep -q "^State:[[:space:]]*Z" "/proc/$1/status" 2>/dev/null; }

# test_wait_for_file FILE [SECONDS]: waits (bounded) until FILE exists.
test_wait_for_file() {
	local i=0 max=$(( ${2:-10} * 20 ))
	while ! test -e "$1"; do
		i=$((i + 1)); test $i -le $max || { echo "timed out waiting for $1" >&4; return 1; }
		sleep 0.05
	done
}

# test_wait_pid PID [SECONDS]: waits (bounded, default 20 s) for the
# background job PID to end and returns its exit status; past the bound
# it is killed and the wait fails (124), so a lost signal cannot hang the
# suite.  A zombie counts as ended.
test_wait_pid() {
	local i=0 max=$(( ${2:-20} * 20 ))
	while test -e /proc/$1 && test "$(awk '{ print $3 }' /proc/$1/stat 2>/dev/null)" != Z; do
		i=$((i + 1))
		if test $i -gt $max; then
			echo "test_wait_pid: pid $1 still running after ${2:-20}s: killed" >&4
			kill -9 "$1" 2>/dev/null; wait "$1" 2>/dev/null
			return 124
		fi
		sleep 0.05
	done
	wait "$1"
}

# The testbed id of this script's `make measure` runs: new for every run,
# so that two checkouts testing at the same time never share namespaces.
test_testbed=t$(printf '%07d' $(($$ % 10000000)))

# sonde_make ARGS...: make on the source tree with the tests' build, and
# this script's own results and state folders (in its trash directory) and
# testbed; a later VAR=value among ARGS wins.
sonde_make() {
	make -C "$SONDE_TOP" --no-print-directory O="$SONDE_BUILD" \
		RESULTS="$TRASH_DIRECTORY/results" TESTBED="$test_testbed" \
		SONDE_STATE_DIR="$TRASH_DIRECTORY/state" "$@"
}
