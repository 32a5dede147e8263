# netns-testbed.sh: building, checking and removing a testbed of network
# namespaces.  Everything made is named sonde-<TESTBED>-*: a namespace per
# role and a switch namespace holding the bridge, so the host's own
# namespace gets nothing at all.  What `up` built is recorded in
# STATE_DIR/<TESTBED>/ (testbed: the record, hosts: role addresses, jobs/:
# the processes `start` started).
# shellcheck shell=bash

readonly BRIDGE=br0
readonly TERM_WAIT_MS=5000 # SIGTERM to SIGKILL, for processes left behind

# testbed_names: sets the names derived from the configuration.
testbed_names() {
	NS_PREFIX="sonde-$TESTBED-"
	SW_NS="${NS_PREFIX}sw"
	TB_STATE="$STATE_DIR/$TESTBED"
	TB_RECORD="$TB_STATE/testbed"
	TB_HOSTS="$TB_STATE/hosts"
	TB_JOBS="$TB_STATE/jobs"
}

ns_of() { echo "$NS_PREFIX$1"; }

# role_mac INDEX: a fixed, locally administered MAC per role (02:00 then
# 198.18 then the address's last bytes), so captures are the same run to run.
role_mac() { printf '02:00:c6:12:00:%02x\n' $(($1 + 1)); }

# testbed_describe: the record of what `up` builds from this configuration;
# `up` compares it with the record of what exists.
testbed_describe() {
	local role
	echo "testbed $TESTBED"
	echo "switch $SW_NS $BRIDGE"
	for role in $ROLES; do
		echo "role $role $(ns_of "$role") $(role_addr "$role")/$ADDR_PREFIXLEN $(link_describe "$role")"
	done
}

# testbed_existing_ns: the namespaces of this testbed that exist now, found
# by name prefix (so a run that crashed before writing its record counts).
testbed_existing_ns() {
	ip netns list 2>/dev/null | awk -v p="$NS_PREFIX" '
		index($1, p) == 1 && substr($1, length(p) + 1) ~ /^[a-z][a-z0-9]*$/ { print $1 }'
}

# testbed_is_up: the record exists and everything in it is there: each
# namespace, and each guest's port on the bridge.
testbed_is_up() {
	local ports kind name ns _
	test -s "$TB_RECORD" || return 1
	ports=$(ip -n "$SW_NS" -o link show master "$BRIDGE" 2>/dev/null) || return 1
	while read -r kind name ns _; do
		case $kind in
		switch) test -e "/run/netns/$name" || return 1 ;;
		role)
			test -e "/run/netns/$ns" || return 1
			[[ $ports == *" $name@"* ]] || return 1 ;;
		esac
	done <"$TB_RECORD"
}

# testbed_pids: "PID:START" of every process in the testbed's namespaces.
testbed_pids() {
	local ns pid start
	for ns in $(testbed_existing_ns); do
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			start=$(proc_start "$pid") && echo "$pid:$start"
		done
	done
}

# testbed_teardown: stops what runs in the testbed's namespaces (SIGTERM,
# SIGKILL after TERM_WAIT_MS), deletes the namespaces (their devices, qdiscs
# and nftables tables go with them) and the state folder.
testbed_teardown() {
	local pids left ns rc=0
	pids=$(testbed_pids)
	if test -n "$pids"; then
		# shellcheck disable=SC2086
		left=$(proc_terminate "$TERM_WAIT_MS" $pids) || {
			warn "could not stop process(es) ${left//$'\n'/ } in testbed $TESTBED"
			rc=1
		}
	fi
	for ns in $(testbed_existing_ns); do
		ip netns delete "$ns" || rc=1
	done
	rm -rf "$TB_STATE"
	rmdir "$STATE_DIR" 2>/dev/null || : # when it was this testbed's only
	return $rc
}

# testbed_build: makes the testbed from nothing.  Runs under `set -e`; the
# caller removes what was made if a step fails.
testbed_build() {
	local role ns i=0 tmp
	mkdir -p "$TB_JOBS"
	ns_add "$SW_NS"
	ip -n "$SW_NS" link add name "$BRIDGE" type bridge stp_state 0
	ip -n "$SW_NS" link set dev "$BRIDGE" up
	for role in $ROLES; do
		ns=$(ns_of "$role")
		ns_add "$ns"
		ip -n "$ns" link set dev lo up
		# Made in the switch namespace with its peer straight in the
		# guest's: neither end ever exists in the host's namespace.
		ip -n "$SW_NS" link add name "$role" type veth peer name eth0 netns "$ns"
		ip -n "$ns" link set dev eth0 address "$(role_mac $i)"
		ip -n "$ns" address add "$(role_addr "$role")/$ADDR_PREFIXLEN" dev eth0
		ip -n "$SW_NS" link set dev "$role" master "$BRIDGE" up
		ip -n "$ns" link set dev eth0 up
		i=$((i + 1))
	done
	link_setup "$SW_NS" "$NS_PREFIX"
	tmp="$TB_HOSTS.tmp"
	for role in $ROLES; do printf '%s\t%s\n' "$(role_addr "$role")" "$role"; done >"$tmp"
	mv -f "$tmp" "$TB_HOSTS"
	# The record last: its presence means the testbed is complete.
	testbed_describe >"$TB_RECORD.tmp"
	mv -f "$TB_RECORD.tmp" "$TB_RECORD"
}

# ns_add NAME: a new namespace whose devices made from now on have IPv6
# off (no router solicitations, DAD or MLD reports in captures: a case sees
# only its own traffic); lo, already there, keeps ::1.
ns_add() {
	ip netns add "$1"
	if test -d /proc/sys/net/ipv6; then
		ip netns exec "$1" sysctl -q -w net.ipv6.conf.default.disable_ipv6=1 >/dev/null
	fi
}

# testbed_lock WHAT: serialises up and down (of every testbed, which costs
# little and needs no lock file): an flock on the driver itself, held on
# fd 9 until the driver exits.
testbed_lock() {
	exec 9<"$DRIVER"
	flock -w 60 9 || die "$1: another env/netns up or down did not finish within 60 s"
}
