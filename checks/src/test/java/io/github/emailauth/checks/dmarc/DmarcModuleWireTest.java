package io.github.emailauth.checks.dmarc;

import static io.github.emailauth.checks.dmarc.Contexts.context;
import static io.github.emailauth.checks.dmarc.Contexts.ids;
import static io.github.emailauth.checks.dmarc.Contexts.reject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.Kind;
import io.github.emailauth.checks.testing.Fault;
import io.github.emailauth.checks.testing.TestDnsServer;
import io.github.emailauth.policy.DmarcMode;
import io.github.emailauth.policy.DmarcPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Type;

/** Every DMARC check over real sockets against the loopback DNS server. */
class DmarcModuleWireTest {
  private static final String RUA = "mailto:d@example.com";
  private static final String CANONICAL = "v=DMARC1; p=reject; rua=mailto:d@example.com";

  private TestDnsServer server;
  private final DmarcModule module = new DmarcModule();

  @BeforeEach
  void start() throws Exception {
    server = TestDnsServer.start();
    // the report address's domain receives mail, so only the record itself is under test
    server.zone(
        "example.com",
        """
        @      MX 10 mx1
        mx1    A  192.0.2.25
        """);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private List<Finding> verify(String domain, DmarcPolicy declared) throws Exception {
    return module
        .verify(context(domain, declared, server.client(Duration.ofMillis(400))))
        .get(20, TimeUnit.SECONDS);
  }

  private static Finding only(List<Finding> findings, String id) {
    List<Finding> matching = findings.stream().filter(f -> f.checkId().equals(id)).toList();
    assertEquals(1, matching.size(), () -> id + " in " + findings);
    return matching.get(0);
  }

  @Test
  void aMatchingRecordIsQuietWhateverItsSpelling() throws Exception {
    server.zone(
        "example.com",
        "_dmarc TXT \"v=DMARC1;P=REJECT; RUA = MAILTO:d@EXAMPLE.com ; adkim=r; pct=100 ;\"");
    assertEquals(
        "DMARC-REMOVED-TAG", ids(verify("example.com", reject(RUA))), "pct is noted, not drift");
  }

  @Test
  void tagOrderIsNotDriftButPNotSecondIsNoted() throws Exception {
    server.zone("example.com", "_dmarc TXT \"v=DMARC1; rua=mailto:d@example.com; p=reject\"");
    assertEquals("DMARC-TAG-ORDER", ids(verify("example.com", reject(RUA))));
  }

  @Test
  void driftNamesTheTagAndSaysWhatToPublish() throws Exception {
    server.zone("example.com", "_dmarc TXT \"v=DMARC1; p=none; rua=mailto:d@example.com\"");
    List<Finding> findings = verify("example.com", reject(RUA));
    assertEquals("DMARC-DRIFT", ids(findings));
    Finding f = findings.get(0);
    assertEquals(Kind.DRIFT, f.kind());
    assertEquals("_dmarc.example.com TXT", f.subject());
    assertTrue(
        f.message().startsWith("_dmarc.example.com: p is none, declared reject"), f.message());
    assertEquals(CANONICAL, f.expected());
    assertEquals("v=DMARC1; p=none; rua=mailto:d@example.com", f.actual());
    assertEquals("publish _dmarc.example.com TXT \"" + CANONICAL + "\"", f.remediation());
    assertEquals(Contexts.POLICY, f.location());
  }

  @Test
  void driftLocationIsTheFirstDifferingKey() throws Exception {
    server.zone("example.com", "_dmarc TXT \"v=DMARC1; p=reject\"");
    Finding f = only(verify("example.com", reject(RUA)), "DMARC-DRIFT");
    assertEquals("_dmarc.example.com: rua is (none), declared mailto:d@example.com", f.message());
    assertEquals(Contexts.RUA, f.location());
  }

  @Test
  void aLongRecordIsShownAsTheStringsToPublish() throws Exception {
    List<String> rua = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      rua.add("mailto:dmarc-aggregate-" + i + "@example.com");
    }
    Finding f =
        only(
            verify("example.com", Contexts.dmarc(DmarcMode.REJECT, null, rua, null)),
            "DMARC-MISSING");
    String record = f.expected();
    assertTrue(record.length() > 255, record);
    assertEquals(
        "publish _dmarc.example.com TXT \""
            + record.substring(0, 255)
            + "\" \""
            + record.substring(255)
            + "\" (2 strings of at most 255 bytes, published as one TXT record)",
        f.remediation());
  }

  @Test
  void noRecordAnywhereIsMissing() throws Exception {
    List<Finding> findings = verify("example.com", reject(RUA));
    Finding f = only(findings, "DMARC-MISSING");
    assertEquals(Kind.DRIFT, f.kind());
    assertEquals("publish _dmarc.example.com TXT \"" + CANONICAL + "\"", f.remediation());
    assertTrue(f.message().contains("_dmarc.example.com, _dmarc.com"), f.message());
    assertEquals(Contexts.SECTION, f.location());
  }

  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of(Fault.SERVFAIL, "SERVFAIL"),
        Arguments.of(Fault.REFUSED, "REFUSED"),
        Arguments.of(Fault.DROP, "TIMEOUT"),
        Arguments.of(Fault.MALFORMED, "MALFORMED"));
  }

  @ParameterizedTest
  @MethodSource("faults")
  void aDnsFailureIsUnverifiableNeverMissing(Fault fault, String reason) throws Exception {
    server.fault("_dmarc.example.com", Type.TXT, fault);
    List<Finding> findings = verify("example.com", reject(RUA));
    assertEquals("DMARC-UNVERIFIABLE", ids(findings));
    assertEquals(Kind.UNVERIFIABLE, findings.get(0).kind());
    assertTrue(findings.get(0).message().contains(reason), findings.get(0).message());
  }

  @Test
  void nodataAtTheDmarcNameIsMissingNotUnverifiable() throws Exception {
    // _dmarc.example.com exists (an A record, and a name below it) but has no TXT: NODATA
    server.zone(
        "example.com",
        """
        _dmarc     A   192.0.2.1
        x._dmarc   TXT "v=DMARC1; p=reject"
        """);
    List<Finding> findings = verify("example.com", reject(RUA));
    Finding f = only(findings, "DMARC-MISSING");
    assertEquals(Kind.DRIFT, f.kind());
    assertTrue(findings.stream().noneMatch(x -> x.kind() == Kind.UNVERIFIABLE), ids(findings));
    assertEquals(1, server.queries("_dmarc.example.com", Type.TXT));
  }

  @Test
  void nodataDuringTheTreeWalkWalksOn() throws Exception {
    server.zone(
        "example.com",
        """
        _dmarc       TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"
        _dmarc.sub   A   192.0.2.1
        sub          A   192.0.2.1
        """);
    only(verify("sub.example.com", reject(RUA)), "DMARC-INHERITED");
  }

  /** Published records that only the record's own rules flag; nothing is declared for them. */
  static Stream<Arguments> publishedRecordChecks() {
    String rua = "; rua=mailto:d@example.com";
    return Stream.of(
        Arguments.of("v=DMARC1; p=reject; s-p=none" + rua, "DMARC-SYNTAX"),
        Arguments.of("v=DMARC1; p=reject; adkim=x" + rua, "DMARC-BAD-VALUE"),
        Arguments.of("v=DMARC1; p=reject; rua=mailto:d@example.com!10m", "DMARC-SIZE-LIMIT"),
        Arguments.of("v=DMARC1" + rua, "DMARC-NO-POLICY-TAG"),
        Arguments.of("v=DMARC1; p=reject; psd=y" + rua, "DMARC-PSD"),
        Arguments.of("v=DMARC1; p=reject; sp=none" + rua, "DMARC-SUBDOMAIN-WEAKER"),
        Arguments.of("v=DMARC1; p=reject; fo=1" + rua, "DMARC-FO-IGNORED"),
        Arguments.of("v=DMARC1; p=reject; t=y" + rua, "DMARC-TESTING"));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("publishedRecordChecks")
  void aPublishedRecordIsCheckedOverTheWire(String record, String id) throws Exception {
    server.zone("example.com", "_dmarc TXT \"" + record + "\"");
    Finding f = only(verify("example.com", null), id);
    assertEquals("_dmarc.example.com TXT", f.subject());
    assertEquals(record, f.actual());
    assertEquals(1, server.queries("_dmarc.example.com", Type.TXT));
  }

  @Test
  void aTruncatedAnswerIsFetchedOverTcp() throws Exception {
    server.zone("example.com", "_dmarc TXT \"" + CANONICAL + "\"");
    server.fault("_dmarc.example.com", Type.TXT, Fault.TRUNCATE);
    assertEquals(List.of(), verify("example.com", reject(RUA)));
    assertTrue(server.tcpQueries() > 0);
  }

  @Test
  void aFailureDuringTheTreeWalkIsUnverifiable() throws Exception {
    server.zone("example.com", "_dmarc TXT \"" + CANONICAL + "\"");
    server.fault("_dmarc.example.com", Type.TXT, Fault.SERVFAIL);
    List<Finding> findings = verify("sub.example.com", reject(RUA));
    Finding f = only(findings, "DMARC-UNVERIFIABLE");
    assertTrue(f.message().contains("tree walk"), f.message());
    assertTrue(findings.stream().noneMatch(x -> x.checkId().equals("DMARC-MISSING")));
  }

  @Test
  void anIgnoredRecordIsInvalidAndTheDomainHasNoPolicy() throws Exception {
    // spec §8.1 and §8.2
    server.zone(
        "example.com",
        """
        _dmarc TXT "v=dmarc1; p=reject; rua=mailto:d@example.com"
        _dmarc TXT "p=quarantine; v=DMARC1"
        _dmarc TXT "google-site-verification=abc"
        """);
    List<Finding> findings = verify("example.com", reject(RUA));
    assertEquals("DMARC-INVALID DMARC-INVALID DMARC-MISSING", ids(findings));
    assertTrue(findings.get(0).message().contains("case-sensitive"));
  }

  @Test
  void severalRecordsStop7489ButThe9989WalkGoesOn() throws Exception {
    // spec §8.3
    server.zone(
        "example.com",
        """
        _dmarc     TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"
        _dmarc.sub TXT "v=DMARC1; p=none"
        _dmarc.sub TXT "v=DMARC1; p=quarantine"
        """);
    List<Finding> findings = verify("sub.example.com", reject(RUA));
    assertEquals("DMARC-MULTIPLE DMARC-DISCOVERY-MISMATCH", ids(findings));
    Finding mismatch = findings.get(1);
    assertTrue(
        mismatch
            .message()
            .contains("RFC 9989 tree walk _dmarc.example.com governs with sp (reject)"),
        mismatch.message());
    assertTrue(mismatch.message().contains("no record applies"), mismatch.message());
  }

  @Test
  void aSubdomainWithoutARecordNamesTheGoverningRecord() throws Exception {
    server.zone(
        "example.com",
        """
        _dmarc TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"
        sub    A   192.0.2.1
        """);
    Finding f = only(verify("sub.example.com", reject(RUA)), "DMARC-INHERITED");
    assertTrue(
        f.message().contains("governed by _dmarc.example.com, whose sp=reject"), f.message());
    assertEquals(
        "publish _dmarc.sub.example.com TXT \""
            + CANONICAL
            + "\" to make the declaration independent of the parent",
        f.remediation());
  }

  @Test
  void aGoverningRecordThatDiffersIsDriftNamingIt() throws Exception {
    server.zone(
        "example.com",
        """
        _dmarc TXT "v=DMARC1; p=reject; sp=none; rua=mailto:d@example.com"
        sub    A   192.0.2.1
        """);
    Finding f = only(verify("sub.example.com", reject(RUA)), "DMARC-DRIFT");
    assertTrue(
        f.message()
            .startsWith(
                "no record at _dmarc.sub.example.com; it is governed by"
                    + " _dmarc.example.com, whose sp applies: p is none, declared reject"),
        f.message());
    assertEquals("publish _dmarc.sub.example.com TXT \"" + CANONICAL + "\"", f.remediation());
  }

  @Test
  void npAppliesOnlyToNamesThatDoNotExist() throws Exception {
    // spec §8.7: ghost does not exist (NXDOMAIN), empty has only a child (NODATA: it exists)
    server.zone(
        "example.com",
        """
        _dmarc    TXT "v=DMARC1; p=reject; sp=reject; np=quarantine; rua=mailto:d@example.com"
        a.empty   A   192.0.2.1
        """);
    DmarcPolicy declared =
        new DmarcPolicy(
            DmarcMode.REJECT,
            null,
            DmarcMode.QUARANTINE,
            null,
            null,
            List.of(RUA),
            null,
            null,
            null,
            null,
            null,
            Contexts.POSITIONS);
    Finding ghost = only(verify("ghost.example.com", declared), "DMARC-DRIFT");
    assertTrue(ghost.message().contains("whose np applies: p is quarantine"), ghost.message());
    Finding empty = only(verify("empty.example.com", declared), "DMARC-INHERITED");
    assertTrue(empty.message().contains("whose sp=reject"), empty.message());
  }

  @Test
  void fewestLabelsGovernsAndTheWalkReachesTheTld() throws Exception {
    // spec §8.17
    server.zone(
        "example.com",
        """
        _dmarc      TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"
        _dmarc.mail TXT "v=DMARC1; p=none"
        a.mail      A   192.0.2.1
        """);
    Finding f = only(verify("a.mail.example.com", reject(RUA)), "DMARC-INHERITED");
    assertTrue(f.message().contains("governed by _dmarc.example.com"), f.message());
    assertEquals(1, server.queries("_dmarc.com", Type.TXT));
  }

  @Test
  void aLongNameJumpsToSevenLabels() throws Exception {
    // spec §8.8
    server.zone("example.com", "_dmarc TXT \"" + CANONICAL + "\"");
    String deep = "a.b.c.d.e.f.g.h.i.j.mail.example.com";
    only(verify(deep, reject(RUA)), "DMARC-INHERITED");
    assertEquals(1, server.queries("_dmarc." + deep, Type.TXT));
    assertEquals(0, server.queries("_dmarc.b.c.d.e.f.g.h.i.j.mail.example.com", Type.TXT));
    assertEquals(1, server.queries("_dmarc.g.h.i.j.mail.example.com", Type.TXT));
    assertEquals(1, server.queries("_dmarc.com", Type.TXT));
  }

  @Test
  void psdNOnASubdomainMakesTheWalkAndThePslDisagree() throws Exception {
    // spec §8.10
    server.zone(
        "example.com",
        """
        _dmarc      TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"
        _dmarc.dept TXT "v=DMARC1; p=quarantine; psd=n; rua=mailto:d@example.com"
        x.dept      A   192.0.2.1
        """);
    List<Finding> findings = verify("x.dept.example.com", reject(RUA));
    Finding mismatch = only(findings, "DMARC-DISCOVERY-MISMATCH");
    assertTrue(
        mismatch
            .message()
            .contains("tree walk _dmarc.dept.example.com governs with sp (quarantine)"),
        mismatch.message());
    assertTrue(
        mismatch
            .message()
            .contains(
                "(organizational domain example.com) _dmarc.example.com governs with sp (reject)"),
        mismatch.message());
    assertTrue(
        only(findings, "DMARC-DRIFT").message().contains("governed by _dmarc.dept.example.com"));
    assertEquals(0, server.queries("_dmarc.com", Type.TXT), "psd=n stops the walk");
  }

  @Test
  void psdYAboveTheOrgDomainSuppliesThePolicy() throws Exception {
    // spec §8.9
    server.zone(
        "example",
        """
        _dmarc    TXT "v=DMARC1; p=reject; psd=y; rua=mailto:d@example.com"
        shop      A   192.0.2.1
        """);
    Finding f = only(verify("shop.example", reject(RUA)), "DMARC-INHERITED");
    assertTrue(f.message().contains("governed by _dmarc.example, whose sp=reject"), f.message());
  }

  @Test
  void aCnameDelegationIsFollowedAndShown() throws Exception {
    server.zone("example.com", "_dmarc CNAME example-com.dmarc.vendor.net.");
    server.zone(
        "vendor.net", "example-com.dmarc TXT \"v=DMARC1; p=none; rua=mailto:d@example.com\"");
    DmarcPolicy declared =
        Contexts.dmarc(DmarcMode.REJECT, null, List.of(RUA), "example-com.dmarc.vendor.net");
    Finding f = only(verify("example.com", declared), "DMARC-DRIFT");
    assertTrue(
        f.message().endsWith("(via CNAME _dmarc.example.com -> example-com.dmarc.vendor.net)"),
        f.message());
    assertEquals(
        "have the vendor publish at example-com.dmarc.vendor.net TXT \"" + CANONICAL + "\"",
        f.remediation());
  }

  @Test
  void aChangedDelegationIsCnameDrift() throws Exception {
    server.zone("example.com", "_dmarc CNAME example-com.dmarc.other.net.");
    server.zone("other.net", "example-com.dmarc TXT \"" + CANONICAL + "\"");
    DmarcPolicy declared =
        Contexts.dmarc(DmarcMode.REJECT, null, List.of(RUA), "example-com.dmarc.vendor.net.");
    List<Finding> findings = verify("example.com", declared);
    assertEquals("DMARC-CNAME-DRIFT", ids(findings));
    Finding f = findings.get(0);
    assertEquals(
        "_dmarc.example.com points to example-com.dmarc.other.net, declared"
            + " example-com.dmarc.vendor.net",
        f.message());
    assertEquals("publish _dmarc.example.com CNAME example-com.dmarc.vendor.net.", f.remediation());
    assertEquals(Contexts.CNAME, f.location());
  }

  @Test
  void aMissingDelegationIsCnameDrift() throws Exception {
    server.zone("example.com", "_dmarc TXT \"" + CANONICAL + "\"");
    DmarcPolicy declared =
        Contexts.dmarc(DmarcMode.REJECT, null, List.of(RUA), "example-com.dmarc.vendor.net");
    assertEquals("DMARC-CNAME-DRIFT", ids(verify("example.com", declared)));
  }

  @Test
  void anExternalDestinationMustAuthorizeTheDomain() throws Exception {
    server.zone(
        "example.com", "_dmarc TXT \"v=DMARC1; p=reject; rua=mailto:agg@reports.example.net\"");
    server.zone(
        "example.net",
        """
        reports      MX 10 mx.reports
        mx.reports   A  192.0.2.30
        """);
    Finding f =
        only(
            verify("example.com", reject("mailto:agg@reports.example.net")),
            "DMARC-EXTERNAL-UNAUTHORIZED");
    assertEquals("example.com._report._dmarc.reports.example.net TXT", f.subject());
    assertEquals(
        "have the operator of reports.example.net publish"
            + " example.com._report._dmarc.reports.example.net TXT \"v=DMARC1\"",
        f.remediation());
    assertEquals(Contexts.RUA, f.location());
  }

  @Test
  void anAuthorizationOrAWildcardSatisfiesIt() throws Exception {
    server.zone(
        "example.com", "_dmarc TXT \"v=DMARC1; p=reject; rua=mailto:agg@reports.example.net\"");
    server.zone(
        "example.org", "_dmarc TXT \"v=DMARC1; p=reject; rua=mailto:agg@reports.example.net\"");
    server.zone(
        "example.net",
        """
        reports      MX 10 mx.reports
        mx.reports   A  192.0.2.30
        example.com._report._dmarc.reports TXT "v=DMARC1;"
        """);
    assertEquals(List.of(), verify("example.com", reject("mailto:agg@reports.example.net")));
    assertEquals(
        "DMARC-EXTERNAL-UNAUTHORIZED",
        ids(verify("example.org", reject("mailto:agg@reports.example.net"))));
    server.zone("example.net", "*._report._dmarc.reports TXT \"v=DMARC1\"");
    assertEquals(List.of(), verify("example.org", reject("mailto:agg@reports.example.net")));
  }

  @Test
  void anAuthorizationThatRedirectsElsewhereDropsTheReports() throws Exception {
    // spec §8.12
    server.zone(
        "example.com", "_dmarc TXT \"v=DMARC1; p=reject; rua=mailto:agg@reports.example.net\"");
    server.zone(
        "example.net",
        """
        reports      MX 10 mx.reports
        mx.reports   A  192.0.2.30
        example.com._report._dmarc.reports TXT "v=DMARC1; rua=mailto:x@elsewhere.example.org"
        """);
    Finding f =
        only(
            verify("example.com", reject("mailto:agg@reports.example.net")),
            "DMARC-EXTERNAL-UNAUTHORIZED");
    assertTrue(f.message().contains("send to neither"), f.message());
  }

  @Test
  void aFailedAuthorizationQueryIsUnverifiable() throws Exception {
    server.zone(
        "example.com", "_dmarc TXT \"v=DMARC1; p=reject; rua=mailto:agg@reports.example.net\"");
    server.zone("example.net", "reports A 192.0.2.30");
    server.fault("example.com._report._dmarc.reports.example.net", Type.TXT, Fault.SERVFAIL);
    List<Finding> findings = verify("example.com", reject("mailto:agg@reports.example.net"));
    assertEquals("DMARC-UNVERIFIABLE", ids(findings));
  }

  @Test
  void aReportDomainWithoutMailIsFlagged() throws Exception {
    server.zone(
        "example.com",
        """
        _dmarc   TXT "v=DMARC1; p=reject; rua=mailto:a@nomail.example.com,mailto:b@byaddress.example.com,mailto:c@nullmx.example.com,mailto:d@ghost.example.com"
        nomail   TXT "nothing here"
        byaddress AAAA 2001:db8::25
        nullmx   MX 0 .
        """);
    List<Finding> findings =
        verify(
            "example.com",
            Contexts.dmarc(
                DmarcMode.REJECT,
                null,
                List.of(
                    "mailto:a@nomail.example.com",
                    "mailto:b@byaddress.example.com",
                    "mailto:c@nullmx.example.com",
                    "mailto:d@ghost.example.com"),
                null));
    assertEquals("DMARC-REPORT-NO-MX DMARC-REPORT-NO-MX DMARC-REPORT-NO-MX", ids(findings));
    assertTrue(findings.get(0).message().contains("no MX and no A or AAAA"));
    assertTrue(findings.get(1).message().contains("null MX"));
    assertTrue(findings.get(2).message().contains("does not exist"));
  }

  @Test
  void aReportDomainThatTimesOutIsUnverifiable() throws Exception {
    server.zone("example.com", "_dmarc TXT \"" + CANONICAL + "\"");
    server.fault("example.com", Type.MX, Fault.DROP);
    assertEquals("DMARC-UNVERIFIABLE", ids(verify("example.com", reject(RUA))));
  }

  @Test
  void aRecordAtTheApexOrADoubledNameIsMisplaced() throws Exception {
    server.zone(
        "example.com",
        """
        @                         TXT "v=DMARC1; p=reject"
        _dmarc.example.com        TXT "v=DMARC1; p=reject"
        """);
    List<Finding> findings = verify("example.com", reject(RUA));
    assertEquals("DMARC-MISPLACED DMARC-MISPLACED DMARC-MISSING", ids(findings));
    assertEquals("example.com TXT", findings.get(0).subject());
    assertEquals("_dmarc.example.com.example.com TXT", findings.get(1).subject());
  }

  @Test
  void anUndeclaredRecordIsOnlyLinted() throws Exception {
    server.zone("example.com", "_dmarc TXT \"v=DMARC1; p=none; sp=none; pct=50; foo=bar\"");
    List<Finding> findings = verify("example.com", null);
    assertEquals(
        "DMARC-REMOVED-TAG DMARC-UNKNOWN-TAG DMARC-POLICY-NONE DMARC-NO-RUA DMARC-PCT",
        ids(findings));
    assertTrue(findings.stream().allMatch(f -> f.location() == null && f.expected() == null));
    assertEquals(List.of(), verify("example.org", null), "nothing declared, nothing published");
  }

  @Test
  void publishedProblemsPointAtTheDeclaredKey() throws Exception {
    server.zone(
        "example.com", "_dmarc TXT \"v=DMARC1; p=reject; p=none; rua=mailto:d@example.com\"");
    Finding dup = only(verify("example.com", reject(RUA)), "DMARC-DUPLICATE-TAG");
    assertEquals(Contexts.POLICY, dup.location());
    assertEquals("publish _dmarc.example.com TXT \"" + CANONICAL + "\"", dup.remediation());
  }

  @Test
  void spOnASubdomainRecordIsIgnored() throws Exception {
    // spec §8.6
    server.zone(
        "example.com",
        "_dmarc.mail TXT \"v=DMARC1; p=reject; sp=reject; rua=mailto:d@example.com\"");
    DmarcPolicy declared = Contexts.dmarc(DmarcMode.REJECT, DmarcMode.REJECT, List.of(RUA), null);
    Finding f = only(verify("mail.example.com", declared), "DMARC-SP-IGNORED");
    assertEquals(Contexts.SUBDOMAIN, f.location());
    assertEquals("v=DMARC1; p=reject; sp=reject; rua=mailto:d@example.com", f.actual());
  }

  @Test
  void aDelegationToANameThatDoesNotExistIsCnameDrift() throws Exception {
    server.zone("example.com", "_dmarc CNAME example-com.dmarc.vendor.net.");
    server.zone("vendor.net", "other TXT \"x\"");
    DmarcPolicy declared =
        Contexts.dmarc(DmarcMode.REJECT, null, List.of(RUA), "example-com.dmarc.vendor.net");
    List<Finding> findings = verify("example.com", declared);
    assertTrue(ids(findings).startsWith("DMARC-CNAME-DRIFT"), ids(findings));
    assertTrue(findings.get(0).message().contains("does not exist"), findings.get(0).message());
    only(findings, "DMARC-MISSING");
  }

  @Test
  void anOversizedRecordIsReportedUnread() throws Exception {
    StringBuilder zone = new StringBuilder("_dmarc TXT \"v=DMARC1; p=reject; x=\"");
    for (int i = 0; i < 70; i++) {
      zone.append(" \"").append("a".repeat(250)).append('"');
    }
    server.zone("example.com", zone.toString());
    Finding f = only(verify("example.com", reject(RUA)), "DMARC-INVALID");
    assertTrue(f.message().contains("characters long"), f.message());
  }
}
