package io.github.emailauth.checks.output;

import io.github.emailauth.checks.engine.DomainReport;
import io.github.emailauth.checks.engine.FailPolicy;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.Report;
import io.github.emailauth.checks.engine.Summary;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code summary.md}: a summary table, then a table of findings per domain that has any. Meant for
 * {@code $GITHUB_STEP_SUMMARY} and merge-request comments, which render HTML too, so every piece of
 * published text is escaped.
 */
public final class MarkdownWriter {
  /** Clean domains are named, up to this many; a run over thousands lists only a count. */
  static final int CLEAN_DOMAINS_LISTED = 20;

  private MarkdownWriter() {}

  public static byte[] render(Report report) {
    Summary s = report.summary();
    FailPolicy p = report.failPolicy();
    StringBuilder md = new StringBuilder();
    md.append("## emailauth: ").append(s.failed() ? "failed" : "passed").append("\n\n");
    md.append("| Domains | Errors | Warnings | Notices | Unverifiable | Result |\n");
    md.append("| ---: | ---: | ---: | ---: | ---: | --- |\n");
    md.append("| ")
        .append(s.domains())
        .append(" | ")
        .append(s.errors())
        .append(" | ")
        .append(s.warnings())
        .append(" | ")
        .append(s.notices())
        .append(" | ")
        .append(s.unverifiable())
        .append(" | ")
        .append(s.failed() ? "**failed**" : "passed")
        .append(" (failOn ")
        .append(p.failOn().label())
        .append(p.failOnUnverifiable() ? ", failOnUnverifiable" : "")
        .append(") |\n");

    if (!report.policyFindings().isEmpty()) {
      md.append("\n### Policy file\n\n");
      table(md, report, report.policyFindings());
    }
    for (DomainReport d : report.domains()) {
      if (d.findings().isEmpty()) {
        continue;
      }
      md.append("\n### ").append(escape(d.domain())).append("\n\n");
      table(md, report, d.findings());
    }
    List<String> clean =
        report.domains().stream()
            .filter(d -> d.findings().isEmpty())
            .map(DomainReport::domain)
            .toList();
    if (!clean.isEmpty()) {
      md.append('\n').append(clean.size()).append(clean.size() == 1 ? " domain" : " domains");
      md.append(" without findings");
      if (clean.size() <= CLEAN_DOMAINS_LISTED) {
        md.append(": ")
            .append(clean.stream().map(MarkdownWriter::escape).collect(Collectors.joining(", ")));
      }
      md.append(".\n");
    }
    return md.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void table(StringBuilder md, Report report, List<Finding> findings) {
    md.append("| Severity | Check | Kind | Subject | Message | Fix | Declared at |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (Finding f : findings) {
      md.append("| ")
          .append(f.severity().label())
          .append(" | [")
          .append(escape(f.checkId()))
          .append("](")
          .append(report.tool().checkUrl(f.checkId()))
          .append(") | ")
          .append(f.kind().label())
          .append(" | ")
          .append(cell(f.subject()))
          .append(" | ")
          .append(cell(f.message()))
          .append(" | ")
          .append(cell(f.remediation()))
          .append(" | ")
          .append(f.location() == null ? "" : escape(f.location().toString()))
          .append(" |\n");
    }
  }

  private static String cell(String text) {
    return text == null ? "" : escape(text);
  }

  /**
   * Makes text literal in a GitHub-flavoured Markdown table cell: Markdown punctuation is
   * backslash-escaped, HTML is entity-escaped, and line breaks would end the row.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\\', '`', '*', '_', '[', ']', '|', '#', '~', '!' ->
                    out.append('\\').appendCodePoint(c);
                case '\n', '\r', '\t' -> out.append(' ');
                default -> {
                  if (Character.isISOControl(c)) {
                    out.append(String.format("\\\\x%02x", c));
                  } else {
                    out.appendCodePoint(c);
                  }
                }
              }
            });
    return out.toString();
  }
}
