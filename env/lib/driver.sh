# driver.sh: what every testbed driver (env/netns, env/ssh) shares: error
# reporting, the configuration file, roles and their addresses, and the
# checks of the link emulation values.  Sourced by a driver after it set
# PROG (the name that prefixes its messages).  See env/DRIVER.md.
# shellcheck shell=bash

# --- errors -----------------------------------------------------------------
# "prog: what: why" on stderr; die exits 1, usage_die exits 2.
warn() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { warn "$@"; exit 1; }
usage_die() {
	warn "$@"
	printf 'Try '\''%s -h'\'' for more information.\n' "$PROG" >&2
	exit 2
}

need_root() {
	test "$(id -u)" = 0 || die "$1: must run as root (it manages network namespaces)"
}

# --- configuration ----------------------------------------------------------
# The variables a configuration file may set; LINK_{RATE,LOSS,DELAY}_<role>
# override the LINK_ value for one role.
readonly CONF_VARS='TESTBED ROLES STATE_DIR LINK_RATE LINK_LOSS LINK_DELAY'
readonly EMU_KINDS='RATE LOSS DELAY'
readonly ROLE_MAX=253     # 198.18.0.1 .. 198.18.0.253 on one /24
readonly ROLE_NAME_MAX=15 # a role names the switch port: IFNAMSIZ - 1

# conf_load FILE: sources FILE, then checks and completes the variables.
# Only the file counts: values from the environment are cleared first.
conf_load() {
	local conf=$1 v
	test -n "$conf" || usage_die "no configuration file (-c CONF)"
	test -r "$conf" || die "$conf: cannot read the configuration file"
	# shellcheck disable=SC2086
	unset $CONF_VARS
	for v in $(compgen -v LINK_); do unset "$v"; done
	# shellcheck disable=SC1090
	. "$conf" || die "$conf: the configuration file failed (status $?)"
	: "${ROLES=master slave}" "${STATE_DIR:=/run/sonde}"
	: "${LINK_RATE=}" "${LINK_LOSS=}" "${LINK_DELAY=}"
	conf_check "$conf"
}

conf_check() {
	local conf=$1 role v seen=' ' n=0
	test -n "${TESTBED:-}" || die "$conf: TESTBED is not set"
	[[ $TESTBED =~ ^[a-z0-9]{1,8}$ ]] ||
		die "$conf: TESTBED=$TESTBED: want 1 to 8 characters among a-z and 0-9"
	[[ $STATE_DIR == /* ]] || die "$conf: STATE_DIR=$STATE_DIR: want an absolute path"
	test -n "$ROLES" || die "$conf: ROLES is empty"
	for role in $ROLES; do
		[[ $role =~ ^[a-z][a-z0-9]{0,$((ROLE_NAME_MAX - 1))}$ ]] ||
			die "$conf: ROLES: '$role': a role is a letter then up to $((ROLE_NAME_MAX - 1)) of a-z and 0-9"
		case $role in
		sw|lo|br0) die "$conf: ROLES: '$role' is reserved (switch namespace and devices)" ;;
		esac
		case $seen in *" $role "*) die "$conf: ROLES: '$role' appears twice" ;; esac
		seen="$seen$role "
		n=$((n + 1))
	done
	test $n -le $ROLE_MAX || die "$conf: ROLES: $n roles, at most $ROLE_MAX"
	# A per-role setting for a role that does not exist is a typo.
	for v in $(compgen -v LINK_); do
		case $v in
		LINK_RATE|LINK_LOSS|LINK_DELAY) ;;
		LINK_RATE_*|LINK_LOSS_*|LINK_DELAY_*)
			role=${v#LINK_*_}
			case $seen in *" $role "*) ;; *)
				die "$conf: $v: '$role' is not one of ROLES ($ROLES)" ;;
			esac ;;
		*) die "$conf: $v: unknown setting (LINK_RATE, LINK_LOSS, LINK_DELAY, optionally _<role>)" ;;
		esac
	done
	for role in $ROLES; do
		for v in $EMU_KINDS; do link_check "$v" "$role"; done
	done
}

# --- roles ------------------------------------------------------------------
# is_role NAME: NAME is one of ROLES.
is_role() { case " $ROLES " in *" $1 "*) return 0 ;; esac; return 1; }

# need_role WHAT NAME: exits 2 unless NAME is a role.
need_role() { is_role "$2" || usage_die "$1: no role '$2' (ROLES: $ROLES)"; }

# role_index NAME: 0-based position in ROLES.
role_index() {
	local r i=0
	for r in $ROLES; do
		test "$r" = "$1" && { echo $i; return 0; }
		i=$((i + 1))
	done
	return 1
}

# role_addr NAME: the role's IPv4 address: the i-th role (0-based) gets
# 198.18.0.(i+1), on 198.18.0.0/24.
# shellcheck disable=SC2034 # ADDR_PREFIXLEN is for the drivers
readonly ADDR_PREFIX=198.18.0 ADDR_PREFIXLEN=24
role_addr() { echo "$ADDR_PREFIX.$(( $(role_index "$1") + 1 ))"; }

# --- link emulation values --------------------------------------------------
# link_value KIND ROLE: the role's effective LINK_KIND: LINK_KIND_role when it
# is set (even to ""), LINK_KIND otherwise.  link_var names the variable.
link_var() {
	local v="LINK_$1_$2"
	if test -n "${!v+set}"; then echo "$v"; else echo "LINK_$1"; fi
}
link_value() { local v; v=$(link_var "$1" "$2"); echo "${!v}"; }

# Rates in tc's units: bit, kbit, mbit, gbit (bits per second) or bps, kbps,
# mbps, gbps (bytes per second).  Loss: a percentage with up to two
# decimals.  Delay: a duration in us, ms or s.
readonly RATE_RE='^([0-9]+)(\.[0-9]+)?(bit|kbit|mbit|gbit|bps|kbps|mbps|gbps)$'
readonly LOSS_RE='^([0-9]{1,3})(\.([0-9]{1,2}))?%$'
readonly DELAY_RE='^([0-9]+)(\.[0-9]+)?(us|ms|s)$'

link_check() {
	local kind=$1 role=$2 var val
	var=$(link_var "$kind" "$role")
	val=${!var}
	test -n "$val" || return 0
	case $kind in
	RATE)
		if ! [[ $val =~ $RATE_RE ]] || test "$(rate_bps "$val")" = 0; then
			die "$var=$val: not a rate (e.g. 10mbit, 512kbit, 1gbit, 100kbps)"
		fi ;;
	LOSS)
		if ! [[ $val =~ $LOSS_RE ]] || test "$(loss_per10k "$val")" -gt 10000; then
			die "$var=$val: not a loss percentage from 0% to 100% (e.g. 5%, 0.5%)"
		fi ;;
	DELAY)
		[[ $val =~ $DELAY_RE ]] ||
			die "$var=$val: not a delay (e.g. 20ms, 500us, 1.5s)" ;;
	esac
}

# rate_bps RATE: the rate in bits per second (an integer).
rate_bps() {
	awk -v r="$1" 'BEGIN {
		n = r; sub(/[a-z]+$/, "", n); u = substr(r, length(n) + 1)
		m["bit"] = 1; m["kbit"] = 1e3; m["mbit"] = 1e6; m["gbit"] = 1e9
		m["bps"] = 8; m["kbps"] = 8e3; m["mbps"] = 8e6; m["gbps"] = 8e9
		printf "%.0f\n", n * m[u] }'
}

# loss_per10k LOSS: the percentage in hundredths of a percent (30% -> 3000).
loss_per10k() {
	[[ $1 =~ $LOSS_RE ]] || return 1
	local frac=${BASH_REMATCH[3]}
	while test ${#frac} -lt 2; do frac="${frac}0"; done
	echo $(( 10#${BASH_REMATCH[1]} * 100 + 10#$frac ))
}

# link_is_zero KIND VALUE: VALUE asks for no emulation (empty, 0%, 0ms).
link_is_zero() {
	case $1 in
	LOSS) test -z "$2" || test "$(loss_per10k "$2")" = 0 ;;
	DELAY) test -z "$2" || [[ $2 =~ ^0+(\.0+)?(us|ms|s)$ ]] ;;
	*) test -z "$2" ;;
	esac
}
