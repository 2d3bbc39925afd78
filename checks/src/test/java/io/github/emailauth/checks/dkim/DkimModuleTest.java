package io.github.emailauth.checks.dkim;

import static io.github.emailauth.checks.dkim.DkimFixtures.ctx;
import static io.github.emailauth.checks.dkim.DkimFixtures.describe;
import static io.github.emailauth.checks.dkim.DkimFixtures.domain;
import static io.github.emailauth.checks.dkim.DkimFixtures.ids;
import static io.github.emailauth.checks.dkim.DkimFixtures.one;
import static io.github.emailauth.checks.dkim.DkimFixtures.only;
import static io.github.emailauth.checks.dkim.DkimFixtures.sel;
import static io.github.emailauth.checks.dkim.DkimFixtures.txt;
import static io.github.emailauth.checks.dkim.TestKeys.b64;
import static io.github.emailauth.checks.dkim.TestKeys.pem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.engine.DomainContext;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.Kind;
import io.github.emailauth.checks.engine.Severity;
import io.github.emailauth.checks.testing.Fault;
import io.github.emailauth.checks.testing.TestDnsServer;
import io.github.emailauth.policy.DomainPolicy;
import io.github.emailauth.policy.SourcePosition;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/** The DKIM module's verify step over real UDP/TCP against the loopback DNS server. */
class DkimModuleTest {
  static final String PROBE = "probe0123456789x";
  static final String D = "example.com";

  @TempDir Path dir;
  TestDnsServer server;
  DnsClient dns;
  final DkimModule module = new DkimModule(DiscoverySelectors.BUILT_IN, () -> PROBE);

  final KeyPair rsaA = TestKeys.rsa(2048, "a");
  final KeyPair rsaB = TestKeys.rsa(2048, "b");

  @BeforeEach
  void start() throws IOException {
    server = TestDnsServer.start();
    server.zone(D, "$TTL 300\n@ IN TXT \"v=spf1 -all\"\nwww IN A 192.0.2.1");
    dns = server.client(Duration.ofSeconds(2));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Publishes {@code text} at {@code selector._domainkey.example.com}, split into strings. */
  void publish(String selector, String text) {
    server.add(txt(selector + "._domainkey." + D + ".", text));
  }

  /** The record as quoted zone strings: a 2048-bit key record is 255 bytes, then the rest. */
  static String zoneStrings(String record) {
    assertTrue(record.length() > 255 && record.length() <= 510, record);
    return "\"" + record.substring(0, 255) + "\" \"" + record.substring(255) + "\"";
  }

  String rsaRecord(KeyPair pair) {
    return "v=DKIM1; k=rsa; p=" + b64(TestKeys.spki(pair));
  }

  Path pemFile(String name, KeyPair pair) {
    return TestKeys.write(dir, name, pem("PUBLIC KEY", TestKeys.spki(pair)));
  }

  List<Finding> verify(DomainPolicy d) {
    return verify(ctx(d, dns));
  }

  List<Finding> verify(DomainContext c) {
    return module.verify(c).orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).join();
  }

  @Test
  void matchingKeysAreQuiet() {
    KeyPair ed = TestKeys.ed25519("a");
    publish("google", rsaRecord(rsaA)); // 2048 bits: 392 base64 characters, two strings
    publish("ed", "v=DKIM1; k=ed25519; p=" + b64(TestKeys.ed25519Raw(ed)));
    Path edFile = TestKeys.write(dir, "ed.pem", pem("PRIVATE KEY", TestKeys.pkcs8(ed)));
    List<Finding> findings =
        verify(
            domain(
                D, sel("google", 10).key(pemFile("google.pub", rsaA)), sel("ed", 20).key(edFile)));
    assertEquals(List.of(), findings, () -> describe(findings));
    assertEquals(1, server.queries("google._domainkey." + D, Type.TXT));
    assertEquals(1, server.queries(PROBE + "._domainkey." + D, Type.TXT), "wildcard probe asked");
    assertEquals(1, server.queries("selector1._domainkey." + D, Type.TXT), "discovery asked");
  }

  @Test
  void differentKeyIsDriftWithBothFingerprints() {
    publish("google", rsaRecord(rsaB));
    List<Finding> findings = verify(domain(D, sel("google", 10).key(pemFile("google.pub", rsaA))));
    Finding f = one(findings, DkimCheck.KEY_MISMATCH);
    assertEquals(Kind.DRIFT, f.kind());
    assertEquals(Severity.ERROR, f.severity());
    assertEquals("google._domainkey.example.com TXT", f.subject());
    assertEquals(new SourcePosition(DkimFixtures.FILE, 11, 9), f.location());
    assertTrue(f.message().contains("modulus differs"), f.message());
    assertTrue(f.message().contains("published " + TestKeys.fingerprint(rsaB)), f.message());
    assertTrue(f.message().contains("declared " + TestKeys.fingerprint(rsaA)), f.message());
    assertTrue(f.expected().startsWith(TestKeys.fingerprint(rsaA)), f.expected());
    assertTrue(f.actual().startsWith(TestKeys.fingerprint(rsaB)), f.actual());
    assertTrue(f.remediation().contains(zoneStrings(rsaRecord(rsaA))), f.remediation());
    assertTrue(
        f.remediation().contains("2 strings of at most 255 bytes, published as one TXT record"),
        f.remediation());
    assertEquals(1, findings.size(), () -> describe(findings));
  }

  @Test
  void ed25519AgainstRsaFileSaysTheTypeDiffers() {
    KeyPair ed = TestKeys.ed25519("a");
    publish("s", "v=DKIM1; k=ed25519; p=" + b64(TestKeys.ed25519Raw(ed)));
    Finding f =
        one(verify(domain(D, sel("s", 10).key(pemFile("s.pub", rsaA)))), DkimCheck.KEY_MISMATCH);
    assertTrue(f.message().contains("key type differs: RSA 2048-bit vs Ed25519"), f.message());
  }

  @Test
  void pkcs1PublishedEqualsSpkiFileButIsFlagged() {
    publish("google", "v=DKIM1; p=" + b64(TestKeys.pkcs1Public(rsaA)));
    List<Finding> findings = verify(domain(D, sel("google", 10).key(pemFile("google.pub", rsaA))));
    assertEquals(List.of("DKIM-KEY-ENCODING"), ids(findings), () -> describe(findings));
    assertTrue(findings.get(0).remediation().contains(zoneStrings(rsaRecord(rsaA))));
  }

  @Test
  void missingIsDriftAndNamesWhy() {
    server.add("nodata._domainkey." + D + ". 300 IN A 192.0.2.1");
    Path file = pemFile("gone.pub", rsaA);
    List<Finding> findings =
        verify(domain(D, sel("gone", 10).key(file), sel("nodata", 20), sel("a.b", 30)));
    List<Finding> missing = only(findings, DkimCheck.KEY_MISSING);
    assertEquals(3, missing.size(), () -> describe(findings));
    assertTrue(missing.get(0).message().contains("NXDOMAIN"), missing.get(0).message());
    assertEquals(
        "publish gone._domainkey.example.com TXT "
            + zoneStrings(rsaRecord(rsaA))
            + " (2 strings of at most 255 bytes, published as one TXT record)",
        missing.get(0).remediation());
    assertTrue(missing.get(1).message().contains("no TXT record"), missing.get(1).message());
    assertEquals("a.b._domainkey.example.com TXT", missing.get(2).subject(), "dots make labels");
    assertEquals(1, server.queries("a.b._domainkey." + D, Type.TXT));
    assertEquals(new SourcePosition(DkimFixtures.FILE, 10, 7), missing.get(0).location());
  }

  @Test
  void dnsFailureIsUnverifiableNeverMissing() {
    server.fault("google._domainkey." + D, Type.TXT, Fault.SERVFAIL);
    server.fault("slow._domainkey." + D, Type.TXT, Fault.DROP);
    dns = server.client(Duration.ofMillis(300));
    List<Finding> findings = verify(domain(D, sel("google", 10), sel("slow", 20)));
    List<Finding> unverifiable = only(findings, DkimCheck.UNVERIFIABLE);
    assertEquals(2, unverifiable.size(), () -> describe(findings));
    assertTrue(unverifiable.get(0).message().contains("SERVFAIL"));
    assertTrue(unverifiable.get(1).message().contains("TIMEOUT"), unverifiable.get(1).message());
    assertEquals(Kind.UNVERIFIABLE, unverifiable.get(0).kind());
    assertEquals(List.of(), only(findings, DkimCheck.KEY_MISSING));
  }

  @Test
  void revokedSelector() {
    publish("old1", "v=DKIM1; p=");
    publish("old3", rsaRecord(rsaB));
    List<Finding> findings =
        verify(
            domain(
                D,
                sel("old1", 10).revoked(),
                sel("old2", 20).revoked(), // NXDOMAIN: as good as revoked
                sel("old3", 30).revoked()));
    Finding f = one(findings, DkimCheck.REVOKED_KEY_PUBLISHED);
    assertEquals("old3._domainkey.example.com TXT", f.subject());
    assertEquals("v=DKIM1; p=", f.expected());
    assertTrue(f.message().contains(TestKeys.fingerprint(rsaB)), f.message());
    assertEquals(new SourcePosition(DkimFixtures.FILE, 32, 9), f.location());
    assertEquals(1, findings.size(), () -> describe(findings));
  }

  @Test
  void activeSelectorPublishingEmptyPIsRevokedDrift() {
    publish("google", "v=DKIM1; k=rsa; p=");
    Finding f = one(verify(domain(D, sel("google", 10))), DkimCheck.KEY_REVOKED);
    assertEquals(Kind.DRIFT, f.kind());
  }

  @Test
  void retirement() {
    KeyPair k = rsaA;
    publish("past", rsaRecord(k));
    publish("soon", rsaRecord(k));
    publish("later", rsaRecord(k));
    publish("pastrevoked", "v=DKIM1; p=");
    List<Finding> findings =
        verify(
            domain(
                D,
                sel("past", 10).retireAfter(DkimFixtures.TODAY.minusDays(1)),
                sel("soon", 20).retireAfter(DkimFixtures.TODAY.plusDays(12)),
                sel("later", 30).retireAfter(DkimFixtures.TODAY.plusDays(31)),
                sel("pastrevoked", 40).retireAfter(DkimFixtures.TODAY.minusDays(100)),
                sel("pastgone", 50).retireAfter(DkimFixtures.TODAY.minusDays(100))));
    Finding retired = one(findings, DkimCheck.RETIRED_KEY_PUBLISHED);
    assertEquals("past._domainkey.example.com TXT", retired.subject());
    assertTrue(retired.message().contains("after 2026-05-31"), retired.message());
    Finding soon = one(findings, DkimCheck.KEY_RETIRING);
    assertEquals(Severity.NOTICE, soon.severity());
    assertTrue(soon.message().contains("(in 12 days)"), soon.message());
    assertEquals(2, findings.size(), () -> describe(findings));
  }

  @Test
  void retireAfterIsTodayGivesANoticeNotAnError() {
    publish("s", rsaRecord(rsaA));
    List<Finding> findings = verify(domain(D, sel("s", 10).retireAfter(DkimFixtures.TODAY)));
    assertTrue(one(findings, DkimCheck.KEY_RETIRING).message().contains("(today)"));
  }

  @Test
  void testingFlag() {
    publish("prod", "v=DKIM1; t=y; p=" + b64(TestKeys.spki(rsaA)));
    publish("test", "v=DKIM1; t=y:s; p=" + b64(TestKeys.spki(rsaA)));
    publish("nottest", "v=DKIM1; t=s; p=" + b64(TestKeys.spki(rsaA)));
    List<Finding> findings =
        verify(domain(D, sel("prod", 10), sel("test", 20).testing(), sel("nottest", 30).testing()));
    List<Finding> flags = only(findings, DkimCheck.TESTING_FLAG);
    assertEquals(2, flags.size(), () -> describe(findings));
    assertTrue(flags.get(0).message().contains("declared production"), flags.get(0).message());
    assertTrue(flags.get(1).message().contains("has no t=y"), flags.get(1).message());
    assertEquals(2, findings.size(), () -> describe(findings));
  }

  @Test
  void cnameDelegation() {
    String provider = "tenant.provider.test";
    server.zone(
        provider,
        txt("selector1-example-com._domainkey", rsaRecord(rsaA))
            + "\n"
            + txt("selector2-example-com._domainkey", rsaRecord(rsaB)));
    server.add(
        "selector1._domainkey.example.com. 300 IN CNAME selector1-example-com._domainkey."
            + provider
            + ".");
    server.add(
        "selector2._domainkey.example.com. 300 IN CNAME selector2-example-com._domainkey."
            + provider
            + ".");
    server.add("s1._domainkey.example.com. 300 IN CNAME s1.gone.provider.test.");
    server.add("direct._domainkey.example.com. 300 IN TXT \"v=DKIM1; p=\"");
    publish("own", rsaRecord(rsaA));

    List<Finding> findings =
        verify(
            domain(
                D,
                sel("selector1", 10)
                    .key(pemFile("s1.pub", rsaA))
                    .cname("selector1-example-com._domainkey." + provider + "."),
                sel("selector2", 20).cname("other._domainkey." + provider),
                sel("s1", 30),
                // revoked: its revocation is a TXT record, the CNAME no longer applies
                sel("direct", 40).revoked().cname("direct.provider.test"),
                sel("own", 50).cname("own.provider.test")));
    Finding drift = only(findings, DkimCheck.CNAME_DRIFT).get(0);
    assertEquals("selector2._domainkey.example.com TXT", drift.subject());
    assertTrue(
        drift
            .message()
            .contains(
                "is a CNAME to selector2-example-com._domainkey."
                    + provider
                    + ", declared other._domainkey."
                    + provider),
        drift.message());
    assertEquals(new SourcePosition(DkimFixtures.FILE, 25, 9), drift.location());
    Finding notCname = only(findings, DkimCheck.CNAME_DRIFT).get(1);
    assertEquals("own._domainkey.example.com TXT", notCname.subject());
    assertTrue(notCname.message().contains("is not a CNAME"), notCname.message());

    Finding delegated = one(findings, DkimCheck.CNAME_DELEGATED);
    assertEquals("s1._domainkey.example.com TXT", delegated.subject());
    Finding dangling = one(findings, DkimCheck.KEY_MISSING);
    assertTrue(
        dangling.message().contains("CNAME to s1.gone.provider.test, which does not exist"),
        dangling.message());
    assertEquals(4, findings.size(), () -> describe(findings));
  }

  @Test
  void keyBehindACnameIsReportedAsTheProvidersKey() {
    String provider = "tenant.provider.test";
    String target = "selector1-example-com._domainkey." + provider;
    server.zone(
        provider,
        txt("selector1-example-com._domainkey", rsaRecord(rsaB))
            + "\n"
            + txt("old", rsaRecord(rsaB))
            + "\nbroken IN TXT \"v=DKIM1; p=\"");
    // the client follows each CNAME itself, so a fault at the target is what it sees
    server.chaseCnames(false);
    server.add("selector1._domainkey.example.com. 300 IN CNAME " + target + ".");
    server.add("old._domainkey.example.com. 300 IN CNAME old." + provider + ".");
    server.add("test._domainkey.example.com. 300 IN CNAME " + target + ".");
    server.add("down._domainkey.example.com. 300 IN CNAME broken." + provider + ".");
    server.fault("broken." + provider, Type.TXT, Fault.SERVFAIL);
    List<Finding> findings =
        verify(
            domain(
                D,
                sel("selector1", 10).key(pemFile("s1.pub", rsaA)).cname(target),
                sel("old", 20).revoked(),
                sel("test", 30).cname(target).testing(),
                sel("down", 40).cname("broken." + provider)));
    String via = " (CNAME to " + target + ")";

    Finding mismatch = one(findings, DkimCheck.KEY_MISMATCH);
    assertTrue(
        mismatch.message().startsWith("the key at selector1._domainkey.example.com" + via),
        mismatch.message());
    assertTrue(
        !mismatch.remediation().contains("publish selector1._domainkey.example.com TXT"),
        "no TXT can live next to a CNAME: " + mismatch.remediation());
    assertTrue(mismatch.remediation().contains(target), mismatch.remediation());

    Finding flag = one(findings, DkimCheck.TESTING_FLAG);
    assertTrue(flag.message().contains("test._domainkey.example.com" + via), flag.message());

    List<Finding> revoked = only(findings, DkimCheck.REVOKED_KEY_PUBLISHED);
    assertEquals(1, revoked.size(), () -> describe(findings));
    assertTrue(revoked.get(0).message().contains("CNAME to old." + provider), describe(findings));
    assertTrue(
        revoked.get(0).remediation().startsWith("replace the CNAME at old._domainkey.example.com"),
        revoked.get(0).remediation());

    Finding down = one(findings, DkimCheck.UNVERIFIABLE);
    assertTrue(down.message().contains("(CNAME to broken." + provider + ")"), down.message());
    assertTrue(
        down.remediation().endsWith("name servers of broken." + provider), down.remediation());
  }

  @Test
  void discoveryReportsUndeclaredKeysAsNotices() {
    publish("google", rsaRecord(rsaA));
    publish("selector1", rsaRecord(rsaB));
    publish("k1", "v=DKIM1; p="); // revoked: not live
    publish("default", "v=DKIM1; k=rsa; h=sha1; p=" + b64(TestKeys.spki(TestKeys.rsa(1024))));
    List<Finding> findings = verify(domain(D, sel("google", 10).key(pemFile("g.pub", rsaA))));
    List<Finding> undeclared = only(findings, DkimCheck.UNDECLARED_KEY);
    assertEquals(2, undeclared.size(), () -> describe(findings));
    Finding s1 = undeclared.get(0);
    assertTrue(
        s1.message()
            .startsWith("undeclared DKIM key at selector1._domainkey.example.com (RSA 2048-bit"),
        s1.message());
    assertEquals(Severity.NOTICE, s1.severity());
    // what is broken at an undeclared selector is still reported
    assertEquals(
        List.of(
            "DKIM-HASH-UNUSABLE", "DKIM-KEY-WEAK", "DKIM-UNDECLARED-KEY", "DKIM-UNDECLARED-KEY"),
        ids(findings));
    assertEquals(1, server.queries("google._domainkey." + D, Type.TXT), "declared: asked once");
  }

  @Test
  void wildcardKeySuppressesDiscoveryWithOneNotice() {
    server.add(txt("*._domainkey." + D + ".", rsaRecord(rsaA)));
    List<Finding> findings = verify(domain(D, sel("google", 10).key(pemFile("g.pub", rsaA))));
    Finding w = one(findings, DkimCheck.WILDCARD_KEY);
    assertTrue(w.message().contains(PROBE + "._domainkey.example.com"), w.message());
    assertEquals(List.of("DKIM-WILDCARD-KEY"), ids(findings), () -> describe(findings));
    // the random label is asked first: with a wildcard key the list is not asked at all
    assertEquals(1, server.queries(PROBE + "._domainkey." + D, Type.TXT));
    assertEquals(0, server.queries("selector1._domainkey." + D, Type.TXT), "list not asked");
    assertEquals(2, server.queries(), "the probe and the declared selector only");
  }

  @Test
  void revokedWildcardOfAParkedDomainIsNoWildcardKey() {
    // M3AAWG's parked-domain practice: revoke every selector with one wildcard
    server.add("*._domainkey." + D + ". 300 IN TXT \"v=DKIM1; p=\"");
    publish("default", rsaRecord(rsaA)); // a live key that outlived the mail service
    DomainPolicy parked = domain(D, io.github.emailauth.policy.Profile.PARKED, List.of());
    List<Finding> findings = verify(parked);
    assertEquals(List.of("DKIM-UNDECLARED-KEY"), ids(findings), () -> describe(findings));
    assertTrue(findings.get(0).subject().startsWith("default._domainkey."), describe(findings));
  }

  @Test
  void nonDkimWildcardIsNotAKeyAndNotAWildcardKey() {
    server.add("*." + D + ". 300 IN TXT \"v=spf1 -all\"");
    List<Finding> findings = verify(domain(D, sel("google", 10)));
    Finding missing = one(findings, DkimCheck.KEY_MISSING);
    assertTrue(missing.message().contains("not a DKIM key"), missing.message());
    assertTrue(missing.message().contains("wildcard"), missing.message());
    assertEquals(List.of("DKIM-KEY-MISSING"), ids(findings), () -> describe(findings));
  }

  @Test
  void failedProbeSkipsDiscovery() {
    publish("selector1", rsaRecord(rsaB));
    server.fault(PROBE + "._domainkey." + D, Type.TXT, Fault.REFUSED);
    List<Finding> findings = verify(domain(D));
    Finding f = one(findings, DkimCheck.DISCOVERY_INCOMPLETE);
    assertTrue(f.message().contains("REFUSED"), f.message());
    assertEquals(List.of("DKIM-DISCOVERY-INCOMPLETE"), ids(findings), () -> describe(findings));
    assertEquals(0, server.queries("selector1._domainkey." + D, Type.TXT), "list not asked");
  }

  @Test
  void failedDiscoveryProbesAreSummarisedOnce() {
    publish("selector1", rsaRecord(rsaB));
    server.fault("k1._domainkey." + D, Type.TXT, Fault.SERVFAIL);
    server.fault("k2._domainkey." + D, Type.TXT, Fault.SERVFAIL);
    List<Finding> findings = verify(domain(D));
    Finding f = one(findings, DkimCheck.DISCOVERY_INCOMPLETE);
    assertTrue(f.message().startsWith("2 of " + DiscoverySelectors.BUILT_IN.size()), f.message());
    assertEquals(1, only(findings, DkimCheck.UNDECLARED_KEY).size());
  }

  @Test
  void parkedDomainNeedsNoKeysButLiveOnesAreNoticed() {
    publish("default", rsaRecord(rsaA));
    DomainPolicy parked = domain(D, io.github.emailauth.policy.Profile.PARKED, List.of());
    List<Finding> findings = verify(parked);
    Finding f = one(findings, DkimCheck.UNDECLARED_KEY);
    assertTrue(f.message().contains("parked domain"), f.message());
    assertEquals(1, findings.size(), () -> describe(findings));
  }

  @Test
  void senderSelectorsAreDeclared() {
    publish("selector1", rsaRecord(rsaA));
    io.github.emailauth.policy.Sender m365 =
        new io.github.emailauth.policy.Sender(
            "m365",
            List.of(),
            List.of("selector1", "selector2", "selector3"),
            new SourcePosition(DkimFixtures.FILE, 4, 3));
    // selector3 as the policy loader leaves it: copied into dkim: at the domain's sender entry
    DomainPolicy d =
        domain(
            D, io.github.emailauth.policy.Profile.STANDARD, List.of("m365"), sel("selector3", 12));
    List<Finding> findings = verify(ctx(DkimFixtures.policy(d, List.of(m365), List.of()), d, dns));
    List<Finding> missing = only(findings, DkimCheck.KEY_MISSING);
    assertEquals(2, missing.size(), () -> describe(findings));
    assertEquals("selector3._domainkey.example.com TXT", missing.get(0).subject());
    assertEquals(new SourcePosition(DkimFixtures.FILE, 12, 7), missing.get(0).location());
    assertEquals("selector2._domainkey.example.com TXT", missing.get(1).subject());
    assertEquals(new SourcePosition(DkimFixtures.FILE, 4, 3), missing.get(1).location());
    for (Finding f : missing) {
      assertTrue(f.remediation().contains("sender m365"), f.remediation());
    }
    assertEquals(List.of(), only(findings, DkimCheck.UNDECLARED_KEY), "selector1 is declared");
    assertEquals(1, server.queries("selector3._domainkey." + D, Type.TXT), "asked once");
  }

  @Test
  void discoveryOffWhenItsCheckIsOff() {
    DomainPolicy d = domain(D);
    var off =
        new io.github.emailauth.policy.CheckOverride(
            "DKIM-UNDECLARED-KEY",
            io.github.emailauth.policy.Severity.OFF,
            new SourcePosition(DkimFixtures.FILE, 40, 3));
    verify(ctx(DkimFixtures.policy(d, List.of(), List.of(off)), d, dns));
    assertEquals(0, server.queries(), "no query at all");
  }

  @Test
  void discoveryGoesThroughTheRunsSharedInFlightBound() {
    List<String> names = List.of("a.test", "b.test", "c.test", "d.test", "e.test");
    server.delayAll(Duration.ofMillis(10));
    DnsClient bounded =
        server.client(
            new io.github.emailauth.checks.dns.DnsOptions(
                List.of(server.nameserver()), Duration.ofSeconds(2), 1, 3));
    // all domains at once, as the engine runs them, over one client
    List<java.util.concurrent.CompletableFuture<List<Finding>>> runs =
        names.stream().map(name -> module.verify(ctx(domain(name), bounded))).toList();
    runs.forEach(r -> r.orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).join());
    int perDomain = 1 + DiscoverySelectors.BUILT_IN.size();
    assertEquals(34, perDomain, "the cost docs/dkim.md states");
    assertEquals(names.size() * perDomain, bounded.stats().questions());
    assertEquals(names.size() * perDomain, server.queries(), "each asked once");
    assertTrue(server.maxConcurrent() <= 3, "in flight at once: " + server.maxConcurrent());
  }

  @Test
  void severalRecordsAtOneSelector() {
    String record = rsaRecord(rsaA);
    String name = "split._domainkey." + D + ".";
    // a DNS console that made two records of one key instead of two strings
    server.add(name + " 300 IN TXT \"" + record.substring(0, 200) + "\"");
    server.add(name + " 300 IN TXT \"" + record.substring(200) + "\"");
    publish("two", rsaRecord(rsaA));
    publish("two", rsaRecord(rsaB));
    List<Finding> findings =
        verify(domain(D, sel("split", 10), sel("two", 20).key(pemFile("two.pub", rsaA))));
    List<Finding> multiple = only(findings, DkimCheck.MULTIPLE_RECORDS);
    assertEquals(2, multiple.size(), () -> describe(findings));
    assertTrue(
        multiple.get(0).message().contains("split into two records"), multiple.get(0).message());
    assertTrue(!multiple.get(1).message().contains("split into"), multiple.get(1).message());
    // each key at "two" is compared: the one that differs is reported
    assertEquals(1, only(findings, DkimCheck.KEY_MISMATCH).size(), () -> describe(findings));
  }

  @Test
  void publishedRecordProblemsTable() {
    String spki1024 = b64(TestKeys.spki(TestKeys.rsa(1024)));
    String spki2048 = b64(TestKeys.spki(rsaA));
    KeyPair ed = TestKeys.ed25519("a");
    String[][] table = {
      // selector, record, expected check ids (sorted, comma-separated)
      {"ok", "v=DKIM1; p=" + spki2048, ""},
      {"small", "v=DKIM1; p=" + b64(TestKeys.rsaSpkiOfSize(768)), "DKIM-KEY-TOO-SMALL"},
      {"weak", "v=DKIM1; p=" + spki1024, "DKIM-KEY-WEAK"},
      {"big", "v=DKIM1; p=" + b64(TestKeys.rsaSpkiOfSize(4096 + 1024)), "DKIM-KEY-TOO-LARGE"},
      {"sha1", "v=DKIM1; h=sha1; p=" + spki2048, "DKIM-HASH-UNUSABLE"},
      {"sha", "v=DKIM1; h=sha1:sha256; p=" + spki2048, ""},
      {"svc", "v=DKIM1; s=tlsrpt; p=" + spki2048, "DKIM-SERVICE-UNUSABLE"},
      {"svc2", "v=DKIM1; s=email:tlsrpt; p=" + spki2048, ""},
      {"unk", "v=DKIM1; k=dsa; p=" + spki2048, "DKIM-KEY-TYPE-UNKNOWN"},
      {"b64", "v=DKIM1; p=" + spki2048.substring(1), "DKIM-KEY-MALFORMED"},
      {
        "quote",
        "v=DKIM1; p=" + spki2048.substring(0, 100) + "\" \"" + spki2048.substring(100),
        "DKIM-KEY-MALFORMED"
      },
      {"vlast", "k=rsa; v=DKIM1; p=" + spki2048, "DKIM-RECORD-SYNTAX"},
      {"dup", "v=DKIM1; p=" + spki2048 + "; p=" + spki2048, "DKIM-RECORD-SYNTAX"},
      {"nop", "v=DKIM1; k=rsa", "DKIM-RECORD-SYNTAX"},
      {"edwrap", "v=DKIM1; k=ed25519; p=" + b64(TestKeys.spki(ed)), "DKIM-KEY-ENCODING"},
      {"edup", "v=DKIM1; k=ED25519; p=" + b64(TestKeys.ed25519Raw(ed)), "DKIM-KEY-ENCODING"},
      {"ed31", "v=DKIM1; k=ed25519; p=" + b64(new byte[33]), "DKIM-KEY-MALFORMED"},
      {"edasrsa", "v=DKIM1; p=" + b64(TestKeys.ed25519Raw(ed)), "DKIM-KEY-MALFORMED"},
      {"upperv", "V=DKIM1; p=" + spki2048, ""},
      {"spaces", "v = DKIM1 ; p = " + spki2048 + " ;", ""},
    };
    DkimFixtures.Sel[] sels = new DkimFixtures.Sel[table.length];
    for (int i = 0; i < table.length; i++) {
      publish(table[i][0], table[i][1]);
      sels[i] = sel(table[i][0], 10 * (i + 1));
    }
    List<Finding> findings = verify(domain(D, sels));
    for (String[] row : table) {
      List<String> got =
          ids(
              findings.stream()
                  .filter(f -> f.subject().startsWith(row[0] + "._domainkey."))
                  .toList());
      List<String> want = row[2].isEmpty() ? List.of() : List.of(row[2].split(","));
      assertEquals(want, got, () -> row[0] + ": " + describe(findings));
    }
  }

  @Test
  void testdataRecordsServedOverDns() throws Exception {
    var records = DkimTestdataRecordsTest.mailauthRecords();
    records.forEach(
        (name, rrs) -> {
          for (List<String> strings : rrs) {
            try {
              server.add(
                  new org.xbill.DNS.TXTRecord(
                      org.xbill.DNS.Name.fromString(name + "."),
                      org.xbill.DNS.DClass.IN,
                      300,
                      strings));
            } catch (org.xbill.DNS.TextParseException e) {
              throw new AssertionError(e);
            }
          }
        });
    List<Finding> findings =
        verify(
            ctx(
                domain("football.example.com", sel("brisbane", 10), sel("test", 20).minBits(1024)),
                dns));
    assertEquals(List.of(), findings, () -> describe(findings));
    List<Finding> strict = verify(ctx(domain("football.example.com", sel("test", 20)), dns));
    Finding weak = one(strict, DkimCheck.KEY_WEAK);
    assertTrue(weak.message().contains("has 1024 bits"), weak.message());
  }

  @Test
  void stalwartRecordsServedOverDns() throws Exception {
    String fb = "s1024-2013-q3._domainkey.facebookmail.com";
    String topicbox = "sysmsg-1._domainkey.topicbox.com";
    server.add(txt(fb + ".", DkimTestdataRecordsTest.stalwartRecords("dkim-004.txt").get(fb)));
    server.add(
        txt(topicbox + ".", DkimTestdataRecordsTest.stalwartRecords("dkim-005.txt").get(topicbox)));
    // Facebook's record: no v=, t=s and h=sha256 before p=, a 1024-bit key, accepted as declared
    List<Finding> facebook =
        verify(ctx(domain("facebookmail.com", sel("s1024-2013-q3", 10).minBits(1024)), dns));
    assertEquals(List.of(), facebook, () -> describe(facebook));
    List<Finding> strict = verify(ctx(domain("topicbox.com", sel("sysmsg-1", 10)), dns));
    assertEquals(List.of("DKIM-KEY-WEAK"), ids(strict), () -> describe(strict));
    assertTrue(strict.get(0).message().contains("has 1024 bits"), strict.get(0).message());
    assertEquals(1, server.queries(fb, Type.TXT));
  }

  @Test
  void randomProbeLabels() {
    String a = DkimModule.randomLabel();
    String b = DkimModule.randomLabel();
    assertTrue(a.matches("[a-z0-9]{16}"), a);
    assertTrue(!a.equals(b));
  }
}
