# simplify applies XSLT with libxslt (and EXSLT) to PDML read by libxml2.
simplify_PKGS := libxml-2.0 libxslt libexslt

# It finds its stylesheets in the source tree unless told otherwise.
$(O)/obj/tools/simplify/xsl_path.o: OBJ_CFLAGS += -DSONDE_XSLDIR='"$(TOP)/reports/xsl"'
