# The "processes" section (NAME.SECTIONS := processes): what ran on each
# guest, from the monitors that `make measure` starts there (MONITORS:
# procmon, and cpumon and memmon when listed; see env/measure-step):
#   run-N/ROLE/{procmon,cpumon,memmon}.tsv --awk--> report/processes.xml
#     (every run and guest: the case's processes, their stages, figures)
#     and, per guest, report/run-N/ROLE/processes-{gantt,cpu,mem}.tsv
#   processes.xml --processes.xsl--> processes.xhtml (a summary: which stage
#     failed and how, which used most CPU, which peaked highest in memory;
#     a table of the stages and one of every process)
#   processes-gantt.tsv --gnuplot--> processes-gantt.svg (one bar per
#     process from start to exit, coloured by exit status: 0, not 0, signal)
#   processes-{cpu,mem}.tsv --gnuplot--> processes-{cpu,mem}.svg (the six
#     busiest processes by CPU time and by peak RSS, over time)
#
# The case's processes are its programs and services (each begins with the
# exec of `env ... SONDE_RUN_DIR=...` that measure-step runs in the guest)
# and their descendants; sonde's own (captures, monitors, readiness probes)
# are counted apart.  A stage is a child of a program or service, with its
# subtree: CPU summed over it, peak the highest of its processes.

PROCESSES_XML := $(REPORT_DIR)/processes.xml
PROCESSES_GUESTS := $(foreach n,$(RUN_IDS),$(foreach r,$(ROLES),$n/$r))

define processes_awk
function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); gsub(/"/, "\\&quot;", s); return s }
function num(s) { return s ~ /^[0-9]+$$/ }
function ms(a, b) { return sprintf("%.3f", (b - a) / 1e6) }
function newp(pid, t, pp) { n++; cur[pid] = n; pidof[n] = pid; start[n] = t; par[n] = (pp in cur) ? cur[pp] : 0; ppidof[n] = pp; return n }
BEGIN { FS = "\t"; n = 0; t0 = 0; tlast = 0; lost = "-"; backend = "-" }
FNR == 1 { tool = $$0; sub(/^# */, "", tool); sub(/ .*/, "", tool)
	if (tool == "procmon") { backend = $$0; sub(/.*backend=/, "", backend); sub(/ .*/, "", backend) }
	next }
/^#/ { next }
FNR == 2 { split("", c); for (i = 1; i <= NF; i++) c[$$i] = i; next }
tool == "procmon" {
	t = $$c["time"]; ev = $$c["event"]; pid = $$c["pid"]
	if (ev == "end") { lost = $$c["lost"]; if (t > tlast) tlast = t; next }
	if (t0 == 0 || t < t0) t0 = t
	if (t > tlast) tlast = t
	id = (pid in cur) ? cur[pid] : 0
	if (ev == "fork") { id = newp(pid, t, $$c["ppid"]); comm[id] = $$c["comm"]; next }
	if (ev == "exec") {
		if (!id || ended[id]) id = newp(pid, t, $$c["ppid"])
		comm[id] = $$c["comm"]; cmd[id] = $$c["args"]
		if ($$c["args"] ~ /(^| )SONDE_RUN_DIR=/) root[id] = 1
		next
	}
	if (ev == "exit") {
		if (!id || ended[id]) { id = newp(pid, t0, $$c["ppid"]); unknown_start[id] = 1 }
		ended[id] = 1; end[id] = t; comm[id] = $$c["comm"]
		code[id] = $$c["exit_code"]; sig[id] = $$c["signal"]; core[id] = $$c["core"]
		if (num($$c["user_ns"]) && num($$c["system_ns"])) cpu[id] = $$c["user_ns"] + $$c["system_ns"]
		if (num($$c["maxrss_kb"])) peak[id] = $$c["maxrss_kb"] + 0
	}
	next
}
tool == "cpumon" && ($$c["kind"] == "proc" || $$c["kind"] == "exit") {
	pid = $$c["pid"]
	cpu_last[pid] = $$c["user_ns"] + $$c["system_ns"]
	if ($$c["cpu_pct"] != "-") cpu_s[pid] = cpu_s[pid] $$c["time"] "\t" $$c["cpu_pct"] "\n"
	next
}
tool == "memmon" && ($$c["kind"] == "proc" || $$c["kind"] == "exit") {
	pid = $$c["pid"]
	if (num($$c["peak_kb"]) && $$c["peak_kb"] + 0 > mem_peak[pid]) mem_peak[pid] = $$c["peak_kb"] + 0
	if (num($$c["rss_kb"])) mem_s[pid] = mem_s[pid] $$c["time"] "\t" $$c["rss_kb"] "\n"
	next
}
END {
	if (!tlast) tlast = t0
	# The case's processes: its programs and services (each started by
	# the exec of `env ... SONDE_RUN_DIR=...`) and their descendants.
	for (i = 1; i <= n; i++) {
		d = 0; a = i; r = 0
		while (a) { if (root[a]) { r = a; break }; a = par[a]; d++ }
		if (r) { incase[i] = 1; depth[i] = d; rootof[i] = r; ncase++ } else others++
	}
	for (i = 1; i <= n; i++) if (incase[i]) {
		if (!(i in cpu) && (pidof[i] in cpu_last)) { cpu[i] = cpu_last[pidof[i]]; cpu_src[i] = "cpumon" }
		if (!(i in peak) && (pidof[i] in mem_peak)) { peak[i] = mem_peak[pidof[i]]; peak_src[i] = "memmon" }
		if (depth[i] == 1) nstages++
	}
	# The tasks: the stages (children of a program or service), or the
	# programs and services themselves when they have no children.
	for (i = 1; i <= n; i++) if (incase[i]) {
		if (nstages) { if (depth[i] == 0) continue; a = i; while (depth[a] > 1) a = par[a] }
		else a = rootof[i]
		task[i] = a; tprocs[a]++; tcpu[a] += cpu[i]
		if (peak[i] > tpeak[a]) { tpeak[a] = peak[i]; tpeakby[a] = comm[i] }
		if (i != a && num(sig[i])) tkilled[a] = tkilled[a] (tkilled[a] == "" ? "" : ", ") comm[i] " (signal " sig[i] ")"
		if (i != a && num(code[i]) && code[i] != 0) tfailed[a]++
	}
	printf "<guest run=\"%s\" role=\"%s\" backend=\"%s\" lost=\"%s\" t0=\"%s\" processes=\"%d\" others=\"%d\" stages=\"%s\">\n", run, role, backend, lost, t0, ncase, others, nstages ? "stages" : "programs"
	for (i = 1; i <= n; i++) if (incase[i] && task[i] == i) {
		printf "<task id=\"%d\" pid=\"%s\" comm=\"%s\" cmd=\"%s\" %s procs=\"%d\" cpu_ms=\"%.3f\" peak_kb=\"%d\" peak_by=\"%s\" killed=\"%s\" failed=\"%d\" t_start=\"%s\" dur_ms=\"%s\"/>\n", i, pidof[i], esc(comm[i]), esc(cmd[i]), status(i), tprocs[i], tcpu[i] / 1e6, tpeak[i], esc(tpeakby[i]), esc(tkilled[i]), tfailed[i], ms(t0, start[i]), ms(start[i], ended[i] ? end[i] : tlast)
	}
	g = 0
	for (i = 1; i <= n; i++) if (incase[i]) {
		printf "<proc id=\"%d\" pid=\"%s\" ppid=\"%s\" parent=\"%d\" depth=\"%d\" task=\"%d\" comm=\"%s\" cmd=\"%s\" %s t_start=\"%s\" dur_ms=\"%s\" cpu_ms=\"%s\" peak_kb=\"%s\" cpu_src=\"%s\" peak_src=\"%s\"/>\n", i, pidof[i], ppidof[i], incase[par[i]] ? par[i] : 0, depth[i], task[i], esc(comm[i]), esc(cmd[i]), status(i), ms(t0, start[i]), ms(start[i], ended[i] ? end[i] : tlast), (i in cpu) ? sprintf("%.3f", cpu[i] / 1e6) : "", (i in peak) ? peak[i] : "", (i in cpu) ? (cpu_src[i] == "" ? "procmon" : cpu_src[i]) : "", (i in peak) ? (peak_src[i] == "" ? "procmon" : peak_src[i]) : ""
		# the Gantt chart: row, start, end (s), class, label
		cls = !ended[i] ? 4 : num(sig[i]) ? 3 : code[i] != 0 ? 2 : 1
		printf "%d\t%.6f\t%.6f\t%d\t%s\n", ++g, (start[i] - t0) / 1e9, ((ended[i] ? end[i] : tlast) - t0) / 1e9, cls, pidof[i] " " comm[i] >gantt
	}
	print "</guest>"
	if (!g) printf "0\t0\t0\t0\t-\n" >gantt
	series(cpu, cpu_s, cpuf, "cpu_pct")
	series(peak, mem_s, memf, "rss_kb")
}
# series(FIGURE, SAMPLES, FILE): the samples of the (up to) 6 case
# processes with the highest FIGURE, one gnuplot data block each.
function series(fig, samples, file, what,   i, k, m, pick, lines, j, f) {
	m = 0
	for (k = 1; k <= 6; k++) {
		best = 0; bv = -1
		for (i = 1; i <= n; i++) if (incase[i] && !(i in pick) && (pidof[i] in samples) && (i in fig) && fig[i] + 0 > bv) { best = i; bv = fig[i] + 0 }
		if (!best) break
		pick[best] = 1; m++
		printf "time_s\t%s %s\n", pidof[best], comm[best] >file
		j = split(samples[pidof[best]], lines, "\n")
		for (f = 1; f <= j; f++) if (lines[f] != "") { split(lines[f], v, "\t"); printf "%.6f\t%s\n", (v[1] - t0) / 1e9, v[2] >file }
		printf "\n\n" >file
	}
	if (!m) printf "time_s\tnone\n0\t0\n" >file
	close(file)
}
function status(i) {
	if (!ended[i]) return "state=\"running\" code=\"\" sig=\"\""
	if (num(sig[i])) return "state=\"signaled\" code=\"\" sig=\"" sig[i] "\" core=\"" core[i] "\""
	return "state=\"exited\" code=\"" code[i] "\" sig=\"\""
}
endef
export processes_awk

$(PROCESSES_XML): $(COLLECTED) $(TOP)/mk/sections/processes.mk
	$(call say,PROCESSES,$(notdir $@))
	$(Q)mkdir -p $(@D)
	$(Q){ echo '<?xml version="1.0" encoding="utf-8"?>'; \
	  echo '<processes case="$(CASE)" interval="$(call setting,MONITOR_INTERVAL)">'; \
	  for g in $(PROCESSES_GUESTS); do \
	    n=$${g%%/*} r=$${g#*/} d=$(R)/run-$$g o=$(REPORT_DIR)/run-$$g; \
	    test -r $$d/procmon.tsv || { echo "processes section: $$d/procmon.tsv: no procmon output (MONITORS must list procmon)" >&2; exit 1; }; \
	    mkdir -p $$o; \
	    awk -v run=$$n -v role=$$r -v gantt=$$o/processes-gantt.tsv -v cpuf=$$o/processes-cpu.tsv \
	      -v memf=$$o/processes-mem.tsv "$$processes_awk" \
	      $$d/procmon.tsv $$(for m in cpumon memmon; do test -r $$d/$$m.tsv && echo $$d/$$m.tsv; done) || exit 1; \
	  done; \
	  echo '</processes>'; } >$@.tmp && mv $@.tmp $@

$(REPORT_DIR)/processes.xhtml: $(PROCESSES_XML) $(XSL_DIR)/processes.xsl
	$(Q)$(XSLTPROC) $(XSL_DIR)/processes.xsl $< >$@.tmp && mv $@.tmp $@

# Per guest: the plots.  Their data are written with processes.xml.
define processes_guest_rules
$(REPORT_DIR)/run-$1/processes-gantt.svg: $(PROCESSES_XML) $(PLOT_DIR)/processes-gantt.gp
	$$(call say,GNUPLOT,run-$1/processes-gantt)
	$$(Q)$(GNUPLOT) -e "datafile='$$(@D)/processes-gantt.tsv'; outfile='$$@.tmp'; \
	  rows=`grep -vc '^0[^0-9]' $$(@D)/processes-gantt.tsv`; title='$(CASE) run $(subst /, ,$1)'" \
	  $(PLOT_DIR)/processes-gantt.gp && mv $$@.tmp $$@
$(REPORT_DIR)/run-$1/processes-cpu.svg $(REPORT_DIR)/run-$1/processes-mem.svg: $(REPORT_DIR)/run-$1/processes-%.svg: $(PROCESSES_XML) $(PLOT_DIR)/processes-series.gp
	$$(call say,GNUPLOT,run-$1/processes-$$*)
	$$(Q)$(GNUPLOT) -e "datafile='$$(@D)/processes-$$*.tsv'; outfile='$$@.tmp'; \
	  blocks=`grep -c '^time_s.[0-9]' $$(@D)/processes-$$*.tsv`; title='$(CASE) run $(subst /, ,$1)'; \
	  ylabel='$$(if $$(filter cpu,$$*),CPU (% of one CPU),resident memory (kB))'" \
	  $(PLOT_DIR)/processes-series.gp && mv $$@.tmp $$@
endef
$(foreach g,$(PROCESSES_GUESTS),$(eval $(call processes_guest_rules,$g)))

SECTION_PARTS += $(REPORT_DIR)/processes.xhtml \
	$(foreach g,$(PROCESSES_GUESTS),$(addprefix $(REPORT_DIR)/run-$g/processes-,gantt.svg cpu.svg mem.svg))
