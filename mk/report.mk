# The report: for every capture point (run, guest, interface)
#   pcap --pcap2xml--> .pdml --simplify--> .sxml --decode--> .dxml
#   .sxml --throughput.xsl--> .tput.tsv --gnuplot--> .tput.svg
# then an index of them all (pointing at the .dxml) --report.xsl-->
# report/index.html.  decode reads jobmgr's protocol (tools/jobmgr/jobmgr.x)
# and what the case adds in NAME.DECODE (see mk/case.mk).
# The rules depend on the run's collect stamp (not on the pcap's own time,
# which is older), the tools and the stylesheets, so editing report.xsl
# re-renders the HTML only.

XSL_DIR  := $(TOP)/reports/xsl
PLOT_DIR := $(TOP)/reports/plot
THROUGHPUT_BIN := $(call setting,THROUGHPUT_BIN)

# The report's own settings, in a file rewritten only when they change, so
# changing one re-renders what it affects and measures nothing again.
REPORT_CONF := $(REPORT_DIR)/report.conf
report_conf_text := THROUGHPUT_BIN=$(THROUGHPUT_BIN)
$(eval $(call settings_file,$(REPORT_CONF),report_conf_text))

# decode's descriptions: jobmgr's, then the case's.  Their list is kept in
# a file rewritten only when it changes, so editing DECODE decodes again.
# A description file is relative to the case's folder; http, dns and
# loadgen are decode's own protocols.
decode_file  = $(filter %.x,$(firstword $(subst :, ,$1)))
DECODE_SPECS := $(TOP)/tools/jobmgr/jobmgr.x $(foreach d,$(call setting,DECODE),$(if $(call decode_file,$d),$(CASE_SRC_DIR)/$d,$d))
DECODE_FILES := $(foreach d,$(DECODE_SPECS),$(call decode_file,$d))
DECODE_CONF  := $(REPORT_DIR)/decode.conf
decode_conf_text := DECODE=$(DECODE_SPECS)
$(eval $(call settings_file,$(DECODE_CONF),decode_conf_text))

# run/role/iface triples, e.g. 1/master/eth0
CAPTURE_POINTS := $(foreach n,$(RUN_IDS),$(foreach r,$(ROLES),$(foreach i,$(CAPTURE_IFACES),$n/$r/$i)))
point_run   = $(word 1,$(subst /, ,$1))
point_role  = $(word 2,$(subst /, ,$1))
point_iface = $(word 3,$(subst /, ,$1))

define report_point_rules
$(REPORT_DIR)/run-$1.pdml: $(R)/run-$(call point_run,$1)/collect.done $(O)/bin/pcap2xml
	$$(call say,PCAP2XML,run-$1.pcap)
	$$(Q)mkdir -p $$(@D)
	$$(Q)$(O)/bin/pcap2xml -r $(R)/run-$1.pcap -w $$@
$(REPORT_DIR)/run-$1.sxml: $(REPORT_DIR)/run-$1.pdml $(O)/bin/simplify $(XSL_DIR)/simplify.xsl
	$$(call say,SIMPLIFY,run-$1)
	$$(Q)$(O)/bin/simplify -x $(XSL_DIR)/simplify.xsl -p guest=$(call point_role,$1) \
	  -p iface=$(call point_iface,$1) -r $$< -w $$@
$(REPORT_DIR)/run-$1.dxml: $(REPORT_DIR)/run-$1.sxml $(O)/bin/decode $(DECODE_FILES) $(DECODE_CONF)
	$$(call say,DECODE,run-$1)
	$$(Q)$(O)/bin/decode $(addprefix -t ,$(DECODE_SPECS)) -r $$< -w $$@
$(REPORT_DIR)/run-$1.tput.tsv: $(REPORT_DIR)/run-$1.sxml $(XSL_DIR)/throughput.xsl $(REPORT_CONF)
	$$(Q)$(XSLTPROC) --param bin $(THROUGHPUT_BIN) $(XSL_DIR)/throughput.xsl $$< >$$@.tmp && mv $$@.tmp $$@
$(REPORT_DIR)/run-$1.tput.svg: $(REPORT_DIR)/run-$1.tput.tsv $(PLOT_DIR)/throughput.gp $(REPORT_CONF)
	$$(call say,GNUPLOT,run-$1)
	$$(Q)$(GNUPLOT) -e "datafile='$$<'; outfile='$$@.tmp'; bin=$(THROUGHPUT_BIN); title='throughput, $(CASE) run $(subst /, ,$1)'" \
	  $(PLOT_DIR)/throughput.gp && mv $$@.tmp $$@
endef
$(foreach p,$(CAPTURE_POINTS),$(eval $(call report_point_rules,$p)))

REPORT_PARTS := $(foreach p,$(CAPTURE_POINTS),$(REPORT_DIR)/run-$p.dxml $(REPORT_DIR)/run-$p.tput.svg)

# The index lists every capture point (hrefs relative to the report folder).
index_line = <capture guest="$(call point_role,$1)" iface="$(call point_iface,$1)" href="run-$1.dxml" plot="run-$1.tput.svg"/>
$(REPORT_DIR)/index.xml: $(CASE_CONF) $(TOP)/mk/report.mk
	$(Q)mkdir -p $(@D)
	$(Q){ echo '<?xml version="1.0" encoding="utf-8"?>'; \
	  echo '<report case="$(CASE)" generated-by="sonde">'; \
	  $(foreach n,$(RUN_IDS),echo '<run n="$n">'; \
	    $(foreach p,$(filter $n/%,$(CAPTURE_POINTS)),echo '  $(call index_line,$p)';) \
	    echo '</run>';) \
	  $(foreach s,$(SECTIONS),echo '<section name="$s" href="$s.xhtml"/>';) \
	  echo '</report>'; } >$@.tmp && mv $@.tmp $@

# Sections: a case lists more parts of its report in NAME.SECTIONS (e.g.
# processes, loadgen).  mk/sections/S.mk makes $(REPORT_DIR)/S.xhtml, one
# well-formed <div class="section"> in no namespace, that report.xsl copies into the
# page, from the files of every run (and any plots it references, in
# $(REPORT_DIR)); it adds what the page needs to SECTION_PARTS.  A section
# is rendered by its own stylesheet, so report.xsl knows none of them.
SECTIONS := $(call setting,SECTIONS)
SECTION_PARTS :=
include $(foreach s,$(SECTIONS),$(TOP)/mk/sections/$s.mk)

$(REPORT_HTML): $(REPORT_DIR)/index.xml $(REPORT_PARTS) $(SECTION_PARTS) $(XSL_DIR)/report.xsl
	$(call say,REPORT,$@)
	$(Q)$(XSLTPROC) --stringparam case $(CASE) $(XSL_DIR)/report.xsl $< >$@.tmp && mv $@.tmp $@

.PHONY: report
report: $(REPORT_HTML) ## render results/CASE/report/index.html from the collected files
