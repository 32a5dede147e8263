# The loadgen section of the report (NAME.SECTIONS := loadgen): what
# `loadgen run` measured in each run.  A case's controller writes, for each
# test it runs (LABEL: a rate, "tcp", ...), in its role's folder run-N/ROLE/:
#   summary-LABEL.tsv        loadgen run -T (the figures of the summary)
#   distribution-LABEL.tsv   loadgen run -d (latency tests; optional)
#   intervals-LABEL.tsv      loadgen run -i (optional)
# Per run, found by a glob once the run is collected:
#   summaries     --awk-->                 loadgen/run-N.xml
#   distributions --loadgen-latency.gp-->  loadgen/run-N-latency.svg
#   intervals     --loadgen-time.gp-->     loadgen/run-N-time.svg
# then all runs' XML --loadgen.xsl--> loadgen.xhtml.  A plot is made only
# when it has files with data (streams have no latency); the run's XML
# lists the plots made, so the stylesheet links only those.

LOADGEN_REPORT := $(REPORT_DIR)/loadgen
LOADGEN_GP := $(PLOT_DIR)/loadgen-latency.gp $(PLOT_DIR)/loadgen-time.gp

# One <result> per summary file, its columns as attributes, plus the role
# and the label from the file's path; values escaped for XML.
LOADGEN_AWK = function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/"/, "\\&quot;", s); return s } \
	FNR == 1 { n = split($$0, h, "\t"); next } \
	{ f = FILENAME; sub(/\.tsv$$/, "", f); k = split(f, part, "/"); label = part[k]; sub(/^summary-/, "", label); \
	  printf "<result role=\"%s\" label=\"%s\"", esc(part[k - 1]), esc(label); m = split($$0, v, "\t"); \
	  for (i = 1; i <= n && i <= m; i++) printf " %s=\"%s\"", h[i], esc(v[i]); print "/>" }

# files KIND: run-N/*/KIND-*.tsv written by this run (newer than its
# capture stamp: a folder may keep an earlier measure's files) and with
# data lines, in version order (500 before 1000); labels KIND FILES: their
# LABELs.
LOADGEN_SH = files() { for f in $$(ls -v $$run/*/$$1-*.tsv 2>/dev/null); do \
	  if [ "$$f" -nt $$run/capture.started ] && [ "$$(wc -l <"$$f")" -gt 1 ]; then printf '%s ' "$$f"; fi; done; }; \
	labels() { l=; for f in $$2; do b=$${f\#\#*/$$1-}; l="$$l $${b%.tsv}"; done; echo $$l; }

$(LOADGEN_REPORT)/run-%.xml: $(R)/run-%/collect.done $(LOADGEN_GP) $(TOP)/mk/sections/loadgen.mk
	$(call say,LOADGEN,run-$*)
	$(Q)mkdir -p $(@D)
	$(Q)set -e; run=$(R)/run-$*; out=$(LOADGEN_REPORT)/run-$*; rm -f $$out-*.svg $$out-*.svg.tmp; \
	$(LOADGEN_SH); \
	sums=$$(files summary); dists=$$(files distribution); ivs=$$(files intervals); \
	{ echo '<run n="$*">'; \
	  if [ -n "$$sums" ]; then awk -F'\t' '$(LOADGEN_AWK)' $$sums; fi; \
	  if [ -n "$$dists" ]; then \
	    $(GNUPLOT) -e "files='$$dists'; labels='$$(labels distribution "$$dists")'; outfile='$$out-latency.svg.tmp'; \
	      title='latency by percentile, $(CASE) run $*'" $(PLOT_DIR)/loadgen-latency.gp; \
	    mv $$out-latency.svg.tmp $$out-latency.svg; \
	    echo '<plot kind="latency" href="loadgen/run-$*-latency.svg"/>'; \
	  fi; \
	  if [ -n "$$ivs" ]; then \
	    haslat=$$(awk -F'\t' 'FNR > 1 && $$8 > 0 { print 1; exit }' $$ivs); \
	    $(GNUPLOT) -e "files='$$ivs'; labels='$$(labels intervals "$$ivs")'; haslat=$${haslat:-0}; \
	      outfile='$$out-time.svg.tmp'; title='throughput and latency over time, $(CASE) run $*'" \
	      $(PLOT_DIR)/loadgen-time.gp; \
	    mv $$out-time.svg.tmp $$out-time.svg; \
	    echo '<plot kind="time" href="loadgen/run-$*-time.svg"/>'; \
	  fi; \
	  echo '</run>'; } >$@.tmp
	$(Q)mv $@.tmp $@

LOADGEN_RUNS := $(RUN_IDS:%=$(LOADGEN_REPORT)/run-%.xml)

$(REPORT_DIR)/loadgen.xhtml: $(LOADGEN_RUNS) $(XSL_DIR)/loadgen.xsl
	$(call say,XSLT,loadgen.xhtml)
	$(Q){ echo '<loadgen case="$(CASE)">'; cat $(LOADGEN_RUNS); echo '</loadgen>'; } >$(LOADGEN_REPORT)/all.xml
	$(Q)$(XSLTPROC) $(XSL_DIR)/loadgen.xsl $(LOADGEN_REPORT)/all.xml >$@.tmp && mv $@.tmp $@

SECTION_PARTS += $(REPORT_DIR)/loadgen.xhtml
