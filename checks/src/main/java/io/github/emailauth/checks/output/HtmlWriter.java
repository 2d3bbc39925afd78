package io.github.emailauth.checks.output;

import io.github.emailauth.checks.engine.DomainReport;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.Report;
import io.github.emailauth.checks.engine.Summary;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code report.html}: one self-contained page (no scripts, no external resources) for CI artifact
 * browsers. All published text is escaped.
 */
public final class HtmlWriter {
  private HtmlWriter() {}

  public static byte[] render(Report report) {
    Summary s = report.summary();
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.append("<title>emailauth report</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:2em}")
        .append("table{border-collapse:collapse;margin-bottom:1.5em}")
        .append("td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}")
        .append(".error{color:#b00020}.warning{color:#a15c00}.notice{color:#555}")
        .append("\n</style>\n</head>\n<body>\n");
    h.append("<h1>emailauth: ").append(s.failed() ? "failed" : "passed").append("</h1>\n");
    h.append("<p>")
        .append(Xml.escape(report.tool().name() + " " + report.tool().version()))
        .append("</p>\n");
    h.append("<table><tr><th>Domains</th><th>Errors</th><th>Warnings</th><th>Notices</th>")
        .append("<th>Unverifiable</th></tr>\n<tr><td>")
        .append(s.domains())
        .append("</td><td>")
        .append(s.errors())
        .append("</td><td>")
        .append(s.warnings())
        .append("</td><td>")
        .append(s.notices())
        .append("</td><td>")
        .append(s.unverifiable())
        .append("</td></tr></table>\n");
    if (!report.policyFindings().isEmpty()) {
      h.append("<h2>Policy file</h2>\n");
      table(h, report, report.policyFindings());
    }
    for (DomainReport d : report.domains()) {
      h.append("<h2>").append(Xml.escape(d.domain())).append("</h2>\n");
      if (d.findings().isEmpty()) {
        h.append("<p>No findings.</p>\n");
      } else {
        table(h, report, d.findings());
      }
    }
    h.append("</body>\n</html>\n");
    return h.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void table(StringBuilder h, Report report, List<Finding> findings) {
    h.append("<table>\n<tr><th>Severity</th><th>Check</th><th>Kind</th><th>Subject</th>")
        .append("<th>Message</th><th>Expected</th><th>Actual</th><th>Fix</th>")
        .append("<th>Declared at</th></tr>\n");
    for (Finding f : findings) {
      h.append("<tr><td class=\"")
          .append(f.severity().label())
          .append("\">")
          .append(f.severity().label())
          .append("</td><td><a href=\"")
          .append(Xml.escape(report.tool().checkUrl(f.checkId())))
          .append("\">")
          .append(Xml.escape(f.checkId()))
          .append("</a></td><td>")
          .append(f.kind().label())
          .append("</td><td>")
          .append(text(f.subject()))
          .append("</td><td>")
          .append(text(f.message()))
          .append("</td><td>")
          .append(text(f.expected()))
          .append("</td><td>")
          .append(text(f.actual()))
          .append("</td><td>")
          .append(text(f.remediation()))
          .append("</td><td>")
          .append(f.location() == null ? "" : Xml.escape(f.location().toString()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static String text(String value) {
    return value == null ? "" : Xml.escape(value);
  }
}
