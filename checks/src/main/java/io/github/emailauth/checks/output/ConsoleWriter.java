package io.github.emailauth.checks.output;

import io.github.emailauth.checks.engine.DomainReport;
import io.github.emailauth.checks.engine.FailPolicy;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.Report;
import io.github.emailauth.checks.engine.Summary;

/**
 * The console: one line per finding ({@code example.com DMARC-DRIFT: p is none, declared reject
 * (emailauth.yaml:14:7)}), its remediation on an indented line, then one summary line. A clean run
 * prints the summary line only.
 */
public final class ConsoleWriter {
  static final String INDENT = "    ";

  private ConsoleWriter() {}

  public static void write(Report report, ConsoleSink sink) {
    for (Finding f : report.policyFindings()) {
      line(sink, policyName(report, f), f);
    }
    for (DomainReport d : report.domains()) {
      for (Finding f : d.findings()) {
        line(sink, d.domain(), f);
      }
    }
    Summary s = report.summary();
    sink.line(s.failed() ? ConsoleSink.Level.ERROR : ConsoleSink.Level.INFO, summary(report, s));
  }

  private static void line(ConsoleSink sink, String where, Finding f) {
    ConsoleSink.Level level = level(f);
    StringBuilder text = new StringBuilder();
    text.append(where).append(' ').append(f.checkId()).append(": ").append(oneLine(f.message()));
    if (f.location() != null) {
      text.append(" (").append(f.location()).append(')');
    }
    sink.line(level, text.toString());
    if (f.remediation() != null && !f.remediation().isBlank()) {
      sink.line(level, INDENT + "fix: " + oneLine(f.remediation()));
    }
  }

  private static ConsoleSink.Level level(Finding f) {
    return switch (f.severity()) {
      case ERROR -> ConsoleSink.Level.ERROR;
      case WARNING -> ConsoleSink.Level.WARNING;
      case NOTICE -> ConsoleSink.Level.NOTICE;
    };
  }

  /** A policy-wide finding is shown against the policy file rather than a domain. */
  private static String policyName(Report report, Finding f) {
    if (f.location() != null) {
      return f.location().file();
    }
    return report.policyFile() == null ? "policy" : report.policyFile().getFileName().toString();
  }

  static String summary(Report report, Summary s) {
    String counts =
        Summary.count(s.domains(), "domain")
            + ": "
            + (s.findings() == 0 ? "no findings" : s.counts());
    if (!s.failed()) {
      return "emailauth: " + counts;
    }
    FailPolicy p = report.failPolicy();
    return "emailauth: "
        + counts
        + "; failed (failOn="
        + p.failOn().label()
        + ", failOnUnverifiable="
        + p.failOnUnverifiable()
        + ")";
  }

  /**
   * Published text is hostile input: a TXT record with a newline or an escape sequence must not
   * forge log lines or repaint the terminal.
   */
  static String oneLine(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              if (c == '\n' || c == '\r' || c == '\t') {
                out.append(' ');
              } else if (Character.isISOControl(c)) {
                out.append(String.format("\\x%02x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }
}
