package io.github.emailauth.checks.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.emailauth.checks.engine.FailPolicy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonReportWriterTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** DESIGN.md's example, field for field (with the test catalogue's check id). */
  private static final String CONTRACT =
      """
      { "schemaVersion": 1,
        "tool": { "name": "emailauth", "version": "1.0.0" },
        "summary": { "domains": 2, "errors": 1, "warnings": 0, "notices": 3, "unverifiable": 0, "failed": true },
        "domains": [
          { "domain": "example.com",
            "findings": [
              { "checkId": "TEST-DMARC-DRIFT", "severity": "error", "kind": "drift", "protocol": "dmarc",
                "subject": "_dmarc.example.com TXT", "message": "p is none, declared reject",
                "expected": "v=DMARC1; p=reject; ...", "actual": "v=DMARC1; p=none; ...",
                "remediation": "publish _dmarc.example.com TXT \\"v=DMARC1; p=reject; ...\\"",
                "location": { "file": "emailauth.yaml", "line": 14, "column": 7 } } ] } ] }
      """;

  @Test
  void theDesignExampleIsWrittenExactlyAsTheContractSays() throws Exception {
    JsonNode written = MAPPER.readTree(JsonReportWriter.render(SampleReports.design()));
    JsonNode contract = MAPPER.readTree(CONTRACT);

    assertEquals(contract.get("schemaVersion"), written.get("schemaVersion"));
    assertEquals(contract.get("tool"), written.get("tool"));
    assertEquals(contract.get("summary"), written.get("summary"));
    assertEquals(contract.get("domains").get(0), written.get("domains").get(0));
    assertEquals(
        List.of("schemaVersion", "tool", "summary", "domains"), fieldNames(written), "field order");
    assertEquals(
        fieldNames(contract.get("domains").get(0).get("findings").get(0)),
        fieldNames(written.get("domains").get(0).get("findings").get(0)),
        "finding field order");
  }

  @Test
  void nullFieldsAreOmittedAndUnknownPositionsHaveNoLine() throws Exception {
    JsonNode org =
        MAPPER.readTree(JsonReportWriter.render(SampleReports.design())).get("domains").get(1);
    assertEquals("example.org", org.get("domain").asText());
    JsonNode noLocation = org.get("findings").get(0);
    assertEquals(
        List.of("checkId", "severity", "kind", "protocol", "subject", "message"),
        fieldNames(noLocation));
    JsonNode unknownLine = org.get("findings").get(2);
    assertEquals(MAPPER.readTree("{\"file\":\"emailauth.yaml\"}"), unknownLine.get("location"));
    assertEquals(20, org.get("findings").get(1).get("location").get("line").asInt());
  }

  @Test
  void policyWideFindingsAndUnverifiableCountsAreWritten() throws Exception {
    JsonNode root =
        MAPPER.readTree(
            JsonReportWriter.render(
                SampleReports.mixed(new FailPolicy(FailPolicy.FailOn.ERROR, true))));
    assertEquals(
        List.of("schemaVersion", "tool", "summary", "policyFindings", "domains"), fieldNames(root));
    assertEquals("POLICY-UNKNOWN-CHECK", root.get("policyFindings").get(0).get("checkId").asText());
    assertEquals(30, root.get("policyFindings").get(0).get("location").get("line").asInt());
    JsonNode summary = root.get("summary");
    assertEquals(3, summary.get("domains").asInt());
    assertEquals(2, summary.get("errors").asInt(), "MX drift and the unknown id");
    assertEquals(1, summary.get("warnings").asInt());
    assertEquals(1, summary.get("notices").asInt());
    assertEquals(2, summary.get("unverifiable").asInt());
    assertTrue(summary.get("failed").asBoolean());
    JsonNode evil = root.get("domains").get(0).get("findings").get(0);
    assertTrue(evil.get("message").asText().contains("<script>"), "JSON keeps the text as it is");
    assertEquals(
        "unverifiable", root.get("domains").get(0).get("findings").get(1).get("kind").asText());
    assertEquals(0, root.get("domains").get(2).get("findings").size());
  }

  @Test
  void aCleanReportHasNoPolicyFindingsKeyAndDoesNotFail() throws Exception {
    JsonNode root = MAPPER.readTree(JsonReportWriter.render(SampleReports.clean()));
    assertFalse(root.has("policyFindings"));
    assertFalse(root.get("summary").get("failed").asBoolean());
  }

  @Test
  void theBytesAreStableTwoSpaceIndentedLfTerminated() {
    byte[] a = JsonReportWriter.render(SampleReports.mixed(FailPolicy.defaults()));
    byte[] b = JsonReportWriter.render(SampleReports.mixed(FailPolicy.defaults()));
    assertEquals(new String(a, StandardCharsets.UTF_8), new String(b, StandardCharsets.UTF_8));
    String text = new String(a, StandardCharsets.UTF_8);
    assertFalse(text.contains("\r"));
    assertTrue(text.endsWith("}\n"));
    assertTrue(
        text.startsWith("{\n  \"schemaVersion\": 1,\n  \"tool\": {\n"), text.substring(0, 40));
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
