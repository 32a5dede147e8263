<?xml version="1.0" encoding="utf-8"?>
<!-- processes.xsl: the report's "processes" section from report/processes.xml
     (procmon, cpumon and memmon of every guest, see mk/sections/processes.mk).
     Per run and guest: a summary that answers which stage failed and how,
     which used the most CPU and which peaked highest in memory; a table of
     the stages; the process timeline (Gantt chart) and the CPU and memory
     plots; and a table of every process.  Writes one
     <div class="section" id="processes"> in no namespace.

     A "stage" is a child of a program or service of the case (a pipeline's
     stage, a shell's command), with its whole subtree: its CPU time is the
     sum over the subtree, its peak the highest peak of one of its
     processes.  A case whose programs start no children has its programs
     and services as the stages. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8" omit-xml-declaration="yes" indent="yes"/>

  <xsl:template match="/processes">
    <div class="section" id="processes">
      <h2>Processes</h2>
      <p>What ran on each guest, from <code>procmon</code> (exec, exit with its
      status or signal, CPU time and peak RSS at exit), <code>cpumon</code> and
      <code>memmon</code> (CPU and memory sampled every
      <xsl:value-of select="@interval"/>), each run with <code>-g</code>: the
      guest's processes only.  Shown are the case's programs and services and
      everything they started; sonde's own processes (captures, monitors,
      readiness probes) are left out.</p>
      <xsl:apply-templates select="guest"/>
    </div>
  </xsl:template>

  <xsl:template match="guest">
    <xsl:variable name="id" select="concat(@run, '-', @role)"/>
    <xsl:variable name="what">
      <xsl:choose>
        <xsl:when test="@stages = 'stages'">stage</xsl:when>
        <xsl:otherwise>program</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <h3>Run <xsl:value-of select="@run"/>, guest <xsl:value-of select="@role"/>:
      <xsl:value-of select="@processes"/> processes in
      <xsl:value-of select="count(task)"/><xsl:text> </xsl:text><xsl:value-of select="$what"/>s</h3>
    <p class="note">procmon backend <xsl:value-of select="@backend"/>,
      <xsl:value-of select="@lost"/> events lost; <xsl:value-of select="@others"/>
      processes of sonde's own not shown.</p>

    <ul class="processes-summary" id="processes-summary-{$id}">
      <xsl:variable name="bad" select="task[@state != 'exited' or @code != '0']"/>
      <li class="failed">
        <xsl:choose>
          <xsl:when test="$bad">
            <xsl:text>Failed: </xsl:text>
            <xsl:for-each select="$bad">
              <xsl:if test="position() &gt; 1">; </xsl:if>
              <xsl:value-of select="$what"/><xsl:text> </xsl:text>
              <code class="task" data-pid="{@pid}"><xsl:value-of select="@cmd"/></code>
              <xsl:text>: </xsl:text><xsl:call-template name="how"/>
            </xsl:for-each>
            <xsl:text>.</xsl:text>
          </xsl:when>
          <xsl:when test="task">Every <xsl:value-of select="$what"/> exited with status 0.</xsl:when>
          <xsl:otherwise>No process of the case was seen.</xsl:otherwise>
        </xsl:choose>
      </li>
      <xsl:for-each select="task">
        <xsl:sort select="@cpu_ms" data-type="number" order="descending"/>
        <xsl:if test="position() = 1">
          <li class="most-cpu">Most CPU: <xsl:value-of select="$what"/><xsl:text> </xsl:text>
            <code class="task" data-pid="{@pid}"><xsl:value-of select="@cmd"/></code>,
            <span class="cpu-ms"><xsl:value-of select="@cpu_ms"/></span> ms of CPU in
            <xsl:value-of select="@procs"/> process<xsl:if test="@procs != 1">es</xsl:if>.</li>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="task">
        <xsl:sort select="@peak_kb" data-type="number" order="descending"/>
        <xsl:if test="position() = 1">
          <li class="peak-memory">Highest memory peak: <xsl:value-of select="$what"/><xsl:text> </xsl:text>
            <code class="task" data-pid="{@pid}"><xsl:value-of select="@cmd"/></code>,
            <span class="peak-kb"><xsl:value-of select="@peak_kb"/></span> kB resident
            (<xsl:value-of select="@peak_by"/>).</li>
        </xsl:if>
      </xsl:for-each>
    </ul>

    <table class="process-tasks" id="processes-tasks-{$id}">
      <tr><th><xsl:value-of select="$what"/></th><th>pid</th><th>start (ms)</th><th>duration (ms)</th>
        <th>how it ended</th><th>processes</th><th>failed inside</th><th>CPU (ms)</th><th>peak RSS (kB)</th></tr>
      <xsl:for-each select="task">
        <tr class="{@state}">
          <td><code><xsl:value-of select="@cmd"/></code></td>
          <td class="num"><xsl:value-of select="@pid"/></td>
          <td class="num"><xsl:value-of select="@t_start"/></td>
          <td class="num"><xsl:value-of select="@dur_ms"/></td>
          <td><xsl:call-template name="how"/></td>
          <td class="num procs"><xsl:value-of select="@procs"/></td>
          <td class="num"><xsl:value-of select="@failed"/></td>
          <td class="num"><xsl:value-of select="@cpu_ms"/></td>
          <td class="num"><xsl:value-of select="@peak_kb"/></td>
        </tr>
      </xsl:for-each>
    </table>

    <h4>Timeline</h4>
    <p><img src="run-{@run}/{@role}/processes-gantt.svg" alt="process timeline, run {@run}, {@role}"/></p>
    <h4>CPU and memory of the busiest processes</h4>
    <p><img src="run-{@run}/{@role}/processes-cpu.svg" alt="CPU per process, run {@run}, {@role}"/>
      <img src="run-{@run}/{@role}/processes-mem.svg" alt="memory per process, run {@run}, {@role}"/></p>

    <h4>Every process</h4>
    <table class="processes" id="processes-{$id}">
      <tr><th>pid</th><th>parent</th><th>command line</th><th>start (ms)</th><th>duration (ms)</th>
        <th>exit status or signal</th><th>CPU (ms)</th><th>peak RSS (kB)</th></tr>
      <xsl:for-each select="proc">
        <tr class="{@state}" data-task="{@task}">
          <td class="num"><xsl:value-of select="@pid"/></td>
          <td class="num"><xsl:value-of select="@ppid"/></td>
          <td><code><xsl:value-of select="@cmd"/></code>
            <xsl:if test="@cmd = ''"><code>(<xsl:value-of select="@comm"/>, no exec)</code></xsl:if></td>
          <td class="num"><xsl:value-of select="@t_start"/></td>
          <td class="num"><xsl:value-of select="@dur_ms"/></td>
          <td class="status"><xsl:call-template name="status"/></td>
          <td class="num"><xsl:value-of select="@cpu_ms"/></td>
          <td class="num"><xsl:value-of select="@peak_kb"/></td>
        </tr>
      </xsl:for-each>
    </table>
    <p class="note">Times in milliseconds from the guest's first event.  CPU time
    is user plus system; CPU and peak come from procmon's exit record, or from
    the last sample of cpumon and memmon when procmon has none.  A process
    without an exit was still running when the monitors stopped.</p>
  </xsl:template>

  <!-- A process's end, short: 0, 3, SIGTERM, running. -->
  <xsl:template name="status">
    <xsl:choose>
      <xsl:when test="@state = 'exited'"><xsl:value-of select="@code"/></xsl:when>
      <xsl:when test="@state = 'signaled'"><xsl:call-template name="signal"/>
        <xsl:if test="@core = '1'"> (core dumped)</xsl:if></xsl:when>
      <xsl:otherwise>running</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- How a stage ended, in words. -->
  <xsl:template name="how">
    <xsl:choose>
      <xsl:when test="@state = 'exited'">
        <xsl:text>exit status </xsl:text><span class="code"><xsl:value-of select="@code"/></span>
        <xsl:if test="@code = '124'"> (timeout(1)'s status: the time limit ran out)</xsl:if>
        <xsl:if test="@code = '127'"> (command not found)</xsl:if>
      </xsl:when>
      <xsl:when test="@state = 'signaled'">
        <xsl:text>killed by </xsl:text><span class="signal"><xsl:call-template name="signal"/></span>
        <xsl:if test="@core = '1'"> (core dumped)</xsl:if>
      </xsl:when>
      <xsl:otherwise>still running at the end</xsl:otherwise>
    </xsl:choose>
    <xsl:if test="@killed != ''">; killed inside: <xsl:value-of select="@killed"/></xsl:if>
  </xsl:template>

  <xsl:template name="signal">
    <xsl:variable name="names" select="' 1 SIGHUP 2 SIGINT 3 SIGQUIT 4 SIGILL 6 SIGABRT 7 SIGBUS 8 SIGFPE 9 SIGKILL 11 SIGSEGV 13 SIGPIPE 14 SIGALRM 15 SIGTERM '"/>
    <xsl:variable name="after" select="substring-after($names, concat(' ', @sig, ' '))"/>
    <xsl:choose>
      <xsl:when test="$after != ''"><xsl:value-of select="substring-before($after, ' ')"/> (<xsl:value-of select="@sig"/>)</xsl:when>
      <xsl:otherwise>signal <xsl:value-of select="@sig"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
