package io.github.emailauth.checks.mx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.engine.DomainContext;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.GeneratedRecord;
import io.github.emailauth.checks.engine.Kind;
import io.github.emailauth.checks.engine.Protocol;
import io.github.emailauth.checks.engine.RunOptions;
import io.github.emailauth.checks.testing.Fault;
import io.github.emailauth.checks.testing.TestDnsServer;
import io.github.emailauth.policy.DomainPolicy;
import io.github.emailauth.policy.KeyPositions;
import io.github.emailauth.policy.MxHost;
import io.github.emailauth.policy.MxPolicy;
import io.github.emailauth.policy.Policy;
import io.github.emailauth.policy.Profile;
import io.github.emailauth.policy.SourcePosition;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Type;

/** Every MX check over real sockets against the loopback DNS server. */
class MxModuleWireTest {
  private static final SourcePosition SECTION = new SourcePosition("emailauth.yaml", 5, 5);

  private TestDnsServer server;
  private final MxModule module = new MxModule();

  @BeforeEach
  void start() throws Exception {
    server = TestDnsServer.start();
    server.zone(
        "example.com",
        """
        mx1   A    192.0.2.1
        mx2   AAAA 2001:db8::2
        alias CNAME mx1
        """);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** "10 mx1.example.com." entries; each gets line 6, 7, ... */
  static MxPolicy mx(String... entries) {
    List<MxHost> hosts = new ArrayList<>();
    int line = 6;
    for (String e : entries) {
      String[] parts = e.split(" ");
      String host = parts[1].equals(".") ? "." : parts[1].replaceAll("\\.$", "");
      hosts.add(
          new MxHost(
              Integer.parseInt(parts[0]), host, new SourcePosition("emailauth.yaml", line++, 9)));
    }
    return new MxPolicy(hosts, KeyPositions.of(SECTION));
  }

  static DomainContext context(String domain, MxPolicy mx, Profile profile, DnsClient dns) {
    DomainPolicy d =
        new DomainPolicy(
            domain, SECTION, profile, List.of(), mx, null, Map.of(), null, null, null, null);
    Policy policy = new Policy(Path.of("emailauth.yaml"), 1, Map.of(domain, d), Map.of(), Map.of());
    return new DomainContext(policy, d, dns, RunOptions.defaults(), Clock.systemUTC());
  }

  private List<Finding> verify(String domain, MxPolicy declared) throws Exception {
    return module
        .verify(context(domain, declared, Profile.STANDARD, server.client(Duration.ofMillis(400))))
        .get(20, TimeUnit.SECONDS);
  }

  private static String ids(List<Finding> findings) {
    return findings.stream().map(Finding::checkId).collect(Collectors.joining(" "));
  }

  @Test
  void theSameSetInAnyOrderCaseOrDotIsQuiet() throws Exception {
    server.zone("example.com", "@ MX 20 MX2.Example.COM.\n@ MX 10 mx1");
    assertEquals(List.of(), verify("example.com", mx("10 mx1.example.com.", "20 mx2.example.com")));
  }

  @Test
  void missingAndExtraEntriesAreNamed() throws Exception {
    server.zone("example.com", "@ MX 10 mx1\n@ MX 30 mx2");
    List<Finding> findings =
        verify("example.com", mx("10 mx1.example.com.", "20 mx2.example.com."));
    assertEquals("MX-DRIFT", ids(findings));
    Finding f = findings.get(0);
    assertEquals(Kind.DRIFT, f.kind());
    assertEquals("missing 20 mx2.example.com.; not declared 30 mx2.example.com.", f.message());
    assertEquals("10 mx1.example.com., 20 mx2.example.com.", f.expected());
    assertEquals("10 mx1.example.com., 30 mx2.example.com.", f.actual());
    assertEquals(
        "publish example.com MX 20 mx2.example.com.; delete example.com MX 30 mx2.example.com.",
        f.remediation());
    assertEquals(new SourcePosition("emailauth.yaml", 7, 9), f.location());
  }

  @Test
  void noMxAtAllIsDriftAndNxdomainSaysSo() throws Exception {
    Finding f = verify("example.com", mx("10 mx1.example.com.")).get(0);
    assertEquals("no MX published; missing 10 mx1.example.com.", f.message());
    assertNull(f.actual());
    Finding ghost = verify("ghost.example.com", mx("10 mx1.example.com.")).get(0);
    assertTrue(
        ghost.message().startsWith("ghost.example.com does not exist (NXDOMAIN)"), ghost.message());
  }

  @Test
  void aParkedDomainWantsTheNullMx() throws Exception {
    server.zone("example.org", "@ MX 10 mx1.example.com.");
    List<Finding> findings = verify("example.org", mx("0 ."));
    assertEquals("MX-DRIFT", ids(findings));
    assertTrue(
        findings.get(0).message().startsWith("declared a null MX (RFC 7505"),
        findings.get(0).message());
    assertEquals(
        "publish example.org MX 0 .; delete example.org MX 10 mx1.example.com.",
        findings.get(0).remediation());
    server.zone("example.net", "@ MX 0 .");
    assertEquals(List.of(), verify("example.net", mx("0 .")));
  }

  @Test
  void aParkedProfileWithoutAnMxSectionStillMeansNullMx() throws Exception {
    server.zone("example.net", "@ MX 0 .");
    var ctx = context("example.net", null, Profile.PARKED, server.client(Duration.ofMillis(400)));
    assertEquals(List.of(), module.verify(ctx).get(20, TimeUnit.SECONDS));
    assertEquals(
        List.of(
            new GeneratedRecord(
                "example.net", "MX", GeneratedRecord.DEFAULT_TTL, "0 .", Protocol.MX)),
        module.generate(ctx).get().records());
  }

  @Test
  void aNullMxMixedWithOthersIsInvalid() throws Exception {
    server.zone("example.net", "@ MX 0 .\n@ MX 10 mx1.example.com.");
    List<Finding> findings = verify("example.net", null);
    assertEquals("MX-NULL-INVALID", ids(findings));
    assertEquals(Kind.INVALID, findings.get(0).kind());
    // undeclared: only the owner knows which way the domain goes, so both fixes are spelled out
    assertEquals(
        "if example.net receives mail: delete example.net MX 0 .; if it accepts none:"
            + " delete example.net MX 10 mx1.example.com.",
        findings.get(0).remediation());
    server.zone("example.org", "@ MX 5 .");
    List<Finding> five = verify("example.org", null);
    assertEquals("MX-NULL-INVALID", ids(five));
    assertEquals(
        "delete example.org MX 5 .; publish example.org MX 0 .", five.get(0).remediation());
  }

  @Test
  void exchangesMustBeNamesWithAddressesNotAliases() throws Exception {
    server.zone(
        "example.com",
        """
        @ MX 10 alias
        @ MX 20 192.0.2.7.
        @ MX 30 noaddr
        @ MX 40 gone
        noaddr TXT "x"
        """);
    List<Finding> findings = verify("example.com", null);
    assertEquals("MX-CNAME MX-IP-LITERAL MX-NO-ADDRESS MX-NO-ADDRESS", ids(findings));
    assertTrue(
        findings.get(0).message().contains("alias.example.com -> mx1.example.com"),
        findings.get(0).message());
    assertEquals("publish example.com MX 10 mx1.example.com.", findings.get(0).remediation());
    assertTrue(findings.get(2).message().contains("has no A or AAAA"));
    assertTrue(findings.get(3).message().contains("does not exist"));
  }

  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of(Fault.SERVFAIL),
        Arguments.of(Fault.REFUSED),
        Arguments.of(Fault.DROP),
        Arguments.of(Fault.MALFORMED));
  }

  @ParameterizedTest
  @MethodSource("faults")
  void aDnsFailureIsUnverifiableNeverMissing(Fault fault) throws Exception {
    server.fault("example.com", Type.MX, fault);
    assertEquals("MX-UNVERIFIABLE", ids(verify("example.com", mx("10 mx1.example.com."))));
  }

  @Test
  void aTruncatedAnswerIsFetchedOverTcp() throws Exception {
    server.zone("example.com", "@ MX 10 mx1\n@ MX 20 mx2");
    server.fault("example.com", Type.MX, Fault.TRUNCATE);
    assertEquals(
        List.of(), verify("example.com", mx("10 mx1.example.com.", "20 mx2.example.com.")));
    assertTrue(server.tcpQueries() > 0);
  }

  @Test
  void aLargeMxSetArrivesWholeOverTcp() throws Exception {
    // 60 exchanges with long names do not fit the 1232-octet UDP answer: TC, then TCP
    StringBuilder zone = new StringBuilder();
    List<String> declared = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String host = "mx" + i + "-a-rather-long-exchange-name-for-the-test.example.com";
      zone.append("@ MX ").append(i).append(' ').append(host).append(".\n");
      zone.append(host).append(". A 192.0.2.").append(i + 1).append('\n');
      declared.add(i + " " + host + ".");
    }
    server.zone("example.com", zone.toString());
    assertEquals(List.of(), verify("example.com", mx(declared.toArray(String[]::new))));
    assertTrue(server.tcpQueries() > 0);
  }

  @Test
  void anAddressLookupFailureIsUnverifiable() throws Exception {
    server.zone("example.com", "@ MX 10 mx1");
    server.fault("mx1.example.com", Type.A, Fault.SERVFAIL);
    server.fault("mx1.example.com", Type.AAAA, Fault.SERVFAIL);
    assertEquals("MX-UNVERIFIABLE", ids(verify("example.com", mx("10 mx1.example.com."))));
  }

  @Test
  void lintChecksTheDeclaredSet() {
    var ctx = context("example.com", mx("0 .", "10 192.0.2.1"), Profile.STANDARD, null);
    assertEquals("MX-NULL-INVALID MX-IP-LITERAL", ids(module.lint(ctx)));
  }

  @Test
  void generateWritesTheDeclaredRecords() throws Exception {
    var ctx =
        context(
            "example.com", mx("20 mx2.example.com", "10 mx1.example.com."), Profile.STANDARD, null);
    assertEquals(
        List.of("example.com MX 20 mx2.example.com.", "example.com MX 10 mx1.example.com."),
        module.generate(ctx).get().records().stream()
            .map(r -> r.name() + " " + r.type() + " " + r.value())
            .toList());
  }
}
