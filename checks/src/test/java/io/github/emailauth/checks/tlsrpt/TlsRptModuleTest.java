package io.github.emailauth.checks.tlsrpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.engine.Artifacts;
import io.github.emailauth.checks.engine.DomainContext;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.Kind;
import io.github.emailauth.checks.engine.RunOptions;
import io.github.emailauth.checks.engine.Severity;
import io.github.emailauth.checks.testing.Fault;
import io.github.emailauth.checks.testing.TestDnsServer;
import io.github.emailauth.checks.testing.TestDnsServerExtension;
import io.github.emailauth.policy.DomainPolicy;
import io.github.emailauth.policy.KeyPositions;
import io.github.emailauth.policy.MtaStsPolicy;
import io.github.emailauth.policy.Policy;
import io.github.emailauth.policy.Profile;
import io.github.emailauth.policy.SourcePosition;
import io.github.emailauth.policy.StsMode;
import io.github.emailauth.policy.TlsRptPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xbill.DNS.Type;

/** {@link TlsRptModule} over the loopback DNS server. */
@ExtendWith(TestDnsServerExtension.class)
class TlsRptModuleTest {
  static final String DOMAIN = "example.com";
  static final SourcePosition AT = new SourcePosition("emailauth.yaml", 12, 5);
  static final KeyPositions POSITIONS =
      new KeyPositions(AT, Map.of("rua", new SourcePosition("emailauth.yaml", 13, 7)));
  static final TlsRptPolicy DECLARED =
      new TlsRptPolicy(
          List.of("mailto:tlsrpt@example.com", "https://reports.example.net/tlsrpt"), POSITIONS);

  private static DomainContext context(TestDnsServer dns, TlsRptPolicy tls, MtaStsPolicy sts) {
    DomainPolicy domain =
        new DomainPolicy(
            DOMAIN, AT, Profile.STANDARD, List.of(), null, null, Map.of(), null, sts, tls, null);
    Policy policy =
        new Policy(Path.of("emailauth.yaml"), 1, Map.of(DOMAIN, domain), Map.of(), Map.of());
    return new DomainContext(
        policy,
        domain,
        dns.client(Duration.ofSeconds(2)),
        RunOptions.defaults(),
        Clock.systemUTC());
  }

  private static List<Finding> verify(TestDnsServer dns, TlsRptPolicy tls) {
    return new TlsRptModule().verify(context(dns, tls, null)).join();
  }

  private static List<String> ids(List<Finding> findings) {
    return findings.stream().map(Finding::checkId).sorted().toList();
  }

  @Test
  void matchingRecordInAnyOrderAndCaseIsQuiet(TestDnsServer dns) {
    dns.zone(
        DOMAIN,
        "_smtp._tls 300 IN TXT \"v=TLSRPTv1; rua=HTTPS://Reports.example.net/tlsrpt,"
            + " mailto:tlsrpt@EXAMPLE.com;\"");
    assertEquals(List.of(), verify(dns, DECLARED));
  }

  @Test
  void driftNamesMissingAndExtraUris(TestDnsServer dns) {
    dns.zone(
        DOMAIN,
        "_smtp._tls 300 IN TXT \"v=TLSRPTv1;"
            + " rua=mailto:tlsrpt@example.com,mailto:old@vendor.example\"");
    List<Finding> findings = verify(dns, DECLARED);
    assertEquals(List.of("TLSRPT-DRIFT"), ids(findings));
    Finding f = findings.get(0);
    assertEquals(Kind.DRIFT, f.kind());
    assertTrue(
        f.message()
            .startsWith("_smtp._tls.example.com: rua lacks https://reports.example.net/tlsrpt"),
        f.message());
    assertTrue(f.message().contains("has undeclared mailto:old@vendor.example"), f.message());
    assertEquals(13, f.location().line());
    assertEquals(
        "v=TLSRPTv1; rua=mailto:tlsrpt@example.com,https://reports.example.net/tlsrpt",
        f.expected());
  }

  @Test
  void missingRecord(TestDnsServer dns) {
    dns.zone(DOMAIN, "@ 300 IN MX 10 mx1.example.com.");
    List<Finding> findings = verify(dns, DECLARED);
    assertEquals(List.of("TLSRPT-RECORD-MISSING"), ids(findings));
    assertTrue(findings.get(0).remediation().contains("_smtp._tls.example.com TXT"));
  }

  @Test
  void aLongRecordIsShownAsTheStringsToPublish(TestDnsServer dns) {
    dns.zone(DOMAIN, "@ 300 IN MX 10 mx1.example.com.");
    List<String> rua = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      rua.add("mailto:tls-reports-" + i + "@reports.example.com");
    }
    Finding f = verify(dns, new TlsRptPolicy(rua, POSITIONS)).get(0);
    String record = f.expected();
    assertTrue(record.length() > 255, record);
    assertEquals(
        "publish _smtp._tls.example.com TXT \""
            + record.substring(0, 255)
            + "\" \""
            + record.substring(255)
            + "\" (2 strings of at most 255 bytes, published as one TXT record)",
        f.remediation());
  }

  @Test
  void obsoleteNameIsFlagged(TestDnsServer dns) {
    dns.zone(DOMAIN, "_smtp-tlsrpt 300 IN TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@example.com\"");
    assertEquals(
        List.of("TLSRPT-OBSOLETE-NAME", "TLSRPT-RECORD-MISSING"), ids(verify(dns, DECLARED)));
  }

  @Test
  void twoRecords(TestDnsServer dns) {
    dns.zone(
        DOMAIN,
        "_smtp._tls 300 IN TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@example.com\"\n"
            + "_smtp._tls 300 IN TXT \"v=TLSRPTv1; rua=https://reports.example.net/tlsrpt\"");
    assertEquals(List.of("TLSRPT-RECORD-MULTIPLE"), ids(verify(dns, DECLARED)));
  }

  @Test
  void invalidRecordEvenWhenUndeclared(TestDnsServer dns) {
    dns.zone(DOMAIN, "_smtp._tls 300 IN TXT \"v=TLSRPTv1; rua=http://reports.example.net/\"");
    List<Finding> findings = verify(dns, null);
    assertEquals(List.of("TLSRPT-RECORD-INVALID"), ids(findings));
    assertEquals(Severity.ERROR, findings.get(0).severity());
  }

  @Test
  void extensionOnlyRecordIsInvalid(TestDnsServer dns) {
    dns.zone(DOMAIN, "_smtp._tls 300 IN TXT \"v=TLSRPTv1; foo=bar\"");
    assertEquals(List.of("TLSRPT-RECORD-INVALID"), ids(verify(dns, DECLARED)));
  }

  @Test
  void delegatedRecordShowsTheCname(TestDnsServer dns) {
    dns.zone(DOMAIN, "_smtp._tls 300 IN CNAME example-com.tlsrpt.vendor.test.");
    dns.zone(
        "tlsrpt.vendor.test", "example-com 300 IN TXT \"v=TLSRPTv1; rua=mailto:x@vendor.test\"");
    Finding f = verify(dns, DECLARED).get(0);
    assertEquals("TLSRPT-DRIFT", f.checkId());
    assertTrue(
        f.message().contains("via CNAME _smtp._tls.example.com -> example-com.tlsrpt.vendor.test"),
        f.message());
  }

  @Test
  void lookupFailureIsUnverifiable(TestDnsServer dns) {
    dns.fault("_smtp._tls.example.com", Type.TXT, Fault.SERVFAIL);
    List<Finding> findings = verify(dns, DECLARED);
    assertEquals(List.of("TLSRPT-DNS-UNVERIFIABLE"), ids(findings));
    assertEquals(Kind.UNVERIFIABLE, findings.get(0).kind());
  }

  @Test
  void mtaStsWithoutTlsRptIsANotice(TestDnsServer dns) {
    dns.zone(DOMAIN, "_mta-sts 300 IN TXT \"v=STSv1; id=abc\"");
    List<Finding> findings = verify(dns, null);
    assertEquals(List.of("TLSRPT-MISSING-WITH-MTASTS"), ids(findings));
    assertEquals(Severity.NOTICE, findings.get(0).severity());
    // and when MTA-STS is only declared
    MtaStsPolicy sts =
        new MtaStsPolicy(
            StsMode.TESTING, List.of("mx.example.com"), 604800, null, KeyPositions.of(AT));
    assertEquals(
        List.of("TLSRPT-MISSING-WITH-MTASTS"),
        ids(new TlsRptModule().verify(context(dns, null, sts)).join()));
  }

  @Test
  void nothingDeclaredNothingPublishedIsQuiet(TestDnsServer dns) {
    dns.zone(DOMAIN, "@ 300 IN MX 10 mx1.example.com.");
    assertEquals(List.of(), verify(dns, null));
  }

  @Test
  void lintChecksDeclaredUris(TestDnsServer dns) {
    TlsRptPolicy bad =
        new TlsRptPolicy(List.of("http://x.example/", "mailto:ok@example.com"), POSITIONS);
    List<Finding> findings = new TlsRptModule().lint(context(dns, bad, null));
    assertEquals(List.of("TLSRPT-DECLARATION-INVALID"), ids(findings));
    assertEquals(13, findings.get(0).location().line());
  }

  @Test
  void generateWritesTheRecord(TestDnsServer dns) {
    Artifacts artifacts = new TlsRptModule().generate(context(dns, DECLARED, null)).join();
    assertEquals(1, artifacts.records().size());
    assertEquals("_smtp._tls.example.com", artifacts.records().get(0).name());
    assertEquals(
        "v=TLSRPTv1; rua=mailto:tlsrpt@example.com,https://reports.example.net/tlsrpt",
        artifacts.records().get(0).value());
    // and it verifies clean
    dns.zone(DOMAIN, "_smtp._tls 300 IN TXT \"" + artifacts.records().get(0).value() + "\"");
    assertEquals(List.of(), verify(dns, DECLARED));
  }
}
