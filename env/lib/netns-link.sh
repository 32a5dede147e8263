# netns-link.sh: link emulation on a guest's link, in both directions: the
# guest's egress on its eth0 (in the guest's namespace), the guest's ingress
# on the switch port toward it (in the switch namespace).
#
# With sch_netem: netem does delay and loss, a tbf child of it the rate.
# Without it (as on kernels built without CONFIG_NET_SCH_NETEM): tbf does the
# rate, nftables the loss (a bridge-family table in the switch namespace that
# drops a random share of the frames the port receives from the guest and of
# those it sends to it); delay cannot be done and is refused.
#
# Packet taps see a guest's egress after its qdisc and its ingress only once
# the switch sent it, so a capture in a guest never shows a frame that the
# emulated link then lost on the way in, and shows what it sent when it
# really left.
# shellcheck shell=bash

# netem_available: the kernel has sch_netem (or can load it).  Tried in a
# throw-away anonymous network namespace, so nothing is left behind.
netem_available() {
	if test -z "${NETEM_PROBED:-}"; then
		NETEM_PROBED=no
		unshare --net tc qdisc add dev lo root netem delay 1ms 2>/dev/null && NETEM_PROBED=yes
	fi
	test "$NETEM_PROBED" = yes
}

# link_probe: probes for netem once when some role asks for loss or delay;
# later calls of netem_available, even in subshells, reuse the answer.
link_probe() {
	local role k
	for role in $ROLES; do
		for k in LOSS DELAY; do
			link_is_zero "$k" "$(link_value "$k" "$role")" || { netem_available || :; return 0; }
		done
	done
}

# link_need_netem: probes, then fails with the message the user needs when
# delay is asked and the kernel cannot do it.  Run before anything is made.
link_need_netem() {
	local role var
	link_probe
	for role in $ROLES; do
		var=$(link_var DELAY "$role")
		link_is_zero DELAY "${!var}" || netem_available ||
			die "$var=${!var} needs the sch_netem kernel module, which this kernel does not have"
	done
}

# link_describe ROLE: one line, "rate=R loss=L delay=D" ("-" for none) and,
# when anything is emulated, how ("via=netem" or "via=tbf+nft"), for the
# state record and `status`.
link_describe() {
	local role=$1 k val out='' any=''
	for k in $EMU_KINDS; do
		val=$(link_value "$k" "$role")
		if link_is_zero "$k" "$val"; then val=-; else any=t; fi
		out="$out${k,,}=$val "
	done
	if test -n "$any"; then
		if netem_available; then out="${out}via=netem"; else out="${out}via=tbf+nft"; fi
	else
		out="${out}via=-"
	fi
	echo "$out"
}

# tbf_args RATE: tbf parameters for RATE: a bucket of 4 ms at that rate
# (one tick at HZ=250) but at least two full frames, a queue of 50 ms.
tbf_args() {
	local bps burst
	bps=$(rate_bps "$1")
	burst=$((bps / 8 / 250))
	test $burst -ge 3028 || burst=3028
	echo "rate $1 burst $burst latency 50ms"
}

# link_qdisc NS DEV ROLE: the qdiscs of one direction of ROLE's link on DEV.
link_qdisc() {
	local ns=$1 dev=$2 role=$3 rate loss delay netem_args=()
	rate=$(link_value RATE "$role")
	loss=$(link_value LOSS "$role")
	delay=$(link_value DELAY "$role")
	link_is_zero DELAY "$delay" || netem_args+=(delay "$delay")
	if ! link_is_zero LOSS "$loss" && netem_available; then
		netem_args+=(loss "$loss")
	fi
	# shellcheck disable=SC2046
	if test ${#netem_args[@]} -gt 0; then
		tc -n "$ns" qdisc add dev "$dev" root handle 1: netem "${netem_args[@]}" &&
		{ test -z "$rate" ||
		  tc -n "$ns" qdisc add dev "$dev" parent 1:1 handle 10: tbf $(tbf_args "$rate"); }
	elif test -n "$rate"; then
		tc -n "$ns" qdisc add dev "$dev" root handle 1: tbf $(tbf_args "$rate")
	fi
}

# link_nft_rules ROLE: the nftables rules dropping ROLE's lost frames, when
# netem does not do it (empty when there is no loss).
link_nft_rules() {
	local role=$1 loss n
	loss=$(link_value LOSS "$role")
	link_is_zero LOSS "$loss" && return 0
	netem_available && return 0
	n=$(loss_per10k "$loss")
	# numgen gives 0..9999: "< N" drops N in 10000; 100% drops everything.
	local chance="numgen random mod 10000 < $n"
	test "$n" -lt 10000 || chance=''
	printf '\t\tiifname "%s" %s counter drop comment "%s egress loss %s"\n' \
		"$role" "$chance" "$role" "$loss"
	printf '\t\toifname "%s" %s counter drop comment "%s ingress loss %s"\n' \
		"$role" "$chance" "$role" "$loss"
}

# link_setup SWITCH_NS GUEST_NS_PREFIX: applies every role's emulation.
link_setup() {
	local sw=$1 prefix=$2 role rules=''
	for role in $ROLES; do
		link_qdisc "$prefix$role" eth0 "$role" || return 1
		link_qdisc "$sw" "$role" "$role" || return 1
		rules="$rules$(link_nft_rules "$role")"$'\n'
	done
	test -n "${rules//[$'\n']/}" || return 0
	printf 'table bridge sonde {\n\tchain forward {\n\t\ttype filter hook forward priority 0; policy accept;\n%s\n\t}\n}\n' \
		"$rules" | ip netns exec "$sw" nft -f -
}
