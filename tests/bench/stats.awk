# stats.awk: a benchmark's samples reduced to its statistics (see lib.sh).
#
# usage: awk -f stats.awk -v sonde=TOOL -v peer=TOOL NAME.figures.tsv NAME.samples.tsv
#
# Output (TSV, one line per figure and x, figures in declaration order, x in
# the order first sampled):
#   figure x unit better sonde sonde_runs sonde_median sonde_min sonde_max
#   peer peer_runs peer_median peer_min peer_max ratio goal verdict
# The median of an even count is the mean of the two middle values.  ratio
# is sonde's median over peer's; 1 when both are 0, "inf" when only the
# peer's is 0, "-" without a peer.  verdict is met, missed or "-" (no goal,
# or a side of it not measured).

BEGIN { FS = OFS = "\t" }

FNR == 1 { file++; next }

file == 1 {
	nfig++; fig[nfig] = $1; unit[$1] = $2; better[$1] = $3; goal[$1] = $4
	next
}

file == 2 {
	if (!($1 in unit)) { printf "stats.awk: sample of undeclared figure '%s'\n", $1 >"/dev/stderr"; bad = 1; next }
	key = $1 SUBSEP $2
	if (!(key in seen)) { seen[key] = 1; nx[$1]++; xs[$1, nx[$1]] = $2 }
	k = key SUBSEP $3
	n[k]++; v[k, n[k]] = $5 + 0
}

# Sorts v[k, 1..cnt] in place (insertion sort: a few runs per group).
function sort_group(k, cnt,    i, j, t) {
	for (i = 2; i <= cnt; i++) {
		t = v[k, i]
		for (j = i - 1; j >= 1 && v[k, j] > t; j--) v[k, j + 1] = v[k, j]
		v[k, j + 1] = t
	}
}

function num(x,    a) {
	a = x < 0 ? -x : x
	if (x == int(x) && a < 1e15) return sprintf("%.0f", x)
	if (a >= 100) return sprintf("%.1f", x)
	return sprintf("%.4g", x)
}

# Sets s_runs, s_med, s_min, s_max for tool t; returns 0 when it has no samples.
function summarize(f, x, t,    k, cnt) {
	k = f SUBSEP x SUBSEP t
	cnt = n[k] + 0
	if (cnt == 0) { s_runs = 0; s_med = s_min = s_max = "-"; return 0 }
	sort_group(k, cnt)
	s_runs = cnt; s_min = v[k, 1]; s_max = v[k, cnt]
	s_med = cnt % 2 ? v[k, (cnt + 1) / 2] : (v[k, cnt / 2] + v[k, cnt / 2 + 1]) / 2
	return 1
}

function operand(w) {
	if (w == "sonde") return sm
	if (w == "peer") return pm
	if (w == "ratio") return ratio
	if (w ~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/) return w + 0
	return "?"
}

function verdict(g,    m, l, r, op) {
	if (g == "-" || g == "") return "-"
	if (!match(g, /(<=|>=|<|>)/)) return "-"
	op = substr(g, RSTART, RLENGTH)
	l = operand(substr(g, 1, RSTART - 1)); r = operand(substr(g, RSTART + RLENGTH))
	if (l == "-" || r == "-" || l == "?" || r == "?" || l == "inf" || r == "inf") {
		if (op ~ /</ && l == "inf") return "missed"
		if (op ~ />/ && l == "inf") return "met"
		return "-"
	}
	l += 0; r += 0
	if (op == "<") m = l < r
	else if (op == "<=") m = l <= r
	else if (op == ">") m = l > r
	else m = l >= r
	return m ? "met" : "missed"
}

END {
	if (bad) exit 1
	print "figure", "x", "unit", "better", "sonde", "sonde_runs", "sonde_median", "sonde_min", "sonde_max",
		"peer", "peer_runs", "peer_median", "peer_min", "peer_max", "ratio", "goal", "verdict"
	for (i = 1; i <= nfig; i++) {
		f = fig[i]
		for (j = 1; j <= nx[f]; j++) {
			x = xs[f, j]
			have_s = summarize(f, x, sonde); sr = s_runs; sm = s_med; smin = s_min; smax = s_max
			have_p = peer != "-" && summarize(f, x, peer)
			if (!have_p) { s_runs = 0; s_med = s_min = s_max = "-" }
			pr = s_runs; pm = s_med; pmin = s_min; pmax = s_max
			if (!have_s || !have_p) ratio = "-"
			else if (pm == 0) ratio = sm == 0 ? 1 : "inf"
			else ratio = sm / pm
			print f, x, unit[f], better[f], sonde, sr, fmt(sm), fmt(smin), fmt(smax),
				peer, pr, fmt(pm), fmt(pmin), fmt(pmax), fmt_ratio(ratio),
				goal[f], verdict(goal[f])
		}
	}
}

function fmt(x) { return x == "-" ? "-" : num(x) }
function fmt_ratio(r) {
	if (r == "-" || r == "inf") return r
	return r >= 100 ? sprintf("%.0f", r) : sprintf("%.3g", r)
}
