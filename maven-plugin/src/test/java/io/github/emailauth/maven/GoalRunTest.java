package io.github.emailauth.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.emailauth.checks.testing.Fault;
import io.github.emailauth.checks.testing.TestDnsServer;
import io.github.emailauth.policy.Policy;
import io.github.emailauth.policy.PolicyLoader;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * The goals run for real against the loopback DNS server: the outcome of a run becomes the right
 * Maven exception, and the reports are on disk first.
 */
@MojoTest
class GoalRunTest {
  private static final String POM = "classpath:/unit/pom.xml";
  private static final String POLICY =
      """
      version: 1
      domains:
        example.com:
          mx: [10 mx1.example.com.]
          dmarc: { policy: reject, rua: [mailto:dmarc@example.com] }
      """;

  @TempDir Path tmp;
  private TestDnsServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = TestDnsServer.start();
    server.zone(
        "example.com",
        """
        @ MX 10 mx1.example.com.
        mx1 A 192.0.2.25
        """);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private void publishDmarc(String record) {
    server.zone("example.com", "_dmarc TXT \"" + record + "\"");
  }

  private <T extends AbstractEmailAuthMojo> T prepare(T mojo, String policy) throws Exception {
    Path file = Files.writeString(tmp.resolve("emailauth.yaml"), policy);
    mojo.policy = file.toFile();
    mojo.basedir = tmp.toFile();
    mojo.outputDirectory = tmp.resolve("out").toFile();
    mojo.nameservers = List.of(server.nameserver());
    mojo.formats = List.of("console,json");
    return mojo;
  }

  private JsonNode report() throws Exception {
    return new ObjectMapper().readTree(tmp.resolve("out/report.json").toFile());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  void aCleanDomainPasses(VerifyMojo mojo) throws Exception {
    publishDmarc("v=DMARC1; p=reject; rua=mailto:dmarc@example.com");
    prepare(mojo, POLICY).execute();
    JsonNode report = report();
    assertFalse(report.at("/summary/failed").asBoolean());
    assertEquals(0, report.at("/summary/errors").asInt());
    assertTrue(server.queries() > 0, "asked the loopback server");
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  void driftFailsTheBuildWithCountsAndTheReportPath(VerifyMojo mojo) throws Exception {
    publishDmarc("v=DMARC1; p=none; rua=mailto:dmarc@example.com");
    MojoFailureException e =
        assertThrows(MojoFailureException.class, prepare(mojo, POLICY)::execute);
    Path json = tmp.resolve("out/report.json");
    assertTrue(e.getMessage().contains(json.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("failOn=error"), e.getMessage());
    JsonNode report = report();
    assertTrue(report.at("/summary/failed").asBoolean());
    String errors = report.at("/summary/errors").asText();
    assertTrue(e.getMessage().contains(errors + " error"), e.getMessage());
    List<String> ids = new ArrayList<>();
    report.at("/domains/0/findings").forEach(f -> ids.add(f.get("checkId").asText()));
    assertTrue(ids.contains("DMARC-DRIFT"), ids.toString());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "failOn", value = "never")
  void failOnNeverReportsDriftButPasses(VerifyMojo mojo) throws Exception {
    publishDmarc("v=DMARC1; p=none; rua=mailto:dmarc@example.com");
    prepare(mojo, POLICY).execute();
    assertTrue(report().at("/summary/errors").asInt() > 0);
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "timeout", value = "300ms")
  @MojoParameter(name = "retries", value = "0")
  void aServfailIsUnverifiableAndFailsOnlyWhenAskedTo(VerifyMojo mojo) throws Exception {
    server.fault("_dmarc.example.com", Type.TXT, Fault.SERVFAIL);
    prepare(mojo, POLICY).execute();
    JsonNode report = report();
    assertTrue(report.at("/summary/unverifiable").asInt() > 0);
    assertEquals(0, report.at("/summary/errors").asInt(), "SERVFAIL is not a missing record");

    mojo.failOnUnverifiable = true;
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(e.getMessage().contains("failOnUnverifiable=true"), e.getMessage());
  }

  @Test
  @InjectMojo(goal = "lint", pom = POM)
  void aBadPolicyIsABuildErrorListingEveryProblemWithItsPosition(LintMojo mojo) throws Exception {
    prepare(
        mojo,
        """
        version: 1
        domains:
          example.com:
            dmarc: { policy: rejct }
          example.net:
            mx: [10 mx1.example.net.]
            spff: {}
        """);
    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
    assertTrue(e.getMessage().contains("emailauth.yaml:4:"), e.getMessage());
    assertTrue(e.getMessage().contains("emailauth.yaml:7:"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("out/report.json")), "no report for an unread policy");
  }

  @Test
  @InjectMojo(goal = "lint", pom = POM)
  void lintAsksNoDnsAndReportsWeakChoices(LintMojo mojo) throws Exception {
    prepare(
        mojo,
        """
        version: 1
        domains:
          example.com:
            dmarc: { policy: none, rua: [mailto:dmarc@example.com] }
        """);
    mojo.execute();
    assertEquals(0, server.queries());
    JsonNode report = report();
    assertTrue(report.at("/summary/warnings").asInt() > 0, report.toString());
    assertFalse(report.at("/summary/failed").asBoolean());
  }

  @Test
  @InjectMojo(goal = "generate", pom = POM)
  void generateWritesZoneAndRecords(GenerateMojo mojo) throws Exception {
    prepare(mojo, POLICY).execute();
    String zone = Files.readString(tmp.resolve("out/zone/example.com.zone"));
    assertTrue(zone.contains("_dmarc.example.com.\t3600\tIN\tTXT\t\"v=DMARC1; p=reject"), zone);
    assertTrue(zone.contains("example.com.\t3600\tIN\tMX\t10 mx1.example.com."), zone);
    assertTrue(Files.exists(tmp.resolve("out/records.json")));
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  void domainsAndShardSelectWhatIsChecked(VerifyMojo mojo) throws Exception {
    String yaml =
        """
        version: 1
        domains:
          a.example: { dmarc: { policy: reject } }
          b.example: { dmarc: { policy: reject } }
          c.example: { dmarc: { policy: reject } }
          d.example: { dmarc: { policy: reject } }
        """;
    Policy all = PolicyLoader.parse(yaml, "emailauth.yaml", tmp);

    mojo.domains = List.of("B.example.", "c.example");
    assertEquals(
        List.of("b.example", "c.example"), List.copyOf(mojo.select(all).domains().keySet()));

    mojo.domains = List.of("b.example,e.example");
    MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> mojo.select(all));
    assertTrue(e.getMessage().contains("e.example"), e.getMessage());

    mojo.domains = null;
    List<String> union = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      mojo.shard = i + "/3";
      for (String d : mojo.select(all).domains().keySet()) {
        assertTrue(new Shard(i, 3).includes(d));
        union.add(d);
      }
    }
    union.sort(null);
    assertEquals(List.of("a.example", "b.example", "c.example", "d.example"), union);

    mojo.shard = "4/3";
    assertThrows(MojoExecutionException.class, () -> mojo.select(all));
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  void zoneFilesAnswerInsteadOfTheNameServers(VerifyMojo mojo) throws Exception {
    Path zone =
        Files.writeString(
            tmp.resolve("example.com.zone"),
            """
            $ORIGIN example.com.
            $TTL 3600
            @ SOA ns1 hostmaster 1 7200 3600 1209600 3600
            @ NS ns1
            @ MX 10 mx1.example.com.
            mx1 A 192.0.2.25
            _dmarc TXT "v=DMARC1; p=reject; rua=mailto:dmarc@example.com"
            """);
    prepare(mojo, POLICY);
    mojo.nameservers = null;
    mojo.zoneFiles = List.of(new File(zone.getFileName().toString()));
    mojo.execute();
    assertFalse(report().at("/summary/failed").asBoolean());
    assertEquals(0, server.queries(), "the zone file answered");
  }
}
