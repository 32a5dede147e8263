# ranges_match FILE: for every packet K of FILE but the first, the packets
# `pcap2xml -R K-` writes are those of the whole conversion from K on
# (frame.time_delta_displayed aside: the first one written has no packet
# displayed before it).  The packets before K are only tracked, most of
# them by track.c without being dissected, so this checks that they leave
# the conversations (stream indexes, relative sequence numbers,
# retransmissions) as writing them does.  Says which K differs.
ranges_match() {
	pcap2xml -r "$1" | grep -v "frame.time_delta_displayed" >ranges-all.pdml || return 1
	n=$(grep -c "^<packet>" ranges-all.pdml)
	test "$n" -gt 1 || { echo "$1: $n packets" >&4; return 1; }
	k=2
	while test $k -le "$n"; do
		awk -v k=$k '/^<packet>/ { n++ } n == 0 || n >= k' ranges-all.pdml >ranges-expect &&
		pcap2xml -R $k- -r "$1" | grep -v "frame.time_delta_displayed" >ranges-got &&
		cmp -s ranges-expect ranges-got ||
		{ echo "$1: -R $k- differs" >&4; diff ranges-expect ranges-got | head -20 >&4; return 1; }
		k=$((k + 1))
	done
}
