<?xml version="1.0" encoding="utf-8"?>
<!-- jobs.xsl: the report's "jobs" section from report/jobs.xml (the job
     logs of jobmgr's master, see mk/sections/jobs.mk): per run, jobs per
     slave (table and bar chart), the jobs that did not exit 0, the job
     latency chart, and every job with its times.  Writes one
     <div class="section" id="jobs"> in no namespace.

     A job "failed" when it exited with a status other than 0; timed-out,
     signaled, lost and cancelled jobs are counted apart. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8" omit-xml-declaration="yes" indent="yes"/>

  <xsl:key name="by-slave" match="job" use="concat(../@n, '|', @slave)"/>

  <xsl:template match="/jobs">
    <div class="section" id="jobs">
      <h2>Jobs</h2>
      <p>What jobmgr's master did with each job, from its job log
      (<code>jobmgr -J</code>): where the job ran, how it ended, how long it
      waited for a slot (queued) and how long it ran.</p>
      <xsl:apply-templates select="run"/>
    </div>
  </xsl:template>

  <xsl:template match="run">
    <xsl:variable name="n" select="@n"/>
    <xsl:variable name="slaves" select="job[generate-id() = generate-id(key('by-slave', concat($n, '|', @slave))[1])]"/>
    <h3>Run <xsl:value-of select="$n"/>: <xsl:value-of select="count(job)"/> jobs
      on <xsl:value-of select="count($slaves[@slave != '-'])"/> slaves</h3>
    <p class="note">run-<xsl:value-of select="$n"/>/<xsl:value-of select="@log"/></p>

    <table class="jobs-per-slave" id="jobs-per-slave-{$n}">
      <tr><th>slave</th><th>jobs</th><th>exited 0</th><th>failed</th><th>timed out</th>
        <th>signaled</th><th>lost</th><th>cancelled</th><th>run time (ms)</th><th>mean queued (ms)</th></tr>
      <xsl:for-each select="$slaves">
        <xsl:sort select="@slave"/>
        <xsl:call-template name="counts">
          <xsl:with-param name="label" select="@slave"/>
          <xsl:with-param name="jobs" select="key('by-slave', concat($n, '|', @slave))"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:call-template name="counts">
        <xsl:with-param name="label" select="'all'"/>
        <xsl:with-param name="jobs" select="job"/>
        <xsl:with-param name="class" select="'total'"/>
      </xsl:call-template>
    </table>
    <p><img src="run-{$n}/jobs-slaves.svg" alt="jobs per slave, run {$n}"/></p>

    <xsl:variable name="bad" select="job[not(@state = 'exited' and @code = '0')]"/>
    <h4>Jobs that did not exit 0</h4>
    <xsl:choose>
      <xsl:when test="$bad">
        <table class="jobs-failed" id="jobs-failed-{$n}">
          <tr><th>job</th><th>command</th><th>slave</th><th>state</th><th>code</th><th>why</th></tr>
          <xsl:for-each select="$bad">
            <tr class="{@state}">
              <td class="num"><xsl:value-of select="@id"/></td>
              <td><code><xsl:value-of select="@argv"/></code></td>
              <td><xsl:value-of select="@slave"/></td>
              <td><xsl:value-of select="@state"/></td>
              <td class="num"><xsl:value-of select="@code"/></td>
              <td><xsl:call-template name="why"/></td>
            </tr>
          </xsl:for-each>
        </table>
      </xsl:when>
      <xsl:otherwise><p>None: every job exited with status 0.</p></xsl:otherwise>
    </xsl:choose>

    <h4>Job latency: submit, start, finish</h4>
    <p><img src="run-{$n}/jobs-gantt.svg" alt="job latency, run {$n}"/></p>
    <table class="jobs" id="jobs-{$n}">
      <tr><th>job</th><th>command</th><th>slave</th><th>state</th><th>code</th>
        <th>submitted (ms)</th><th>queued (ms)</th><th>run (ms)</th><th>submit to finish (ms)</th></tr>
      <xsl:for-each select="job">
        <tr>
          <td class="num"><xsl:value-of select="@id"/></td>
          <td><code><xsl:value-of select="@argv"/></code></td>
          <td><xsl:value-of select="@slave"/></td>
          <td><xsl:value-of select="@state"/></td>
          <td class="num"><xsl:value-of select="@code"/></td>
          <td class="num"><xsl:value-of select="@t_submit"/></td>
          <td class="num"><xsl:value-of select="@queued_ms"/></td>
          <td class="num"><xsl:value-of select="@run_ms"/></td>
          <td class="num"><xsl:value-of select="format-number(@t_end - @t_submit, '0.000')"/></td>
        </tr>
      </xsl:for-each>
    </table>
    <p class="note">Times in milliseconds; "submitted" counts from the run's first
    submission.  Queued: from submission to start (to the end for a job that never
    started).</p>
  </xsl:template>

  <!-- One row of the per-slave table. -->
  <xsl:template name="counts">
    <xsl:param name="label"/>
    <xsl:param name="jobs"/>
    <xsl:param name="class" select="'slave'"/>
    <tr class="{$class}">
      <td><xsl:value-of select="$label"/></td>
      <td class="num"><xsl:value-of select="count($jobs)"/></td>
      <td class="num"><xsl:value-of select="count($jobs[@state = 'exited' and @code = '0'])"/></td>
      <td class="num"><xsl:value-of select="count($jobs[@state = 'exited' and @code != '0'])"/></td>
      <td class="num"><xsl:value-of select="count($jobs[@state = 'timedout'])"/></td>
      <td class="num"><xsl:value-of select="count($jobs[@state = 'signaled'])"/></td>
      <td class="num"><xsl:value-of select="count($jobs[@state = 'lost'])"/></td>
      <td class="num"><xsl:value-of select="count($jobs[@state = 'cancelled'])"/></td>
      <td class="num"><xsl:value-of select="format-number(sum($jobs/@run_ms), '0.000')"/></td>
      <td class="num"><xsl:value-of select="format-number(sum($jobs/@queued_ms) div count($jobs), '0.000')"/></td>
    </tr>
  </xsl:template>

  <xsl:template name="why">
    <xsl:choose>
      <xsl:when test="@state = 'exited'">exit status <xsl:value-of select="@code"/></xsl:when>
      <xsl:when test="@state = 'timedout'">over its timeout after <xsl:value-of select="@run_ms"/> ms, killed by signal <xsl:value-of select="@code"/></xsl:when>
      <xsl:when test="@state = 'signaled'">killed by signal <xsl:value-of select="@code"/></xsl:when>
      <xsl:when test="@state = 'lost'">its slave was lost</xsl:when>
      <xsl:when test="@state = 'cancelled'">cancelled</xsl:when>
      <xsl:otherwise><xsl:value-of select="@state"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
