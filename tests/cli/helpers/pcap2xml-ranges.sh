# ranges_match FILE FORM [OPTS...]: for every packet K of FILE, the packets
# `pcap2xml OPTS -R RANGE` writes are those of the whole conversion, where
# RANGE is K (FORM "K": the packet alone) or K- (FORM "K-": from K on);
# frame.time_delta_displayed aside (the first packet written has no
# packet displayed before it).  The packets before K are only followed,
# most of them by track.c without being dissected, and a packet's memo
# sites meet their keys for the first time: so this checks that neither
# changes any packet's text.  Says which range differs.
ranges_match() {
	file=$1 form=$2
	shift 2
	pcap2xml "$@" -r "$file" | grep -v "frame.time_delta_displayed" >ranges-all.pdml || return 1
	n=$(grep -c "^<packet>" ranges-all.pdml)
	test "$n" -gt 1 || { echo "$file: $n packets" >&4; return 1; }
	k=1
	while test $k -le "$n"; do
		case $form in
		K) range=$k last=$k ;;
		K-) range=$k- last=$n ;;
		esac
		ranges_packets $k $last <ranges-all.pdml >ranges-expect &&
		pcap2xml "$@" -R $range -r "$file" | grep -v "frame.time_delta_displayed" |
			ranges_packets 1 "$n" >ranges-got &&
		cmp -s ranges-expect ranges-got ||
		{ echo "$file: -R $range differs" >&4; diff ranges-expect ranges-got | head -20 >&4; return 1; }
		k=$((k + 1))
	done
}

# ranges_packets FIRST LAST: the <packet> elements FIRST to LAST of PDML
# on standard input.
ranges_packets() {
	awk -v first=$1 -v last=$2 '/^<packet>/ { n++; on = n >= first && n <= last } on { print } /^<\/packet>/ { on = 0 }'
}
