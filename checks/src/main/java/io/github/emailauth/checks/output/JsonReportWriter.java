package io.github.emailauth.checks.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.emailauth.checks.engine.DomainReport;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.Report;
import io.github.emailauth.checks.engine.Summary;

/** {@code report.json}, the contract described in docs/report-json.md. */
public final class JsonReportWriter {
  /** Bumped only when a field changes meaning; adding a field does not. */
  public static final int SCHEMA_VERSION = 1;

  private JsonReportWriter() {}

  public static byte[] render(Report report) {
    ObjectNode root = Json.object();
    root.put("schemaVersion", SCHEMA_VERSION);
    ObjectNode tool = root.putObject("tool");
    tool.put("name", report.tool().name());
    tool.put("version", report.tool().version());
    Summary s = report.summary();
    ObjectNode summary = root.putObject("summary");
    summary.put("domains", s.domains());
    summary.put("errors", s.errors());
    summary.put("warnings", s.warnings());
    summary.put("notices", s.notices());
    summary.put("unverifiable", s.unverifiable());
    summary.put("failed", s.failed());
    if (!report.policyFindings().isEmpty()) {
      ArrayNode policy = root.putArray("policyFindings");
      report.policyFindings().forEach(f -> policy.add(Json.finding(f)));
    }
    ArrayNode domains = root.putArray("domains");
    for (DomainReport d : report.domains()) {
      ObjectNode domain = domains.addObject();
      domain.put("domain", d.domain());
      ArrayNode findings = domain.putArray("findings");
      for (Finding f : d.findings()) {
        findings.add(Json.finding(f));
      }
    }
    return Json.bytes(root);
  }
}
