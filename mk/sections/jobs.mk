# The "jobs" section (NAME.SECTIONS := jobs): what jobmgr did in each run,
# from the master's job log (jobmgr -J, one TSV record per finished job):
#   run-N/$(JOBS_LOG) ... --awk--> report/jobs.xml (every run, times relative
#   to the run's first submission)
#   jobs.xml --jobs.xsl--> jobs.xhtml (jobs per slave, failed jobs, every job)
#   jobs.xml --jobs-plot.xsl--> run-N/jobs-{slaves,gantt}.tsv --gnuplot-->
#   run-N/jobs-slaves.svg (bar chart) and run-N/jobs-gantt.svg (queued then
#   running, one bar per job, coloured by how it ended)
# NAME.JOBS_LOG is the job log's path in a run's folder (default
# master/jobmgr-jobs.tsv: the master service started with -J jobmgr-jobs.tsv).

JOBS_LOG := $(or $(call setting,JOBS_LOG),master/jobmgr-jobs.tsv)
JOBS_XML := $(REPORT_DIR)/jobs.xml

# The job logs, columns found by their header, into one XML document.
define jobs_awk
function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); gsub(/"/, "\\&quot;", s); return s }
function ms(a, b) { return a > 0 && b > 0 ? sprintf("%.3f", (b - a) / 1e6) : "" }
function flush(  i, f) {
	if (run == "") return
	printf "<run n=\"%s\" log=\"%s\" jobs=\"%d\">\n", run, esc(lf), n
	for (i = 1; i <= n; i++) {
		split(rec[i], f, "\t")
		printf "<job id=\"%s\" argv=\"%s\" slave=\"%s\" state=\"%s\" code=\"%s\" submit_ns=\"%s\" start_ns=\"%s\" end_ns=\"%s\" queued_ms=\"%s\" run_ms=\"%s\" t_submit=\"%s\" t_start=\"%s\" t_end=\"%s\"/>\n",
			esc(f[c["job"]]), esc(f[c["argv"]]), esc(f[c["slave"]]), esc(f[c["state"]]), esc(f[c["code"]]),
			f[c["submit_ns"]], f[c["start_ns"]], f[c["end_ns"]], f[c["queued_ms"]], f[c["run_ms"]],
			ms(t0, f[c["submit_ns"]]), ms(t0, f[c["start_ns"]]), ms(t0, f[c["end_ns"]])
	}
	print "</run>"
}
BEGIN { FS = "\t"; print "<?xml version=\"1.0\" encoding=\"utf-8\"?>"; printf "<jobs case=\"%s\">\n", kase }
FNR == 1 { flush(); run = FILENAME; sub(/.*\/run-/, "", run); sub(/\/.*/, "", run); lf = FILENAME; sub(/.*\/run-[0-9]*\//, "", lf); n = 0; t0 = 0; split("", c) }
/^#/ { next }
!("job" in c) { for (i = 1; i <= NF; i++) c[$$i] = i; next }
{ rec[++n] = $$0; s = $$c["submit_ns"] + 0; if (t0 == 0 || s < t0) t0 = s }
END { flush(); print "</jobs>" }
endef
export jobs_awk

JOBS_LOGS := $(foreach n,$(RUN_IDS),$(R)/run-$n/$(JOBS_LOG))

$(JOBS_XML): $(COLLECTED) $(TOP)/mk/sections/jobs.mk
	$(call say,JOBS,$(notdir $@))
	$(Q)mkdir -p $(@D)
	$(Q)for f in $(JOBS_LOGS); do test -r "$$f" || { \
	  echo "jobs section: $$f: no job log (run the master with jobmgr -J $(notdir $(JOBS_LOG)), or set $(CASE).JOBS_LOG)" >&2; exit 1; }; done
	$(Q)awk -v kase=$(call shq,$(CASE)) "$$jobs_awk" $(JOBS_LOGS) >$@.tmp && mv $@.tmp $@

$(REPORT_DIR)/jobs.xhtml: $(JOBS_XML) $(XSL_DIR)/jobs.xsl
	$(Q)$(XSLTPROC) $(XSL_DIR)/jobs.xsl $< >$@.tmp && mv $@.tmp $@

# Per run: the data of each plot, then the plot.
define jobs_run_rules
$(REPORT_DIR)/run-$1/jobs-slaves.tsv $(REPORT_DIR)/run-$1/jobs-gantt.tsv: $(REPORT_DIR)/run-$1/jobs-%.tsv: $(JOBS_XML) $(XSL_DIR)/jobs-plot.xsl
	$$(Q)mkdir -p $$(@D)
	$$(Q)$(XSLTPROC) --param run $1 --stringparam what $$* $(XSL_DIR)/jobs-plot.xsl $$< >$$@.tmp && mv $$@.tmp $$@
$(REPORT_DIR)/run-$1/jobs-slaves.svg $(REPORT_DIR)/run-$1/jobs-gantt.svg: $(REPORT_DIR)/run-$1/jobs-%.svg: $(REPORT_DIR)/run-$1/jobs-%.tsv $(PLOT_DIR)/jobs-%.gp
	$$(call say,GNUPLOT,run-$1/jobs-$$*)
	$$(Q)$(GNUPLOT) -e "datafile='$$<'; outfile='$$@.tmp'; rows=`grep -vc '^#' $$<`; title='$(CASE) run $1'" \
	  $(PLOT_DIR)/jobs-$$*.gp && mv $$@.tmp $$@
endef
$(foreach n,$(RUN_IDS),$(eval $(call jobs_run_rules,$n)))

SECTION_PARTS += $(REPORT_DIR)/jobs.xhtml \
	$(foreach n,$(RUN_IDS),$(REPORT_DIR)/run-$n/jobs-slaves.svg $(REPORT_DIR)/run-$n/jobs-gantt.svg)
