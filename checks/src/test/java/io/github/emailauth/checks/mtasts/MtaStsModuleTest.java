package io.github.emailauth.checks.mtasts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.engine.Artifacts;
import io.github.emailauth.checks.engine.DomainContext;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.Kind;
import io.github.emailauth.checks.engine.RunOptions;
import io.github.emailauth.checks.engine.Severity;
import io.github.emailauth.checks.testing.Fault;
import io.github.emailauth.checks.testing.TestCa;
import io.github.emailauth.checks.testing.TestCertificate;
import io.github.emailauth.checks.testing.TestDnsServer;
import io.github.emailauth.checks.testing.TestHttpsServer;
import io.github.emailauth.checks.testing.TestHttpsServer.Response;
import io.github.emailauth.checks.testing.TestSmtpServer;
import io.github.emailauth.checks.testing.TestSmtpServer.Behaviour;
import io.github.emailauth.policy.DomainPolicy;
import io.github.emailauth.policy.KeyPositions;
import io.github.emailauth.policy.MtaStsPolicy;
import io.github.emailauth.policy.MxHost;
import io.github.emailauth.policy.MxPolicy;
import io.github.emailauth.policy.Policy;
import io.github.emailauth.policy.Profile;
import io.github.emailauth.policy.SourcePosition;
import io.github.emailauth.policy.StsMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * {@link MtaStsModule} end to end over real sockets: the loopback DNS server serves the zone, the
 * loopback HTTPS server the policy, the loopback SMTP responder the MX.
 */
class MtaStsModuleTest {
  static final String DOMAIN = "example.com";
  static final SourcePosition AT = new SourcePosition("emailauth.yaml", 7, 5);
  static final KeyPositions POSITIONS =
      new KeyPositions(
          AT,
          Map.of(
              "mode", new SourcePosition("emailauth.yaml", 8, 7),
              "mx", new SourcePosition("emailauth.yaml", 9, 7),
              "maxAge", new SourcePosition("emailauth.yaml", 10, 7)));
  static final MtaStsPolicy DECLARED =
      new MtaStsPolicy(
          StsMode.ENFORCE,
          List.of("mx1.example.com", "*.mail.example.net"),
          1209600,
          null,
          POSITIONS);

  static TestCa ca;
  static Path trustStore;

  TestDnsServer dns;
  TestHttpsServer https;
  TestSmtpServer smtp;

  @BeforeAll
  static void pki(@TempDir Path dir) {
    ca = TestCa.create("module test CA");
    trustStore = ca.writeTrustStore(dir.resolve("trust.p12"), TestCa.PASSWORD);
  }

  @BeforeEach
  void servers() throws IOException {
    dns = TestDnsServer.start();
    dns.zone(
        DOMAIN,
        String.join(
            "\n",
            "@ 300 IN MX 10 mx1.example.com.",
            "@ 300 IN MX 20 a.mail.example.net.",
            "mx1 300 IN A 127.0.0.1",
            "mta-sts 300 IN A 127.0.0.1"));
    dns.zone("mail.example.net", "a 300 IN A 127.0.0.1");
    https = TestHttpsServer.start(ca.issue("mta-sts.example.com").serverContext());
  }

  @AfterEach
  void close() {
    https.close();
    if (smtp != null) {
      smtp.close();
    }
    dns.close();
  }

  // ------------------------------------------------------------ helpers

  private void publish(String id) {
    dns.zone(DOMAIN, "_mta-sts 300 IN TXT \"v=STSv1; id=" + id + "\"");
  }

  private void serve(String policy) {
    https.respond(PolicyFetcher.PATH, Response.text(policy));
  }

  private static String canonical(MtaStsPolicy p) {
    return CanonicalPolicy.of(p).text();
  }

  private static String id(MtaStsPolicy p) {
    return CanonicalPolicy.of(p).id();
  }

  private static MtaStsPolicy declared(StsMode mode, List<String> mx, long maxAge) {
    return new MtaStsPolicy(mode, mx, maxAge, null, POSITIONS);
  }

  private DomainContext context(MtaStsPolicy sts, RunOptions options) {
    return context(sts, null, options);
  }

  private DomainContext context(MtaStsPolicy sts, MxPolicy mx, RunOptions options) {
    DomainPolicy domain =
        new DomainPolicy(
            DOMAIN, AT, Profile.STANDARD, List.of(), mx, null, Map.of(), null, sts, null, null);
    Policy policy =
        new Policy(Path.of("emailauth.yaml"), 1, Map.of(DOMAIN, domain), Map.of(), Map.of());
    return new DomainContext(
        policy, domain, dns.client(Duration.ofSeconds(2)), options, Clock.systemUTC());
  }

  private RunOptions options(boolean probe, int smtpPort) {
    return new RunOptions(trustStore, TestCa.PASSWORD, Duration.ofSeconds(2), probe, smtpPort, 4);
  }

  private List<Finding> verify(MtaStsPolicy sts) {
    return verify(context(sts, options(false, 25)));
  }

  private List<Finding> verify(DomainContext context) {
    List<Finding> findings = module().verify(context).join();
    for (Finding f : findings) {
      assertNotNull(f.message());
      assertEquals(DOMAIN, f.domain());
    }
    return findings;
  }

  private MtaStsModule module() {
    return new MtaStsModule(https.port(), Duration.ofSeconds(4));
  }

  private static List<String> ids(List<Finding> findings) {
    return findings.stream().map(Finding::checkId).sorted().toList();
  }

  private static Finding only(List<Finding> findings, MtaStsCheck check) {
    List<Finding> matching = findings.stream().filter(f -> f.checkId().equals(check.id())).toList();
    assertEquals(1, matching.size(), () -> check.id() + " in " + findings);
    return matching.get(0);
  }

  // ------------------------------------------------------------ verify: the happy path

  @Test
  void declaredPolicyPublishedAndServedIsQuiet() {
    publish(id(DECLARED));
    serve(canonical(DECLARED));
    assertEquals(List.of(), verify(DECLARED));
    assertEquals(1, https.requests().size());
  }

  @Test
  void sameMeaningInOtherFormIsNotDrift() {
    publish(id(DECLARED));
    serve(
        "max_age: 1209600\n"
            + "mx: *.MAIL.example.net\n"
            + "mode: enforce\n"
            + "version: STSv1\n"
            + "mx: mx1.example.com\n");
    assertEquals(List.of(), verify(DECLARED));
  }

  @Test
  void productionModuleFetchesFromThePortOfTheRunOptions() {
    // the plugin's emailauth.mtaStsPort reaches the fetch this way (443 unless a test sets it)
    publish(id(DECLARED));
    serve(canonical(DECLARED));
    RunOptions options =
        new RunOptions(
            trustStore, TestCa.PASSWORD, Duration.ofSeconds(2), false, 25, 4, https.port());
    assertEquals(List.of(), new MtaStsModule().verify(context(DECLARED, options)).join());
    assertEquals(1, https.requests().size());
    assertEquals(443, RunOptions.defaults().mtaStsPort());
  }

  @Test
  void undeclaredDomainWithoutRecordIsNotFetched() {
    assertEquals(List.of(), verify((MtaStsPolicy) null));
    assertTrue(https.requests().isEmpty());
  }

  // ------------------------------------------------------------ MX coverage

  @Test
  void uncoveredMxIsAnError() {
    MtaStsPolicy narrow = declared(StsMode.ENFORCE, List.of("mx1.example.com"), 1209600);
    publish(id(narrow));
    serve(canonical(narrow));
    List<Finding> findings = verify(narrow);
    assertEquals(List.of("MTASTS-MX-UNCOVERED"), ids(findings));
    Finding f = findings.get(0);
    assertEquals(Severity.ERROR, f.severity());
    assertTrue(f.message().contains("a.mail.example.net"), f.message());
    assertTrue(f.message().contains("will not deliver"), f.message());
    assertEquals(POSITIONS.at("mx"), f.location());
    // neither served nor declared: the fix is in emailauth.yaml, with the id the grown policy
    // derives
    String grownId =
        id(declared(StsMode.ENFORCE, List.of("mx1.example.com", "a.mail.example.net"), 1209600));
    assertEquals(
        "add a.mail.example.net (or a covering *. pattern) to mtaSts.mx in emailauth.yaml, then"
            + " serve the file `generate` writes (it gains the line \"mx: a.mail.example.net\") at"
            + " https://mta-sts.example.com/.well-known/mta-sts.txt and publish"
            + " _mta-sts.example.com TXT \"v=STSv1; id="
            + grownId
            + "\"; or remove the MX",
        f.remediation());
  }

  @Test
  void uncoveredMxTheDeclarationCoversIsFixedInTheServedFile() {
    MtaStsPolicy narrow = declared(StsMode.ENFORCE, List.of("mx1.example.com"), 1209600);
    publish(id(narrow));
    serve(canonical(narrow));
    Finding f = only(verify(DECLARED), MtaStsCheck.MX_UNCOVERED);
    assertEquals(
        "the declaration covers it but the served policy is stale: serve the file `generate`"
            + " writes (mta-sts/example.com/.well-known/mta-sts.txt, which has \"mx:"
            + " *.mail.example.net\") at https://mta-sts.example.com/.well-known/mta-sts.txt, then"
            + " publish _mta-sts.example.com TXT \"v=STSv1; id="
            + id(DECLARED)
            + "\"",
        f.remediation());
  }

  @Test
  void uncoveredMxOfAnUndeclaredDomainIsFixedInTheServedFile() {
    MtaStsPolicy narrow = declared(StsMode.ENFORCE, List.of("mx1.example.com"), 1209600);
    publish(id(narrow));
    serve(canonical(narrow));
    Finding f = only(verify((MtaStsPolicy) null), MtaStsCheck.MX_UNCOVERED);
    assertTrue(
        f.remediation()
            .startsWith(
                "add the line \"mx: a.mail.example.net\" to the served policy"
                    + " https://mta-sts.example.com/.well-known/mta-sts.txt, then change the id of"
                    + " _mta-sts.example.com TXT (e.g. \"v=STSv1; id="),
        f.remediation());
  }

  @Test
  void aDeclaredMxTheDeclarationMissesIsReportedOnceByLint() {
    MtaStsPolicy narrow = declared(StsMode.ENFORCE, List.of("mx1.example.com"), 1209600);
    MxPolicy mx =
        new MxPolicy(
            List.of(
                new MxHost(10, "mx1.example.com", AT),
                new MxHost(20, "a.mail.example.net", new SourcePosition("emailauth.yaml", 4, 9))),
            KeyPositions.of(AT));
    publish(id(narrow));
    serve(canonical(narrow));
    DomainContext ctx = context(narrow, mx, options(false, 25));
    assertEquals(List.of(), verify(ctx));
    Finding lint = only(module().lint(ctx), MtaStsCheck.DECLARED_MX_UNCOVERED);
    assertTrue(lint.remediation().contains("to mtaSts.mx in emailauth.yaml"), lint.remediation());
    assertTrue(lint.remediation().contains("\"mx: a.mail.example.net\""), lint.remediation());
  }

  @Test
  void uncoveredMxIsFoundAgainstTheDeclarationWhenNothingIsServed() {
    MtaStsPolicy narrow = declared(StsMode.ENFORCE, List.of("mx1.example.com"), 1209600);
    publish(id(narrow));
    // nothing served: 404
    List<Finding> findings = verify(narrow);
    assertEquals(List.of("MTASTS-MX-UNCOVERED", "MTASTS-POLICY-STATUS"), ids(findings));
    assertTrue(only(findings, MtaStsCheck.MX_UNCOVERED).message().contains("declared policy"));
  }

  @Test
  void wildcardDoesNotCoverTheApexOrTwoLabels() {
    dns.zone(DOMAIN, "@ 300 IN MX 30 example.com.\n@ 300 IN MX 40 a.b.mail.example.net.");
    publish(id(DECLARED));
    serve(canonical(DECLARED));
    List<Finding> findings = verify(DECLARED);
    assertEquals(List.of("MTASTS-MX-UNCOVERED", "MTASTS-MX-UNCOVERED"), ids(findings));
  }

  @Test
  void declaredPatternMatchingNoMxIsANotice() {
    MtaStsPolicy wide =
        declared(
            StsMode.ENFORCE,
            List.of("mx1.example.com", "*.mail.example.net", "backup.example.org"),
            1209600);
    publish(id(wide));
    serve(canonical(wide));
    Finding f = only(verify(wide), MtaStsCheck.PATTERN_UNUSED);
    assertEquals(Severity.NOTICE, f.severity());
    assertTrue(f.message().contains("backup.example.org"), f.message());
  }

  @Test
  void nullMxSkipsCoverage() {
    dns.close();
    dns = startDns("@ 300 IN MX 0 .\nmta-sts 300 IN A 127.0.0.1");
    publish(id(DECLARED));
    serve(canonical(DECLARED));
    assertEquals(List.of(), verify(DECLARED));
  }

  // ------------------------------------------------------------ drift and the id contract

  @Test
  void servedPolicyDriftComesWithALineDiff() {
    publish("oldid1");
    serve(
        "version: STSv1\r\n"
            + "mode: testing\r\n"
            + "mx: mx1.example.com\r\n"
            + "mx: *.mail.example.net\r\n"
            + "max_age: 86400\r\n");
    List<Finding> findings = verify(DECLARED);
    Finding drift = only(findings, MtaStsCheck.POLICY_DRIFT);
    assertEquals(Kind.DRIFT, drift.kind());
    assertTrue(drift.message().contains("mode is testing, declared enforce"), drift.message());
    assertTrue(drift.message().contains("max_age is 86400, declared 1209600"), drift.message());
    assertTrue(drift.message().contains("\n-mode: enforce\n+mode: testing\n"), drift.message());
    assertTrue(drift.message().contains("\n-max_age: 1209600\n+max_age: 86400"), drift.message());
    assertEquals(POSITIONS.at("mode"), drift.location());
    assertEquals(canonical(DECLARED), drift.expected());
    // both content and id differ from the declaration
    Finding idDrift = only(findings, MtaStsCheck.ID_DRIFT);
    assertTrue(idDrift.message().contains("expected " + id(DECLARED)), idDrift.message());
    assertEquals("v=STSv1; id=" + id(DECLARED), idDrift.expected());
  }

  @Test
  void policyChangedWithoutNewId() {
    MtaStsPolicy before = declared(StsMode.ENFORCE, List.of("mx1.example.com"), 1209600);
    publish(id(before)); // the TXT still announces the previous policy
    serve(canonical(DECLARED)); // the file was updated to the declaration
    List<Finding> findings = verify(DECLARED);
    assertEquals(List.of("MTASTS-ID-STALE"), ids(findings));
    Finding f = findings.get(0);
    assertTrue(f.message().contains("never fetch"), f.message());
    assertEquals("v=STSv1; id=" + id(DECLARED), f.expected());
    assertEquals("v=STSv1; id=" + id(before), f.actual());
  }

  @Test
  void idBumpedBeforeTheFileWasUpdated() {
    MtaStsPolicy before =
        declared(StsMode.ENFORCE, List.of("mx1.example.com", "*.mail.example.net"), 604800);
    publish(id(DECLARED));
    serve(canonical(before));
    List<Finding> findings = verify(DECLARED);
    assertEquals(List.of("MTASTS-ID-MISMATCH", "MTASTS-POLICY-DRIFT"), ids(findings));
  }

  @Test
  void idDriftWhenThePolicyCannotBeRead() {
    publish("20240501");
    List<Finding> findings = verify(DECLARED); // 404
    Finding f = only(findings, MtaStsCheck.ID_DRIFT);
    assertTrue(f.message().contains("could not be read"), f.message());
  }

  @Test
  void pinnedIdIsExpectedInsteadOfTheDerivedOne() {
    MtaStsPolicy pinned =
        new MtaStsPolicy(DECLARED.mode(), DECLARED.mx(), DECLARED.maxAge(), "release42", POSITIONS);
    publish("release42");
    serve(canonical(DECLARED));
    assertEquals(List.of(), verify(pinned));
  }

  // ------------------------------------------------------------ the record

  @Test
  void declaredButNoRecord() {
    serve(canonical(DECLARED));
    Finding f = only(verify(DECLARED), MtaStsCheck.RECORD_MISSING);
    assertEquals(Kind.DRIFT, f.kind());
    assertEquals("v=STSv1; id=" + id(DECLARED), f.expected());
    assertTrue(f.remediation().contains("_mta-sts.example.com TXT"), f.remediation());
  }

  @Test
  void twoStsRecords() {
    publish(id(DECLARED));
    publish("another1");
    dns.zone(DOMAIN, "_mta-sts 300 IN TXT \"some verification token\"");
    serve(canonical(DECLARED));
    assertEquals(List.of("MTASTS-RECORD-MULTIPLE"), ids(verify(DECLARED)));
  }

  /**
   * Conformance case sts-t00045: with several records, only those beginning "v=STSv1;" count (RFC
   * 8461 §3.1), so a bare "v=STSv1" beside the real record is discarded, not a second record.
   */
  @Test
  void stsT00045BareVersionBesideTheRecordIsDiscarded() {
    publish(id(DECLARED));
    dns.zone(DOMAIN, "_mta-sts 300 IN TXT \"v=STSv1\"");
    dns.zone(DOMAIN, "_mta-sts 300 IN TXT \"v=STSv1 ;id=other\"");
    serve(canonical(DECLARED));
    assertEquals(List.of(), ids(verify(DECLARED)));
  }

  @Test
  void oneStsRecordBesideAnUnrelatedOneIsUsed() {
    publish(id(DECLARED));
    dns.zone(DOMAIN, "_mta-sts 300 IN TXT \"some verification token\"");
    serve(canonical(DECLARED));
    assertEquals(List.of(), verify(DECLARED));
  }

  @Test
  void datedIdIsInvalid() {
    dns.zone(DOMAIN, "_mta-sts 300 IN TXT \"v=STSv1; id=2024-05-01\"");
    serve(canonical(DECLARED));
    Finding f = only(verify(DECLARED), MtaStsCheck.RECORD_INVALID);
    assertTrue(f.message().contains("2024-05-01"), f.message());
  }

  @Test
  void lowerCaseVersionIsReportedNotIgnored() {
    dns.zone(DOMAIN, "_mta-sts 300 IN TXT \"v=stsv1; id=" + id(DECLARED) + "\"");
    serve(canonical(DECLARED));
    List<Finding> findings = verify(DECLARED);
    assertTrue(only(findings, MtaStsCheck.RECORD_INVALID).message().contains("case-sensitive"));
  }

  @Test
  void cnameDelegationIsFollowedAndShown() {
    dns.zone(DOMAIN, "_mta-sts 300 IN CNAME example-com.sts.provider.test.");
    dns.zone("sts.provider.test", "example-com 300 IN TXT \"v=STSv1; id=stale\"");
    serve(canonical(DECLARED));
    Finding f = only(verify(DECLARED), MtaStsCheck.ID_STALE);
    assertTrue(f.actual().contains("id=stale"));
    List<Finding> invalid =
        verifyWith(
            "_mta-sts 300 IN CNAME bad.sts.provider.test.", "bad 300 IN TXT \"v=STSv1; id=a-b\"");
    assertTrue(
        only(invalid, MtaStsCheck.RECORD_INVALID)
            .message()
            .contains("via CNAME _mta-sts.example.com -> bad.sts.provider.test"),
        invalid.toString());
  }

  private List<Finding> verifyWith(String exampleLine, String providerLine) {
    dns.close();
    dns =
        startDns(
            "@ 300 IN MX 10 mx1.example.com.\nmx1 300 IN A 127.0.0.1\nmta-sts 300 IN A 127.0.0.1\n"
                + exampleLine);
    dns.zone("sts.provider.test", providerLine);
    return verify(DECLARED);
  }

  @Test
  void txtLookupFailureIsUnverifiableNeverMissing() {
    dns.fault("_mta-sts.example.com", Type.TXT, Fault.SERVFAIL);
    serve(canonical(DECLARED));
    List<Finding> findings = verify(DECLARED);
    assertEquals(List.of("MTASTS-DNS-UNVERIFIABLE"), ids(findings));
    assertEquals(Kind.UNVERIFIABLE, findings.get(0).kind());
  }

  @Test
  void undeclaredDomainWithFailingLookupsReportsOnlyTheTxtFailure() {
    dns.fault("_mta-sts.example.com", Type.TXT, Fault.SERVFAIL);
    dns.fault(DOMAIN, Type.MX, Fault.SERVFAIL);
    List<Finding> findings = verify((MtaStsPolicy) null);
    assertEquals(List.of("MTASTS-DNS-UNVERIFIABLE"), ids(findings));
    assertTrue(findings.get(0).message().contains("_mta-sts.example.com TXT"));
  }

  @Test
  void mxLookupFailureIsUnverifiable() {
    publish(id(DECLARED));
    serve(canonical(DECLARED));
    dns.fault(DOMAIN, Type.MX, Fault.REFUSED);
    assertEquals(List.of("MTASTS-DNS-UNVERIFIABLE"), ids(verify(DECLARED)));
  }

  // ------------------------------------------------------------ the fetch, as findings

  @Test
  void redirectFinding() {
    publish(id(DECLARED));
    https.respond(
        PolicyFetcher.PATH, Response.redirect(301, "https://www.example.com/mta-sts.txt"));
    List<Finding> findings = verify(DECLARED);
    Finding f = only(findings, MtaStsCheck.POLICY_REDIRECT);
    assertTrue(f.message().contains("301"), f.message());
    assertTrue(f.actual().contains("Location: https://www.example.com/mta-sts.txt"), f.actual());
  }

  @Test
  void wrongContentTypeIsAWarningAndThePolicyIsStillRead() {
    publish(id(DECLARED));
    https.respond(
        PolicyFetcher.PATH,
        Response.of(
            200, "text/html; charset=utf-8", canonical(DECLARED).getBytes(StandardCharsets.UTF_8)));
    List<Finding> findings = verify(DECLARED);
    assertEquals(List.of("MTASTS-POLICY-CONTENT-TYPE"), ids(findings));
    assertEquals(Severity.WARNING, findings.get(0).severity());
  }

  @Test
  void textPlainWithParametersIsFine() {
    assertTrue(MtaStsModule.isTextPlain("text/plain"));
    assertTrue(MtaStsModule.isTextPlain("Text/Plain ; charset=us-ascii"));
    assertFalse(MtaStsModule.isTextPlain("text/plainx"));
    assertFalse(MtaStsModule.isTextPlain(null));
  }

  @Test
  void oversizedPolicy() {
    publish(id(DECLARED));
    https.respond(PolicyFetcher.PATH, Response.large(70_000));
    List<Finding> findings = verify(DECLARED);
    assertTrue(ids(findings).contains("MTASTS-POLICY-TOO-LARGE"), findings.toString());
    assertFalse(ids(findings).contains("MTASTS-POLICY-INVALID"), "a truncated body is not parsed");
  }

  @Test
  void invalidPolicyProblemsAreFindings() {
    publish(id(DECLARED));
    serve("version: STSv1\nMode: enforce\nmx: mx1.example.com\nmax_age: 99999999999\n");
    List<Finding> findings = verify(DECLARED);
    List<Finding> invalid =
        findings.stream().filter(f -> f.checkId().equals("MTASTS-POLICY-INVALID")).toList();
    assertTrue(invalid.size() >= 3, invalid.toString());
    assertFalse(ids(findings).contains("MTASTS-POLICY-DRIFT"), "an invalid policy is not compared");
  }

  @Test
  void expiredPolicyCertificate() throws IOException {
    restartHttps(ca.expired("mta-sts.example.com"));
    publish(id(DECLARED));
    serve(canonical(DECLARED));
    List<Finding> findings = verify(DECLARED);
    assertTrue(only(findings, MtaStsCheck.POLICY_CERT_EXPIRED).message().contains("expired on"));
  }

  @Test
  void wrongHostAndSelfSignedEachTheirOwnFinding() throws IOException {
    restartHttps(TestCa.selfSigned("www.example.com"));
    publish(id(DECLARED));
    serve(canonical(DECLARED));
    List<Finding> findings = verify(DECLARED);
    assertTrue(
        ids(findings)
            .containsAll(List.of("MTASTS-POLICY-CERT-HOST", "MTASTS-POLICY-CERT-UNTRUSTED")),
        findings.toString());
    assertTrue(only(findings, MtaStsCheck.POLICY_CERT_UNTRUSTED).message().contains("self-signed"));
  }

  @Test
  void policyHostMissing() {
    dns.close();
    dns = startDns("@ 300 IN MX 10 mx1.example.com.\nmx1 300 IN A 127.0.0.1");
    publish(id(DECLARED));
    Finding f = only(verify(DECLARED), MtaStsCheck.POLICY_HOST_MISSING);
    assertEquals(Kind.INVALID, f.kind());
    assertEquals(POSITIONS.section(), f.location());
    assertEquals(
        "publish mta-sts.example.com A/AAAA (or a CNAME) pointing at the HTTPS server that serves"
            + " the tree `generate` writes under mta-sts/example.com/ (the file"
            + " .well-known/mta-sts.txt), with a certificate valid for mta-sts.example.com",
        f.remediation());
  }

  @Test
  void policyHostDnsFailureIsUnverifiable() {
    publish(id(DECLARED));
    dns.fault("mta-sts.example.com", Type.A, Fault.SERVFAIL);
    dns.fault("mta-sts.example.com", Type.AAAA, Fault.SERVFAIL);
    List<Finding> findings = verify(DECLARED);
    Finding f = only(findings, MtaStsCheck.FETCH_UNVERIFIABLE);
    assertEquals(Kind.UNVERIFIABLE, f.kind());
    assertFalse(ids(findings).contains("MTASTS-POLICY-HOST-MISSING"));
  }

  // ------------------------------------------------------------ undeclared, live only

  @Test
  void undeclaredLivePolicyIsLintedForWeakness() {
    publish("abc");
    serve(
        "version: STSv1\n"
            + "mode: testing\n"
            + "mx: mx1.example.com\n"
            + "mx: *.mail.example.net\n"
            + "max_age: 86400\n");
    List<Finding> findings = verify((MtaStsPolicy) null);
    assertEquals(List.of("MTASTS-TESTING-MODE"), ids(findings));
  }

  @Test
  void undeclaredEnforceWithShortMaxAge() {
    publish("abc");
    serve(
        "version: STSv1\n"
            + "mode: enforce\n"
            + "mx: mx1.example.com\n"
            + "mx: *.mail.example.net\n"
            + "max_age: 86400\n");
    assertEquals(List.of("MTASTS-SHORT-MAX-AGE"), ids(verify((MtaStsPolicy) null)));
  }

  // ------------------------------------------------------------ SMTP probe

  @Test
  void probeOfGoodMxIsQuiet() throws IOException {
    MtaStsPolicy single = declared(StsMode.ENFORCE, List.of("mx1.example.com"), 1209600);
    singleMx();
    publish(id(single));
    serve(canonical(single));
    smtp = TestSmtpServer.start(Behaviour.STARTTLS, ca.issue("mx1.example.com").serverContext());
    assertEquals(List.of(), verify(context(single, options(true, smtp.port()))));
    long until = System.nanoTime() + 2_000_000_000L;
    while (!smtp.commands().contains("QUIT") && System.nanoTime() < until) {
      Thread.onSpinWait(); // the responder counts the handshake before it reads QUIT
    }
    assertEquals(1, smtp.handshakes());
  }

  @Test
  void badMxCertificateUnderEnforceIsAnError() throws IOException {
    MtaStsPolicy single = declared(StsMode.ENFORCE, List.of("mx1.example.com"), 1209600);
    singleMx();
    publish(id(single));
    serve(canonical(single));
    smtp = TestSmtpServer.start(Behaviour.STARTTLS, ca.issue("smtp.hoster.test").serverContext());
    Finding f = only(verify(context(single, options(true, smtp.port()))), MtaStsCheck.MX_CERT_HOST);
    assertEquals(Severity.ERROR, f.severity());
    assertTrue(f.message().contains("will not deliver"), f.message());
    assertTrue(f.message().contains("TLSv1."), "the TLS version is reported: " + f.message());
  }

  @Test
  void badMxCertificateUnderTestingIsAWarning() throws IOException {
    MtaStsPolicy single = declared(StsMode.TESTING, List.of("mx1.example.com"), 1209600);
    singleMx();
    publish(id(single));
    serve(canonical(single));
    smtp = TestSmtpServer.start(Behaviour.STARTTLS, ca.expired("mx1.example.com").serverContext());
    Finding f =
        only(verify(context(single, options(true, smtp.port()))), MtaStsCheck.MX_CERT_EXPIRED);
    assertEquals(Severity.WARNING, f.severity());
  }

  @Test
  void mxWithoutStarttls() throws IOException {
    MtaStsPolicy single = declared(StsMode.ENFORCE, List.of("mx1.example.com"), 1209600);
    singleMx();
    publish(id(single));
    serve(canonical(single));
    smtp = TestSmtpServer.start(Behaviour.NO_STARTTLS, null);
    Finding f =
        only(verify(context(single, options(true, smtp.port()))), MtaStsCheck.MX_NO_STARTTLS);
    assertEquals(Severity.ERROR, f.severity());
  }

  @Test
  void silentMxIsUnverifiable() throws IOException {
    MtaStsPolicy single = declared(StsMode.ENFORCE, List.of("mx1.example.com"), 1209600);
    singleMx();
    publish(id(single));
    serve(canonical(single));
    smtp = TestSmtpServer.start(Behaviour.SILENT, null);
    Finding f =
        only(verify(context(single, options(true, smtp.port()))), MtaStsCheck.SMTP_UNVERIFIABLE);
    assertEquals(Kind.UNVERIFIABLE, f.kind());
  }

  @Test
  void probeIsOffByDefault() throws IOException {
    MtaStsPolicy single = declared(StsMode.ENFORCE, List.of("mx1.example.com"), 1209600);
    singleMx();
    publish(id(single));
    serve(canonical(single));
    smtp = TestSmtpServer.start(Behaviour.NO_STARTTLS, null);
    assertEquals(List.of(), verify(context(single, options(false, smtp.port()))));
    assertTrue(smtp.commands().isEmpty());
  }

  // ------------------------------------------------------------ lint and generate

  @Test
  void lintFindsUncoveredDeclaredMxAndWeakChoices() {
    MtaStsPolicy testing = declared(StsMode.TESTING, List.of("mx1.example.com"), 86400);
    MxPolicy mx =
        new MxPolicy(
            List.of(
                new MxHost(10, "mx1.example.com", AT),
                new MxHost(20, "mx2.example.com", new SourcePosition("emailauth.yaml", 4, 9))),
            KeyPositions.of(AT));
    List<Finding> findings = module().lint(context(testing, mx, options(false, 25)));
    assertEquals(List.of("MTASTS-DECLARED-MX-UNCOVERED", "MTASTS-TESTING-MODE"), ids(findings));
    assertEquals(4, only(findings, MtaStsCheck.DECLARED_MX_UNCOVERED).location().line());
    MtaStsPolicy shortEnforce =
        declared(StsMode.ENFORCE, List.of("mx1.example.com", "mx2.example.com"), 86400);
    assertEquals(
        List.of("MTASTS-SHORT-MAX-AGE"),
        ids(module().lint(context(shortEnforce, mx, options(false, 25)))));
  }

  @Test
  void lintRejectsWhatTheLoaderMightLetThrough() {
    MtaStsPolicy bad =
        declared(StsMode.ENFORCE, List.of("192.0.2.1", "mail.*.example.com"), 40_000_000);
    List<Finding> findings = module().lint(context(bad, options(false, 25)));
    assertEquals(
        List.of(
            "MTASTS-DECLARATION-INVALID",
            "MTASTS-DECLARATION-INVALID",
            "MTASTS-DECLARATION-INVALID"),
        ids(findings));
  }

  @Test
  void generateWritesTheCanonicalFileAndRecord() {
    Artifacts artifacts = module().generate(context(DECLARED, options(false, 25))).join();
    assertEquals(1, artifacts.files().size());
    assertEquals("mta-sts/example.com/.well-known/mta-sts.txt", artifacts.files().get(0).path());
    assertEquals(
        "version: STSv1\r\n"
            + "mode: enforce\r\n"
            + "mx: mx1.example.com\r\n"
            + "mx: *.mail.example.net\r\n"
            + "max_age: 1209600\r\n",
        new String(artifacts.files().get(0).content(), StandardCharsets.US_ASCII));
    assertEquals(1, artifacts.records().size());
    assertEquals("_mta-sts.example.com", artifacts.records().get(0).name());
    assertEquals("TXT", artifacts.records().get(0).type());
    assertEquals("v=STSv1; id=42f0bac8a4dfeb70b3f5", artifacts.records().get(0).value());
  }

  @Test
  void whatGenerateWritesVerifiesClean() {
    Artifacts artifacts = module().generate(context(DECLARED, options(false, 25))).join();
    dns.zone(DOMAIN, "_mta-sts 300 IN TXT \"" + artifacts.records().get(0).value() + "\"");
    https.respond(
        PolicyFetcher.PATH, Response.of(200, "text/plain", artifacts.files().get(0).content()));
    assertEquals(List.of(), verify(DECLARED));
  }

  @Test
  void everyCheckIdIsListed() {
    assertEquals(MtaStsCheck.values().length, module().checks().size());
    for (MtaStsCheck c : MtaStsCheck.values()) {
      assertTrue(c.id().matches("MTASTS-[A-Z0-9-]+"), c.id());
    }
  }

  // ------------------------------------------------------------ fixtures

  private void singleMx() throws IOException {
    dns.close();
    dns =
        startDns(
            "@ 300 IN MX 10 mx1.example.com.\nmx1 300 IN A 127.0.0.1\nmta-sts 300 IN A 127.0.0.1");
  }

  private static TestDnsServer startDns(String exampleZone) {
    try {
      TestDnsServer server = TestDnsServer.start();
      server.zone(DOMAIN, exampleZone);
      return server;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void restartHttps(TestCertificate cert) throws IOException {
    https.close();
    https = TestHttpsServer.start(cert.serverContext());
  }
}
