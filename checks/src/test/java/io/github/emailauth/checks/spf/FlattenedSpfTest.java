package io.github.emailauth.checks.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.engine.Artifacts;
import io.github.emailauth.checks.engine.DomainContext;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.GeneratedRecord;
import io.github.emailauth.checks.engine.Kind;
import io.github.emailauth.checks.engine.Protocol;
import io.github.emailauth.checks.engine.RunOptions;
import io.github.emailauth.checks.engine.Severity;
import io.github.emailauth.checks.testing.Fault;
import io.github.emailauth.checks.testing.TestDnsServer;
import io.github.emailauth.checks.testing.TestDnsServerExtension;
import io.github.emailauth.policy.DomainPolicy;
import io.github.emailauth.policy.KeyPositions;
import io.github.emailauth.policy.Policy;
import io.github.emailauth.policy.Profile;
import io.github.emailauth.policy.Sender;
import io.github.emailauth.policy.SourcePosition;
import io.github.emailauth.policy.SpfAll;
import io.github.emailauth.policy.SpfPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** flatten: true through the SPF module: generate writes the chain, verify finds it stale. */
@ExtendWith(TestDnsServerExtension.class)
class FlattenedSpfTest {
  private static final String FILE = "emailauth.yaml";
  private static final SourcePosition SECTION = new SourcePosition(FILE, 10, 5);
  private static final SourcePosition FLATTEN = new SourcePosition(FILE, 13, 7);
  private static final KeyPositions POSITIONS =
      new KeyPositions(SECTION, Map.of("flatten", FLATTEN));

  /** The provider as it was when the chain was generated. */
  private static final String YESTERDAY =
      """
      _spf.vendor.net. TXT "v=spf1 include:_a.vendor.net include:_b.vendor.net ~all"
      _a.vendor.net. TXT "v=spf1 ip4:192.0.2.0/25 ip4:192.0.2.128/25 ip6:2001:db8:a::/48 ~all"
      _b.vendor.net. TXT "v=spf1 ip4:198.51.100.0/26 -all"
      _spf.mail.example. TXT "v=spf1 ip4:203.0.113.64/27 -all"
      """;

  /** The provider today: _b dropped a /26 and gained another, _a gained an IPv6 range. */
  private static final String TODAY =
      """
      _spf.vendor.net. TXT "v=spf1 include:_a.vendor.net include:_b.vendor.net ~all"
      _a.vendor.net. TXT "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8:a::/48 ip6:2001:db8:b::/48 ~all"
      _b.vendor.net. TXT "v=spf1 ip4:198.51.100.128/26 -all"
      _spf.mail.example. TXT "v=spf1 ip4:203.0.113.64/27 -all"
      """;

  private static final String MAILER = "_spf.mail.example. TXT \"v=spf1 ip4:203.0.113.64/27 -all\"";

  private final SpfModule module = new SpfModule();

  private static DomainContext context(TestDnsServer dns, List<String> own) {
    SpfPolicy spf = new SpfPolicy(own, SpfAll.FAIL, null, true, List.of(), List.of(), POSITIONS);
    DomainPolicy d =
        new DomainPolicy(
            "example.com",
            SECTION,
            Profile.STANDARD,
            List.of("mailer"),
            null,
            spf,
            Map.of(),
            null,
            null,
            null,
            null);
    Sender mailer = new Sender("mailer", List.of("include:_spf.mail.example"), List.of(), SECTION);
    Policy policy =
        new Policy(Path.of(FILE), 1, Map.of("example.com", d), Map.of("mailer", mailer), Map.of());
    return new DomainContext(
        policy,
        d,
        dns == null ? null : dns.client(Duration.ofMillis(500)),
        RunOptions.defaults(),
        Clock.systemUTC());
  }

  private List<GeneratedRecord> generate(DomainContext ctx) throws Exception {
    Artifacts a = generateArtifacts(ctx);
    assertEquals(List.of(), a.findings());
    return a.records();
  }

  private Artifacts generateArtifacts(DomainContext ctx) throws Exception {
    return module.generate(ctx).get(20, TimeUnit.SECONDS);
  }

  private List<Finding> verify(DomainContext ctx) throws Exception {
    return module.verify(ctx).get(20, TimeUnit.SECONDS);
  }

  private static void publish(TestDnsServer dns, List<GeneratedRecord> records) throws Exception {
    for (GeneratedRecord r : records) {
      FlattenedChain.Record rec = new FlattenedChain.Record(r.name(), r.value());
      dns.add(new TXTRecord(Name.fromString(r.name() + "."), DClass.IN, r.ttl(), rec.strings()));
    }
  }

  private static List<Finding> of(List<Finding> findings, String id) {
    return findings.stream().filter(f -> f.checkId().equals(id)).toList();
  }

  @Test
  void generateWritesTheFlattenedChainOfOwnAndSenderTerms(TestDnsServer dns) throws Exception {
    dns.add(YESTERDAY);
    List<GeneratedRecord> records =
        generate(context(dns, List.of("ip4:192.0.2.10", "include:_spf.vendor.net")));
    // the own address is inside the vendor's /24; the mailer's /27 comes from the sender
    assertEquals(1, records.size(), records.toString());
    GeneratedRecord apex = records.get(0);
    assertEquals("example.com", apex.name());
    assertEquals("TXT", apex.type());
    assertEquals(GeneratedRecord.DEFAULT_TTL, apex.ttl());
    assertEquals(Protocol.SPF, apex.protocol());
    assertEquals(
        "v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.0/26 ip4:203.0.113.64/27 ip6:2001:db8:a::/48 -all",
        apex.value());
  }

  @Test
  void aFreshChainGivesNoFinding(TestDnsServer dns) throws Exception {
    dns.add(YESTERDAY);
    DomainContext ctx = context(dns, List.of("include:_spf.vendor.net"));
    publish(dns, generate(ctx));
    List<Finding> out = verify(ctx);
    assertTrue(out.isEmpty(), out.toString());
  }

  @Test
  void aFreshChainWithSubRecordsGivesNoFindingEither(TestDnsServer dns) throws Exception {
    StringBuilder vendor = new StringBuilder("v=spf1");
    for (int i = 0; i < 90; i++) {
      vendor.append(" ip4:10.0.").append(i).append(".1");
    }
    dns.add("_spf.vendor.net. TXT " + ProviderChains.quoted(vendor + " -all"));
    dns.add(MAILER);
    DomainContext ctx = context(dns, List.of("include:_spf.vendor.net"));
    List<GeneratedRecord> generated = generate(ctx);
    assertTrue(generated.size() >= 3, generated.toString());
    publish(dns, generated);
    // sub-records without all, their sizes and the lookups are all fine for the SPF checks
    List<Finding> out = verify(ctx);
    assertTrue(out.isEmpty(), out.toString());
  }

  @Test
  void providerChurnIsStaleDriftNamingTheNetworks(TestDnsServer dns) throws Exception {
    dns.add(YESTERDAY);
    List<GeneratedRecord> generated = generate(context(dns, List.of("include:_spf.vendor.net")));
    try (TestDnsServer today = TestDnsServer.start()) {
      today.add(TODAY);
      publish(today, generated);
      List<Finding> out = verify(context(today, List.of("include:_spf.vendor.net")));
      List<Finding> stale = of(out, "SPF-FLATTENED-STALE");
      assertEquals(1, stale.size(), out.toString());
      Finding f = stale.get(0);
      assertEquals(Kind.DRIFT, f.kind());
      assertEquals(Severity.ERROR, f.severity());
      assertEquals(FLATTEN, f.location());
      assertEquals("example.com TXT", f.subject());
      String m = f.message();
      assertTrue(
          m.contains(
              "now also authorise 198.51.100.128/26 (include:_spf.vendor.net),"
                  + " 2001:db8:b::/48 (include:_spf.vendor.net)"),
          m);
      assertTrue(m.contains("no longer authorise 198.51.100.0/26"), m);
      // the published record is the one generated yesterday; expected is today's
      assertEquals(generated.get(0).value(), f.actual());
      assertTrue(f.expected().contains("ip4:198.51.100.128/26"), f.expected());
      assertTrue(f.remediation().startsWith("run emailauth:generate and publish example.com TXT"));
      // the module's term-by-term drift does not apply to a flattened record
      assertTrue(of(out, "SPF-DRIFT").isEmpty(), out.toString());
    }
  }

  @Test
  void aMissingSubRecordIsStale(TestDnsServer dns) throws Exception {
    StringBuilder vendor = new StringBuilder("v=spf1");
    for (int i = 0; i < 90; i++) {
      vendor.append(" ip4:10.0.").append(i).append(".1");
    }
    dns.add("_spf.vendor.net. TXT " + ProviderChains.quoted(vendor + " -all"));
    dns.add(MAILER);
    DomainContext ctx = context(dns, List.of("include:_spf.vendor.net"));
    List<GeneratedRecord> generated = generate(ctx);
    assertTrue(generated.size() >= 3, generated.toString());
    List<GeneratedRecord> lost = new ArrayList<>(generated);
    assertTrue(lost.removeIf(r -> r.name().equals("_spf2.example.com")));
    publish(dns, lost);
    Finding f = of(verify(ctx), "SPF-FLATTENED-STALE").get(0);
    // what _spf2 held is authorised by the declaration but not by the broken published chain
    assertTrue(f.message().contains("now also authorise 10.0."), f.message());
    assertTrue(
        f.message().contains("the published chain has include:_spf2.example.com"), f.message());
    assertTrue(f.message().contains("_spf2.example.com does not exist (NXDOMAIN)"), f.message());
  }

  @Test
  void termsThatStayAreANotice(TestDnsServer dns) throws Exception {
    dns.add(YESTERDAY);
    dns.add("_spf.dyn.net. TXT \"v=spf1 exists:%{i}._ip.dyn.net ~all\"");
    DomainContext ctx = context(dns, List.of("include:_spf.vendor.net", "include:_spf.dyn.net"));
    List<GeneratedRecord> generated = generate(ctx);
    assertTrue(generated.get(0).value().contains(" include:_spf.dyn.net "), generated.toString());
    publish(dns, generated);
    List<Finding> out = verify(ctx);
    assertEquals(1, out.size(), out.toString());
    Finding f = out.get(0);
    assertEquals("SPF-FLATTEN-PARTIAL", f.checkId());
    assertEquals(Severity.NOTICE, f.severity());
    assertTrue(f.message().startsWith("include:_spf.dyn.net stays as it is"), f.message());
    assertTrue(f.message().contains("connecting address"), f.message());
  }

  @Test
  void aDeclarationThatCannotBeFlattenedIsReportedAndNotGenerated(TestDnsServer dns)
      throws Exception {
    StringBuilder vendor = new StringBuilder("v=spf1");
    for (int i = 0; i < 400; i++) {
      vendor.append(" ip4:10.").append(i / 200).append('.').append(i % 200).append(".1");
    }
    dns.add("_spf.vendor.net. TXT " + ProviderChains.quoted(vendor + " -all"));
    dns.add(MAILER);
    dns.add("example.com. TXT \"v=spf1 include:_spf.vendor.net -all\"");
    DomainContext ctx = context(dns, List.of("include:_spf.vendor.net"));
    Finding f = of(verify(ctx), "SPF-FLATTEN-IMPOSSIBLE").get(0);
    assertEquals(Kind.INVALID, f.kind());
    assertTrue(f.message().contains("401 networks do not fit"), f.message());
    Artifacts generated = generateArtifacts(ctx);
    assertEquals(List.of(), generated.records());
    Finding why = generated.findings().get(0);
    assertEquals("SPF-FLATTEN-IMPOSSIBLE", why.checkId());
    assertTrue(
        why.message().startsWith("cannot flatten the SPF record of example.com: 401"),
        why.message());
  }

  @Test
  void aDnsFailureIsUnverifiableNeverStale(TestDnsServer dns) throws Exception {
    dns.add(YESTERDAY);
    DomainContext ctx = context(dns, List.of("include:_spf.vendor.net"));
    publish(dns, generate(ctx));
    dns.fault("_b.vendor.net", Type.TXT, Fault.SERVFAIL);
    List<Finding> out = verify(context(dns, List.of("include:_spf.vendor.net")));
    assertTrue(of(out, "SPF-FLATTENED-STALE").isEmpty(), out.toString());
    Finding f = of(out, "SPF-UNVERIFIABLE").get(0);
    assertEquals("_b.vendor.net TXT", f.subject());
    assertTrue(f.message().contains("SERVFAIL"), f.message());
    Artifacts generated = generateArtifacts(context(dns, List.of("include:_spf.vendor.net")));
    assertEquals(List.of(), generated.records());
    Finding why = generated.findings().get(0);
    assertEquals("SPF-UNVERIFIABLE", why.checkId());
    assertEquals(Kind.UNVERIFIABLE, why.kind());
    assertTrue(why.message().contains("no SPF record was generated"), why.message());
  }

  @Test
  void lintDoesNotCountIncludesThatWillBeFlattened() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      many.add("include:_spf" + i + ".vendor.net");
    }
    List<Finding> out = module.lint(context(null, many));
    assertTrue(out.stream().noneMatch(f -> f.checkId().equals("SPF-LOOKUP-LIMIT")), out.toString());
  }
}
