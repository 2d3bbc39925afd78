package io.github.emailauth.checks.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.engine.DomainContext;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.GeneratedRecord;
import io.github.emailauth.checks.engine.Kind;
import io.github.emailauth.checks.engine.RunOptions;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xbill.DNS.Type;

/** The SPF module's lint, verify and generate, verify over the loopback DNS server. */
@ExtendWith(TestDnsServerExtension.class)
class SpfModuleTest {
  private static final String FILE = "emailauth.yaml";
  private static final SourcePosition SECTION = new SourcePosition(FILE, 20, 5);
  private static final SourcePosition MECHANISMS = new SourcePosition(FILE, 21, 7);
  private static final SourcePosition AUTHORIZE = new SourcePosition(FILE, 24, 7);
  private static final KeyPositions POSITIONS =
      new KeyPositions(SECTION, Map.of("mechanisms", MECHANISMS, "authorize", AUTHORIZE));

  private final SpfModule module = new SpfModule();

  private static SpfPolicy spf(
      List<String> mechanisms, SpfAll all, List<String> authorize, List<String> deny) {
    return new SpfPolicy(mechanisms, all, null, false, authorize, deny, POSITIONS);
  }

  private static DomainContext context(
      TestDnsServer dns,
      String domain,
      SpfPolicy spf,
      List<String> senders,
      Map<String, Sender> known) {
    DomainPolicy d =
        new DomainPolicy(
            domain,
            SECTION,
            Profile.STANDARD,
            senders,
            null,
            spf,
            Map.of(),
            null,
            null,
            null,
            null);
    Policy policy = new Policy(Path.of(FILE), 1, Map.of(domain, d), known, Map.of());
    return new DomainContext(
        policy,
        d,
        dns == null ? null : dns.client(Duration.ofMillis(300)),
        RunOptions.defaults(),
        Clock.systemUTC());
  }

  private List<Finding> verify(DomainContext ctx) throws Exception {
    return module.verify(ctx).get(20, TimeUnit.SECONDS);
  }

  private static String ids(List<Finding> findings) {
    return findings.stream().map(Finding::checkId).sorted().collect(Collectors.joining(" "));
  }

  private static Finding only(List<Finding> findings, SpfCheck check) {
    List<Finding> of = findings.stream().filter(f -> f.checkId().equals(check.id())).toList();
    assertEquals(1, of.size(), () -> check.id() + " in " + findings);
    return of.get(0);
  }

  @Test
  void lookupsAreCountedThroughNestedIncludesWithTheChain(TestDnsServer dns) throws Exception {
    dns.zone(
        "example.com",
        """
        @ TXT "v=spf1 a mx include:_spf.big.example -all"
        @ A 192.0.2.1
        @ MX 10 mail
        mail A 192.0.2.2
        _spf.big.example. TXT "v=spf1 include:a.big.example include:b.big.example ~all"
        a.big.example. TXT "v=spf1 a:x.big.example a:y.big.example a:z.big.example ?all"
        b.big.example. TXT "v=spf1 exists:%{i}.list.big.example redirect=a.big.example"
        x.big.example. A 192.0.2.3
        y.big.example. A 192.0.2.4
        z.big.example. A 192.0.2.5
        """);
    List<Finding> out = verify(context(dns, "example.com", null, List.of(), Map.of()));
    Finding f = only(out, SpfCheck.LOOKUP_LIMIT);
    // a, mx, include(1) + _spf(2 includes) + a.big(3) + b.big(exists, redirect 2 + a.big 3) = 13
    assertTrue(f.message().contains("needs 13 DNS lookups"), f.message());
    assertTrue(
        f.message()
            .contains(
                "a 1, mx 1, include:_spf.big.example 11 (include:a.big.example 4 (a:x.big.example"
                    + " 1, a:y.big.example 1, a:z.big.example 1), include:b.big.example 6"
                    + " (exists:%{i}.list.big.example 1, redirect=a.big.example 4"),
        f.message());
    assertEquals(Kind.INVALID, f.kind());
    // the big include uses exists below it: networks cannot replace it, and a and mx save too few
    assertEquals(
        "to get from 13 to at most 10 lookups: set flatten: true under spf: of example.com in the"
            + " policy, so that generate writes the includes as ip4/ip6 networks and verify reports"
            + " when the providers change them (include:_spf.big.example would stay as written:"
            + " exists, ptr or macros); or remove 3 lookups' worth of terms that are no longer"
            + " used, of: include:_spf.big.example (11 lookups), a (1 lookup), mx (1 lookup)",
        f.remediation());
  }

  @Test
  void lookupLimitNamesTheIncludesWhoseNetworksGetItUnderTen(TestDnsServer dns) throws Exception {
    StringBuilder zone =
        new StringBuilder(
            "@ TXT \"v=spf1 mx include:_spf.small.example include:_spf.big.example"
                + " include:_spf.mid.example -all\"\n@ MX 10 mail\nmail A 192.0.2.2\n");
    zone.append("_spf.small.example. TXT \"v=spf1 ip4:198.51.100.0/24 -all\"\n");
    zone.append("_spf.mid.example. TXT \"v=spf1 a:m1.mid.example a:m2.mid.example ~all\"\n");
    zone.append("m1.mid.example. A 203.0.113.1\nm2.mid.example. A 203.0.113.2\n");
    zone.append("_spf.big.example. TXT \"v=spf1");
    for (int i = 1; i <= 6; i++) {
      zone.append(" include:s").append(i).append(".big.example");
    }
    zone.append(" -all\"\n");
    for (int i = 1; i <= 6; i++) {
      zone.append('s')
          .append(i)
          .append(".big.example. TXT \"v=spf1 ip4:203.0.113.")
          .append(16 * i)
          .append("/28 -all\"\n");
    }
    dns.zone("example.com", zone.toString());
    SpfPolicy declared =
        new SpfPolicy(
            List.of(
                "mx",
                "include:_spf.small.example",
                "include:_spf.big.example",
                "include:_spf.mid.example"),
            SpfAll.FAIL,
            null,
            false,
            List.of(),
            List.of(),
            POSITIONS);
    Finding f =
        only(
            verify(context(dns, "example.com", declared, List.of(), Map.of())),
            SpfCheck.LOOKUP_LIMIT);
    // mx 1 + small 1 + big 7 + mid 3 = 12: replacing the big include alone saves 7
    assertEquals(
        "to get from 12 to at most 10 lookups: set flatten: true under spf: of example.com in the"
            + " policy, so that generate writes the includes as ip4/ip6 networks and verify reports"
            + " when the providers change them; or replace include:_spf.big.example (7 lookups) by"
            + " the ip4/ip6 networks it stands for, or remove it if it is no longer used",
        f.remediation());
  }

  /**
   * Eight levels of six records, each including all six of the next level: 48 records, but the
   * worst-case tree has 1.7 million nodes. The walk stops after a bounded number of records and
   * reports the count as a lower bound.
   */
  @Test
  void aRecordThatFansOutExponentiallyIsWalkedWithinBounds(TestDnsServer dns) throws Exception {
    int width = 6;
    int depth = 8;
    StringBuilder zone = new StringBuilder();
    for (int level = 0; level < depth; level++) {
      StringBuilder terms = new StringBuilder("v=spf1");
      for (int k = 0; k < width; k++) {
        terms.append(" include:l").append(level + 1).append('-').append(k).append(".example.com");
      }
      String line = " TXT \"" + terms + " -all\"\n";
      if (level == 0) {
        zone.append('@').append(line);
      }
      for (int k = 0; level > 0 && k < width; k++) {
        zone.append('l').append(level).append('-').append(k).append(line);
      }
    }
    for (int k = 0; k < width; k++) {
      zone.append('l').append(depth).append('-').append(k).append(" TXT \"v=spf1 -all\"\n");
    }
    dns.zone("example.com", zone.toString());
    Finding f =
        only(verify(context(dns, "example.com", null, List.of(), Map.of())), SpfCheck.LOOKUP_LIMIT);
    assertTrue(f.message().contains("needs at least "), f.message());
    assertTrue(f.message().contains("[truncated]"), f.message());
    assertTrue(f.message().length() < 100_000, "message of " + f.message().length() + " chars");
    assertTrue(dns.queries() < 200, dns.queries() + " queries");
  }

  /** A record of hundreds of a: terms (over TCP) does not turn into hundreds of void probes. */
  @Test
  void aRecordOfManyTermsIsProbedForVoidsWithinBounds(TestDnsServer dns) throws Exception {
    StringBuilder record = new StringBuilder("v=spf1");
    for (int i = 0; i < 400; i++) {
      record.append(" a:h").append(i).append(".example.com");
    }
    dns.zone("example.com", "@ TXT " + ProviderChains.quoted(record + " -all") + "\n");
    List<Finding> out = verify(context(dns, "example.com", null, List.of(), Map.of()));
    assertTrue(ids(out).contains("SPF-LOOKUP-LIMIT"), ids(out));
    assertTrue(ids(out).contains("SPF-VOID-LOOKUPS"), ids(out));
    assertTrue(dns.queries() <= 2 * SpfAnalysis.MAX_VOID_PROBES + 5, dns.queries() + " queries");
  }

  @Test
  void voidLookupsLoopsAndDeadIncludes(TestDnsServer dns) throws Exception {
    dns.zone(
        "example.com",
        """
        @ TXT "v=spf1 a:gone1.example.com mx:gone2.example.com include:dead.example.net include:loop1.example.com -all"
        loop1 TXT "v=spf1 include:loop2.example.com -all"
        loop2 TXT "v=spf1 include:loop1.example.com -all"
        """);
    List<Finding> out = verify(context(dns, "example.com", null, List.of(), Map.of()));
    Finding voids = only(out, SpfCheck.VOID_LOOKUPS);
    assertTrue(
        voids.message().endsWith("gone1.example.com, gone2.example.com, include:dead.example.net"),
        voids.message());
    Finding loop = only(out, SpfCheck.LOOP);
    assertEquals(
        "example.com -> loop1.example.com -> loop2.example.com -> loop1.example.com",
        loop.actual());
    Finding dead = only(out, SpfCheck.INCLUDE_UNRESOLVED);
    assertEquals("dead.example.net TXT", dead.subject());
    String without =
        "v=spf1 a:gone1.example.com mx:gone2.example.com include:loop1.example.com -all";
    assertEquals(without, dead.expected());
    assertEquals(
        "remove include:dead.example.net: publish example.com TXT \"" + without + "\"",
        dead.remediation());
    assertTrue(dead.message().startsWith("include:dead.example.net in example.com has no usable"));
  }

  @Test
  void deadIncludeBroughtByASenderNamesTheSenderAndTheRecordToPublish(TestDnsServer dns)
      throws Exception {
    dns.zone(
        "example.com",
        """
        @ TXT "v=spf1 ip4:192.0.2.0/24 include:gone.sender.example include:_spf.vendor.example -all"
        _spf.vendor.example. TXT "v=spf1 include:dead.vendor.example -all"
        """);
    SourcePosition senderAt = new SourcePosition(FILE, 5, 3);
    Map<String, Sender> senders =
        Map.of(
            "mailer",
            new Sender("mailer", List.of("include:gone.sender.example"), List.of(), senderAt));
    SpfPolicy declared =
        spf(
            List.of("ip4:192.0.2.0/24", "include:_spf.vendor.example"),
            SpfAll.FAIL,
            List.of(),
            List.of());
    List<Finding> dead =
        verify(context(dns, "example.com", declared, List.of("mailer"), senders)).stream()
            .filter(f -> f.checkId().equals(SpfCheck.INCLUDE_UNRESOLVED.id()))
            .toList();
    assertEquals(2, dead.size(), dead::toString);
    Finding gone =
        dead.stream().filter(f -> f.subject().equals("gone.sender.example TXT")).findFirst().get();
    assertEquals(senderAt, gone.location());
    assertEquals(
        "remove include:gone.sender.example: publish example.com TXT"
            + " \"v=spf1 ip4:192.0.2.0/24 include:_spf.vendor.example -all\"; and remove"
            + " include:gone.sender.example from sender mailer in the policy (or drop mailer from"
            + " the senders of example.com)",
        gone.remediation());
    Finding nested =
        dead.stream().filter(f -> f.subject().equals("dead.vendor.example TXT")).findFirst().get();
    assertEquals(MECHANISMS, nested.location());
    assertTrue(
        nested
            .message()
            .startsWith(
                "include:dead.vendor.example in the record at _spf.vendor.example (via"
                    + " include:_spf.vendor.example) has no usable"),
        nested.message());
    assertTrue(
        nested
            .remediation()
            .startsWith(
                "fix the record at _spf.vendor.example (its include:dead.vendor.example has no"
                    + " usable SPF record), or remove include:_spf.vendor.example: publish"
                    + " example.com TXT \"v=spf1 ip4:192.0.2.0/24 include:gone.sender.example"
                    + " -all\"; and remove include:_spf.vendor.example from spf: mechanisms"),
        nested.remediation());
  }

  @Test
  void weakRecordsAndTheObsoleteType(TestDnsServer dns) throws Exception {
    dns.zone(
        "example.com",
        """
        @ TXT "v=spf1 ptr +all"
        @ TYPE99 \\# 12 0b763d73706631202b616c6c
        soft TXT "v=spf1 ip4:192.0.2.1 ?all"
        none TXT "v=spf1 ip4:192.0.2.1"
        """);
    assertEquals(
        "SPF-OBSOLETE-RR SPF-PASS-ALL SPF-PTR",
        ids(verify(context(dns, "example.com", null, List.of(), Map.of()))));
    assertEquals(
        "SPF-NEUTRAL-ALL",
        ids(verify(context(dns, "soft.example.com", null, List.of(), Map.of()))));
    assertEquals(
        "SPF-NO-ALL", ids(verify(context(dns, "none.example.com", null, List.of(), Map.of()))));
    // the fix is the whole record to publish, with only the all term changed
    assertEquals(
        "publish example.com TXT \"v=spf1 ptr -all\" (or ~all while rolling out)",
        only(verify(context(dns, "example.com", null, List.of(), Map.of())), SpfCheck.PASS_ALL)
            .remediation());
    assertEquals(
        "publish soft.example.com TXT \"v=spf1 ip4:192.0.2.1 -all\" (or ~all while rolling out)",
        only(
                verify(context(dns, "soft.example.com", null, List.of(), Map.of())),
                SpfCheck.NEUTRAL_ALL)
            .remediation());
    assertEquals(
        "publish none.example.com TXT \"v=spf1 ip4:192.0.2.1 -all\"",
        only(verify(context(dns, "none.example.com", null, List.of(), Map.of())), SpfCheck.NO_ALL)
            .remediation());
  }

  @Test
  void severalRecordsSyntaxAndSize(TestDnsServer dns) throws Exception {
    StringBuilder big = new StringBuilder("v=spf1");
    for (int i = 0; i < 30; i++) {
      big.append(" ip4:198.51.100.").append(i);
    }
    String bigRecord = big + " -all";
    StringBuilder strings = new StringBuilder();
    for (int i = 0; i < bigRecord.length(); i += 200) {
      strings
          .append(i == 0 ? "" : "\" \"")
          .append(bigRecord, i, Math.min(i + 200, bigRecord.length()));
    }
    dns.zone(
        "example.com",
        "two TXT \"v=spf1 -all\"\ntwo TXT \"v=spf1 ~all\"\n"
            + "bad TXT \"v=spf1 ipv4:192.0.2.1 -all\"\n"
            + "big TXT \""
            + strings
            + "\"\n");
    assertEquals(
        "SPF-MULTIPLE", ids(verify(context(dns, "two.example.com", null, List.of(), Map.of()))));
    assertEquals(
        "merge the 2 records into one and delete the others: two.example.com TXT \"v=spf1 -all\","
            + " two.example.com TXT \"v=spf1 ~all\"",
        only(verify(context(dns, "two.example.com", null, List.of(), Map.of())), SpfCheck.MULTIPLE)
            .remediation());
    // declared: the record to keep is the declared one, every other one is named for deletion
    Finding two =
        only(
            verify(
                context(
                    dns,
                    "two.example.com",
                    spf(List.of(), SpfAll.FAIL, List.of(), List.of()),
                    List.of(),
                    Map.of())),
            SpfCheck.MULTIPLE);
    assertEquals(
        "delete two.example.com TXT \"v=spf1 ~all\"; keep two.example.com TXT \"v=spf1 -all\"",
        two.remediation());
    assertEquals(SECTION, two.location());
    Finding syntax =
        only(verify(context(dns, "bad.example.com", null, List.of(), Map.of())), SpfCheck.SYNTAX);
    assertTrue(
        syntax.message().contains("at offset 7: unknown mechanism 'ipv4'"), syntax.message());
    assertEquals("v=spf1 ipv4:192.0.2.1 -all\n       ^", syntax.actual());
    Finding size =
        only(verify(context(dns, "big.example.com", null, List.of(), Map.of())), SpfCheck.SIZE);
    assertTrue(size.message().contains(bigRecord.length() + " bytes"), size.message());
  }

  @Test
  void driftNamesMissingAndExtraTermsAndTheAllQualifier(TestDnsServer dns) throws Exception {
    dns.zone(
        "example.com",
        """
        @ TXT "v=spf1 include:_spf.vendor.example ip4:198.51.100.0/24 ~all"
        same TXT "v=spf1 include:mail.sender.example include:_spf.vendor.example ip4:192.0.2.0/24 -all"
        _spf.vendor.example. TXT "v=spf1 ip4:203.0.113.0/24 -all"
        mail.sender.example. TXT "v=spf1 ip4:203.0.113.128/25 -all"
        """);
    Map<String, Sender> senders =
        Map.of(
            "mailer",
            new Sender("mailer", List.of("include:mail.sender.example"), List.of(), SECTION));
    SpfPolicy declared =
        spf(
            List.of("ip4:192.0.2.0/24", "include:_spf.vendor.example"),
            SpfAll.FAIL,
            List.of(),
            List.of());
    Finding drift =
        only(
            verify(context(dns, "example.com", declared, List.of("mailer"), senders)),
            SpfCheck.DRIFT);
    assertEquals(
        "SPF record of example.com: missing ip4:192.0.2.0/24, include:mail.sender.example;"
            + " extra ip4:198.51.100.0/24; all is ~all, declared -all",
        drift.message());
    assertEquals(
        "v=spf1 ip4:192.0.2.0/24 include:_spf.vendor.example include:mail.sender.example -all",
        drift.expected());
    assertEquals(MECHANISMS, drift.location());
    // The same terms in another order are not drift: all of them are +.
    assertEquals(
        "", ids(verify(context(dns, "same.example.com", declared, List.of("mailer"), senders))));
  }

  /** The docs promise "a term listed twice is written once", whatever its spelling. */
  @Test
  void aTermDeclaredTwiceInAnotherSpellingIsNotDrift(TestDnsServer dns) throws Exception {
    dns.zone(
        "example.com", "@ TXT \"v=spf1 ip4:192.0.2.0/24 mx include:mail.sender.example -all\"");
    Map<String, Sender> senders =
        Map.of(
            "mailer",
            new Sender(
                "mailer",
                List.of("include:mail.sender.example", "ip4:192.0.2.0/24", "mx"),
                List.of(),
                SECTION));
    SpfPolicy declared = spf(List.of("IP4:192.0.2.0/24", "+mx"), SpfAll.FAIL, List.of(), List.of());
    DomainContext ctx = context(dns, "example.com", declared, List.of("mailer"), senders);
    assertEquals(
        "v=spf1 IP4:192.0.2.0/24 +mx include:mail.sender.example -all",
        SpfModule.declaredRecord(ctx.policy(), ctx.domain()));
    assertEquals(
        "", ids(verify(ctx).stream().filter(f -> f.checkId().equals("SPF-DRIFT")).toList()));
  }

  @Test
  void authorizeAndDenyCarryTheResultAndPath(TestDnsServer dns) throws Exception {
    dns.zone(
        "example.com",
        """
        @ TXT "v=spf1 include:_spf.vendor.example ~all"
        _spf.vendor.example. TXT "v=spf1 ip4:203.0.113.0/24 -all"
        """);
    SpfPolicy declared =
        spf(
            List.of("include:_spf.vendor.example"),
            SpfAll.SOFTFAIL,
            List.of("203.0.113.9", "192.0.2.10"),
            List.of("203.0.113.66", "198.51.100.1"));
    List<Finding> out = verify(context(dns, "example.com", declared, List.of(), Map.of()));
    Finding authorize = only(out, SpfCheck.AUTHORIZE);
    assertEquals("softfail via example.com ~all", authorize.actual());
    assertTrue(
        authorize.message().startsWith("check_host(192.0.2.10, example.com) gives softfail"));
    assertEquals(AUTHORIZE, authorize.location());
    Finding deny = only(out, SpfCheck.DENY);
    assertEquals(
        "pass via example.com include:_spf.vendor.example -> _spf.vendor.example"
            + " ip4:203.0.113.0/24",
        deny.actual());
    assertTrue(deny.message().contains("203.0.113.66"), deny.message());
  }

  @Test
  void dnsFailureIsUnverifiableNeverMissing(TestDnsServer dns) throws Exception {
    dns.zone("example.com", "@ A 192.0.2.1");
    dns.fault("example.com", Type.TXT, Fault.SERVFAIL);
    SpfPolicy declared = spf(List.of("a"), SpfAll.FAIL, List.of(), List.of());
    List<Finding> out = verify(context(dns, "example.com", declared, List.of(), Map.of()));
    assertEquals("SPF-UNVERIFIABLE", ids(out));
    assertEquals(Kind.UNVERIFIABLE, out.get(0).kind());
    dns.clearFaults();
    Finding missing =
        only(verify(context(dns, "example.com", declared, List.of(), Map.of())), SpfCheck.MISSING);
    assertEquals("publish example.com TXT \"v=spf1 a -all\"", missing.remediation());
  }

  @Test
  void aRecordLongerThan255BytesIsShownAsTheStringsToPublish(TestDnsServer dns) throws Exception {
    dns.zone("example.com", "@ A 192.0.2.1");
    List<String> nets = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      nets.add("ip4:198.51.100." + i);
    }
    SpfPolicy declared = spf(nets, SpfAll.FAIL, List.of(), List.of());
    Finding missing =
        only(verify(context(dns, "example.com", declared, List.of(), Map.of())), SpfCheck.MISSING);
    String record = missing.expected();
    assertTrue(record.length() > 255, record);
    assertEquals(
        "publish example.com TXT \""
            + record.substring(0, 255)
            + "\" \""
            + record.substring(255)
            + "\" (2 strings of at most 255 bytes, published as one TXT record)",
        missing.remediation());
  }

  @Test
  void lintChecksTheDeclaredRecordAndGenerateWritesIt() throws Exception {
    SpfPolicy weak =
        spf(List.of("ptr:example.com", "ip4:192.0.2.0/24"), SpfAll.PASS, List.of(), List.of());
    assertEquals(
        "SPF-PASS-ALL SPF-PTR",
        ids(module.lint(context(null, "example.com", weak, List.of(), Map.of()))));
    SpfPolicy bad = spf(List.of("ip4:192.0.2.300"), SpfAll.FAIL, List.of(), List.of());
    Finding syntax =
        only(module.lint(context(null, "example.com", bad, List.of(), Map.of())), SpfCheck.SYNTAX);
    assertTrue(syntax.message().contains("at offset 19"), syntax.message());
    assertEquals(MECHANISMS, syntax.location());
    List<String> includes = new java.util.ArrayList<>();
    for (int i = 0; i < 11; i++) {
      includes.add("include:s" + i + ".example.net");
    }
    SpfPolicy heavy = spf(includes, SpfAll.FAIL, List.of(), List.of());
    Finding limit =
        only(
            module.lint(context(null, "example.com", heavy, List.of(), Map.of())),
            SpfCheck.LOOKUP_LIMIT);
    assertTrue(
        limit
            .remediation()
            .startsWith(
                "to get to at most 10 lookups: set flatten: true under spf: of example.com,"),
        limit.remediation());
    assertTrue(
        limit
            .remediation()
            .contains("replace 1 or more of include:s0.example.net, include:s1.example.net,"),
        limit.remediation());

    Map<String, Sender> senders =
        Map.of(
            "mailer",
            new Sender(
                "mailer",
                List.of("include:mail.sender.example", "ip4:192.0.2.0/24"),
                List.of(),
                SECTION));
    SpfPolicy declared =
        spf(List.of("IP4:192.0.2.0/24", "+mx"), SpfAll.SOFTFAIL, List.of(), List.of());
    List<GeneratedRecord> records =
        module
            .generate(context(null, "example.com", declared, List.of("mailer"), senders))
            .get()
            .records();
    assertEquals(1, records.size());
    assertEquals("example.com", records.get(0).name());
    assertEquals("TXT", records.get(0).type());
    assertEquals(
        "v=spf1 ip4:192.0.2.0/24 mx include:mail.sender.example ~all", records.get(0).value());
  }
}
