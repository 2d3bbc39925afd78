package io.github.emailauth.checks.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.emailauth.checks.engine.FailPolicy;
import io.github.emailauth.checks.engine.Report;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleWriterTest {
  static List<String> lines(Report report) {
    List<String> out = new ArrayList<>();
    ConsoleWriter.write(report, ConsoleSink.prefixed(out::add));
    return out;
  }

  @Test
  void oneLinePerFindingWithRemediationIndentedThenTheSummary() {
    assertEquals(
        List.of(
            "[ERROR] example.com TEST-DMARC-DRIFT: p is none, declared reject"
                + " (emailauth.yaml:14:7)",
            "[ERROR]     fix: publish _dmarc.example.com TXT \"v=DMARC1; p=reject; ...\"",
            "[NOTICE] example.org TEST-DMARC-NOTE: consider a",
            "[NOTICE] example.org TEST-DMARC-NOTE: consider b (emailauth.yaml:20:5)",
            "[NOTICE] example.org TEST-DMARC-NOTE: consider c (emailauth.yaml)",
            "[ERROR] emailauth: 2 domains: 1 error, 0 warnings, 3 notices, 0 unverifiable;"
                + " failed (failOn=error, failOnUnverifiable=false)"),
        lines(SampleReports.design()));
  }

  @Test
  void quietWhenAllIsWell() {
    assertEquals(List.of("[INFO] emailauth: 1 domain: no findings"), lines(SampleReports.clean()));
  }

  @Test
  void publishedTextCannotForgeLinesOrEscapeSequences() {
    List<String> out = lines(SampleReports.mixed(FailPolicy.defaults()));
    assertEquals(
        "[ERROR] emailauth.yaml POLICY-UNKNOWN-CHECK: unknown check id `TEST-DMARC-WEEK` in"
            + " checks:, did you mean `TEST-DMARC-WEAK`? (emailauth.yaml:30:3)",
        out.get(0));
    assertEquals(
        "[ERROR] evil.example TEST-MX-DRIFT: published <script>alert(1)</script> | \"quoted\" &"
            + " 'single' \\x01\\x1b[31m next (emailauth.yaml:9:5)",
        out.get(2));
    assertEquals("[ERROR]     fix: remove the record", out.get(3));
    assertEquals("[WARNING] evil.example TEST-DMARC-DNS: TIMEOUT from 127.0.0.1:53", out.get(4));
    assertEquals(
        "[ERROR] emailauth: 3 domains: 2 errors, 1 warning, 1 notice, 2 unverifiable; failed"
            + " (failOn=error, failOnUnverifiable=false)",
        out.get(out.size() - 1));
  }

  @Test
  void theSinkGetsTheLevelSeparately() {
    List<String> levels = new ArrayList<>();
    ConsoleWriter.write(SampleReports.design(), (level, text) -> levels.add(level + "|" + text));
    assertEquals(
        "ERROR|example.com TEST-DMARC-DRIFT: p is none, declared reject (emailauth.yaml:14:7)",
        levels.get(0));
    assertEquals("NOTICE|example.org TEST-DMARC-NOTE: consider a", levels.get(2));
  }
}
