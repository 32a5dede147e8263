<?xml version="1.0" encoding="utf-8"?>
<!-- jobs-plot.xsl: the data of one run's job plots, as TSV for gnuplot,
     from report/jobs.xml (mk/sections/jobs.mk).
       xsltproc -param run 1 -stringparam what slaves jobs-plot.xsl jobs.xml
     what=slaves: per slave, jobs by how they ended (reports/plot/jobs-slaves.gp)
       slave  exited_0  failed  timedout  other
     what=gantt: per job, in id order (reports/plot/jobs-gantt.gp)
       row  job  submit_ms  start_ms  end_ms  class  state  slave
     with times from the run's first submission; class 1 exited 0,
     2 exited otherwise, 3 timed out, 4 signaled, 5 lost, 6 cancelled.  A job
     that never started has start_ms = end_ms.  One header line each. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="utf-8"/>
  <xsl:param name="run" select="1"/>
  <xsl:param name="what" select="'gantt'"/>

  <xsl:key name="by-slave" match="job" use="concat(../@n, '|', @slave)"/>
  <xsl:variable name="tab" select="'&#9;'"/>
  <xsl:variable name="nl" select="'&#10;'"/>

  <xsl:template match="/">
    <xsl:variable name="r" select="jobs/run[@n = $run]"/>
    <xsl:choose>
      <xsl:when test="$what = 'slaves'">
        <xsl:value-of select="concat('slave', $tab, 'exited_0', $tab, 'failed', $tab, 'timedout', $tab, 'other', $nl)"/>
        <xsl:for-each select="$r/job[@slave != '-' and generate-id() = generate-id(key('by-slave', concat($run, '|', @slave))[1])]">
          <xsl:sort select="@slave"/>
          <xsl:variable name="j" select="key('by-slave', concat($run, '|', @slave))"/>
          <xsl:variable name="ok" select="count($j[@state = 'exited' and @code = '0'])"/>
          <xsl:variable name="failed" select="count($j[@state = 'exited' and @code != '0'])"/>
          <xsl:variable name="timedout" select="count($j[@state = 'timedout'])"/>
          <xsl:value-of select="concat(@slave, $tab, $ok, $tab, $failed, $tab, $timedout, $tab,
                                       count($j) - $ok - $failed - $timedout, $nl)"/>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat('row', $tab, 'job', $tab, 'submit_ms', $tab, 'start_ms', $tab, 'end_ms',
                                     $tab, 'class', $tab, 'state', $tab, 'slave', $nl)"/>
        <xsl:for-each select="$r/job">
          <xsl:sort select="@id" data-type="number"/>
          <xsl:variable name="class">
            <xsl:choose>
              <xsl:when test="@state = 'exited' and @code = '0'">1</xsl:when>
              <xsl:when test="@state = 'exited'">2</xsl:when>
              <xsl:when test="@state = 'timedout'">3</xsl:when>
              <xsl:when test="@state = 'signaled'">4</xsl:when>
              <xsl:when test="@state = 'lost'">5</xsl:when>
              <xsl:otherwise>6</xsl:otherwise>
            </xsl:choose>
          </xsl:variable>
          <xsl:value-of select="concat(position(), $tab, @id, $tab, @t_submit, $tab,
                                       substring(@t_start, 1 div (@t_start != '')), substring(@t_end, 1 div (@t_start = '')),
                                       $tab, @t_end, $tab, $class, $tab, @state, $tab, @slave, $nl)"/>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
