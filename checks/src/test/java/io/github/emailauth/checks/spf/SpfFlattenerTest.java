package io.github.emailauth.checks.spf;

import static io.github.emailauth.checks.spf.FlattenFixture.assertSameResults;
import static io.github.emailauth.checks.spf.FlattenFixture.assertWithinLimits;
import static io.github.emailauth.checks.spf.FlattenFixture.chain;
import static io.github.emailauth.checks.spf.FlattenFixture.flatten;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.testing.Fault;
import io.github.emailauth.checks.testing.TestDnsServer;
import io.github.emailauth.checks.testing.TestDnsServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xbill.DNS.Type;

/** Flattening over the loopback DNS server: what is merged, what is kept, how it is split. */
@ExtendWith(TestDnsServerExtension.class)
class SpfFlattenerTest {
  private static final String VENDOR =
      """
      _spf.vendor.net. TXT "v=spf1 ip4:192.0.2.128/25 include:_b.vendor.net ~all"
      _b.vendor.net. TXT "v=spf1 ip4:192.0.2.0/25 ip6:2001:db8::/33 ip6:2001:db8:8000::/33 -all"
      """;

  private static DnsClient client(TestDnsServer dns) {
    return dns.client(Duration.ofMillis(500));
  }

  @Test
  void nestedIncludesBecomeMergedSortedNetworks(TestDnsServer dns) throws Exception {
    dns.add(VENDOR);
    FlattenedChain c =
        chain(client(dns), "example.com", "v=spf1 ip4:198.51.100.7 include:_spf.vendor.net -all");
    // the two /25 halves are one /24, the two /33 halves one /32; IPv4 first, in address order
    assertEquals(
        List.of(
            new FlattenedChain.Record(
                "example.com", "v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.7 ip6:2001:db8::/32 -all")),
        c.records());
    assertEquals(
        List.of("ip4:198.51.100.7", "include:_spf.vendor.net"),
        c.sources().stream().map(FlattenedChain.Source::term).toList());
    assertEquals(0, c.lookups());
    assertTrue(c.kept().isEmpty());
  }

  @Test
  void aAndMxBecomeTheirAddressesWithTheirPrefixes(TestDnsServer dns) throws Exception {
    dns.zone(
        "example.com",
        """
        @ MX 10 mx1
        @ MX 20 mx2.example.net.
        mx1 A 192.0.2.10
        mx1 AAAA 2001:db8::10
        mx2.example.net. A 198.51.100.20
        relay A 203.0.113.5
        relay A 203.0.113.6
        """);
    FlattenedChain c =
        chain(client(dns), "example.com", "v=spf1 mx//64 a:relay.example.com/31 -all");
    // mx: the hosts' A as /32 and AAAA as /64; a: .5/31 is .4-.5 and .6/31 is .6-.7, which
    // together are the aligned /30
    assertEquals(
        "v=spf1 ip4:192.0.2.10 ip4:198.51.100.20 ip4:203.0.113.4/30 ip6:2001:db8::/64 -all",
        c.apex().text());
  }

  @Test
  void anEarlierTermDecidesFirst(TestDnsServer dns) throws Exception {
    dns.add("_spf.vendor.net. TXT \"v=spf1 ip4:203.0.113.0/24 -all\"");
    // the fail for the upper half comes before the include: the flattened record must not pass it
    assertEquals(
        "v=spf1 ip4:203.0.113.0/25 -all",
        chain(
                client(dns),
                "example.com",
                "v=spf1 -ip4:203.0.113.128/25 include:_spf.vendor.net -all")
            .apex()
            .text());
    // a softfail there differs from the final fail, so it is listed, before the passing networks
    assertEquals(
        "v=spf1 ~ip4:203.0.113.128/25 ip4:203.0.113.0/25 -all",
        chain(
                client(dns),
                "example.com",
                "v=spf1 ~ip4:203.0.113.128/25 include:_spf.vendor.net -all")
            .apex()
            .text());
  }

  @Test
  void anIncludeCountsOnlyWhatItsRecordPasses(TestDnsServer dns) throws Exception {
    dns.add(
        "_spf.vendor.net. TXT \"v=spf1 -ip4:192.0.2.0/24 ?ip4:198.51.100.0/24 ip4:192.0.2.0/23"
            + " -all\"");
    assertEquals(
        "v=spf1 ip4:192.0.3.0/24 ~all",
        chain(client(dns), "example.com", "v=spf1 include:_spf.vendor.net ~all").apex().text());
  }

  @Test
  void redirectBringsTheTargetsResultsAndAll(TestDnsServer dns) throws Exception {
    dns.add("_spf.vendor.net. TXT \"v=spf1 ip4:203.0.113.0/24 ~all\"");
    assertEquals(
        "v=spf1 ip4:192.0.2.1 ip4:203.0.113.0/24 ~all",
        chain(client(dns), "example.com", "v=spf1 ip4:192.0.2.1 redirect=_spf.vendor.net")
            .apex()
            .text());
    // a redirect next to all is ignored (§6.1), its target is not even needed
    assertEquals(
        "v=spf1 ip4:192.0.2.1 -all",
        chain(client(dns), "example.com", "v=spf1 ip4:192.0.2.1 -all redirect=nowhere.example")
            .apex()
            .text());
  }

  @Test
  void whatDependsOnTheMessageIsKeptInPlaceWithTheReason(TestDnsServer dns) throws Exception {
    dns.add(VENDOR);
    dns.add(
        """
        _spf.dyn.net. TXT "v=spf1 ip4:198.51.100.0/24 exists:%{i}._ip.dyn.net -all"
        _spf.per-sender.net. TXT "v=spf1 include:%{l}._u.per-sender.net"
        old.example.net. TXT "v=spf1 ptr:example.net -all"
        """);
    FlattenedChain c =
        chain(
            client(dns),
            "example.com",
            "v=spf1 include:_spf.vendor.net include:_spf.dyn.net include:_spf.per-sender.net"
                + " include:old.example.net exists:%{ir}.allow.example.com -all");
    assertEquals(
        "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 include:_spf.dyn.net include:_spf.per-sender.net"
            + " include:old.example.net exists:%{ir}.allow.example.com -all",
        c.apex().text());
    List<FlattenedChain.Kept> kept = c.kept();
    assertEquals(4, kept.size());
    assertTrue(kept.get(0).reason().contains("exists:%{i}._ip.dyn.net"), kept.get(0).reason());
    assertTrue(kept.get(0).reason().contains("connecting address"), kept.get(0).reason());
    assertTrue(kept.get(1).reason().contains("the sender (%{l})"), kept.get(1).reason());
    assertTrue(kept.get(2).reason().contains("ptr"), kept.get(2).reason());
    assertTrue(kept.get(3).reason().startsWith("exists"), kept.get(3).reason());
    // 4 kept terms, 1 lookup each; the included records add their exists, include and ptr
    assertEquals(7, c.lookups());
  }

  @Test
  void includesThatEndInPermerrorAreKept(TestDnsServer dns) throws Exception {
    dns.add(
        """
        loop-a.example.net. TXT "v=spf1 include:loop-b.example.net -all"
        loop-b.example.net. TXT "v=spf1 ip4:192.0.2.1 include:loop-a.example.net -all"
        two.example.net. TXT "v=spf1 ip4:192.0.2.2 -all"
        two.example.net. TXT "v=spf1 ip4:192.0.2.3 -all"
        bad.example.net. TXT "v=spf1 ip4:192.0.2.300 -all"
        nospf.example.net. TXT "hello"
        """);
    FlattenedChain c =
        chain(
            client(dns),
            "example.com",
            "v=spf1 include:loop-a.example.net include:two.example.net include:bad.example.net"
                + " include:nospf.example.net include:gone.example.net -all");
    List<String> reasons = c.kept().stream().map(FlattenedChain.Kept::reason).toList();
    assertEquals(5, reasons.size(), reasons.toString());
    assertTrue(reasons.get(0).contains("loop"), reasons.get(0));
    assertTrue(reasons.get(1).contains("2 SPF records"), reasons.get(1));
    assertTrue(reasons.get(2).contains("syntax error"), reasons.get(2));
    assertTrue(reasons.get(3).contains("no v=spf1 record"), reasons.get(3));
    assertTrue(reasons.get(4).contains("NXDOMAIN"), reasons.get(4));
    reasons.forEach(r -> assertTrue(r.endsWith("permerror"), r));
  }

  @Test
  void aDnsFailureStopsTheFlattening(TestDnsServer dns) throws Exception {
    dns.add(VENDOR);
    dns.fault("_b.vendor.net", Type.TXT, Fault.SERVFAIL);
    Flattening f = flatten(client(dns), "example.com", "v=spf1 include:_spf.vendor.net -all");
    Flattening.Unresolved u = assertInstanceOf(Flattening.Unresolved.class, f);
    assertEquals("_b.vendor.net TXT", u.subject());
    assertTrue(u.reason().contains("SERVFAIL"), u.reason());
  }

  @Test
  void manyNetworksAreSplitAcrossIncludedSubRecords(TestDnsServer dns) throws Exception {
    StringBuilder own = new StringBuilder("v=spf1");
    List<String> vendor = new ArrayList<>();
    // 150 addresses two apart, so that none merge
    for (int i = 0; i < 150; i++) {
      String ip = "10." + (i / 100) + "." + (i % 100) + ".1";
      if (i % 2 == 0) {
        own.append(" ip4:").append(ip);
      } else {
        vendor.add("ip4:" + ip);
      }
    }
    dns.add("_spf.vendor.net. TXT " + quoted("v=spf1 " + String.join(" ", vendor) + " -all"));
    own.append(" include:_spf.vendor.net ip6:2001:db8::/48 -all");
    FlattenedChain c = chain(client(dns), "example.com", own.toString());
    assertWithinLimits(c);
    assertTrue(c.records().size() > 2, c.records().toString());
    assertEquals(c.records().size() - 1, c.lookups());
    for (int k = 1; k < c.records().size(); k++) {
      assertEquals("_spf" + k + ".example.com", c.records().get(k).name());
      assertTrue(c.apex().text().contains(" include:_spf" + k + ".example.com"));
      // a sub-record ends without all: it is neutral, so the include just does not match
      assertTrue(!c.records().get(k).text().contains("all"), c.records().get(k).text());
    }
    assertTrue(c.apex().text().endsWith(" -all"));
    // the same set as the source, network for network
    assertEquals(150 + 1, c.authorized().networks().size());

    try (TestDnsServer published = TestDnsServer.start()) {
      published.add(
          "_spf.vendor.net. TXT " + quoted("v=spf1 " + String.join(" ", vendor) + " -all"));
      FlattenFixture.publish(published, c);
      dns.add("example.com. TXT " + quoted(own.toString()));
      int passes =
          assertSameResults(
              client(dns),
              client(published),
              "example.com",
              "postmaster@example.com",
              FlattenFixture.samples(FlattenFixture.networks(c), new Random(7), 50));
      // at least one sample inside each of the 151 authorised networks passes
      assertTrue(passes >= 151, "passes " + passes);
    }
  }

  @Test
  void tooManyNetworksForTenIncludesIsImpossible(TestDnsServer dns) throws Exception {
    StringBuilder vendor = new StringBuilder("v=spf1");
    for (int i = 0; i < 400; i++) {
      vendor.append(" ip4:10.").append(i / 200).append('.').append(i % 200).append(".1");
    }
    vendor.append(" -all");
    dns.add("_spf.vendor.net. TXT " + quoted(vendor.toString()));
    Flattening f = flatten(client(dns), "example.com", "v=spf1 include:_spf.vendor.net -all");
    Flattening.Impossible no = assertInstanceOf(Flattening.Impossible.class, f);
    assertTrue(no.reason().startsWith("400 networks do not fit"), no.reason());
  }

  /** A provider record of thousands of a: terms must not turn into thousands of queries. */
  @Test
  void aRecordNeedingTooManyQueriesIsImpossible(TestDnsServer dns) throws Exception {
    StringBuilder vendor = new StringBuilder("v=spf1");
    for (int i = 0; i < 1500; i++) {
      vendor.append(" a:h").append(i).append(".vendor.net");
    }
    vendor.append(" -all");
    dns.add("_spf.vendor.net. TXT " + quoted(vendor.toString()));
    Flattening f = flatten(client(dns), "example.com", "v=spf1 include:_spf.vendor.net -all");
    Flattening.Impossible no = assertInstanceOf(Flattening.Impossible.class, f);
    assertTrue(no.reason().contains("more than " + SpfFlattener.MAX_QUERIES + " DNS"), no.reason());
    assertTrue(dns.queries() <= SpfFlattener.MAX_QUERIES + 1, dns.queries() + " queries");
  }

  @Test
  void theSameMeaningGivesTheSameBytes(TestDnsServer dns) throws Exception {
    dns.add(
        """
        _spf.one.net. TXT "v=spf1 ip4:192.0.2.0/25 ip6:2001:db8::/32 ip4:192.0.2.128/25 ~all"
        _spf.two.net. TXT "v=spf1 include:_x.two.net ip4:198.51.100.0/24 -all"
        _x.two.net. TXT "v=spf1 ip6:2001:db8:0:1::/64 ip4:192.0.2.0/24"
        """);
    // the second declaration lists the same addresses another way
    String a =
        chain(client(dns), "example.com", "v=spf1 include:_spf.one.net ip4:198.51.100.0/24 -all")
            .apex()
            .text();
    String b =
        chain(client(dns), "example.com", "v=spf1 include:_spf.two.net ip6:2001:db8::/32 -all")
            .apex()
            .text();
    assertEquals(a, b);
    assertEquals(
        a,
        chain(client(dns), "example.com", "v=spf1 include:_spf.one.net ip4:198.51.100.0/24 -all")
            .apex()
            .text());
  }

  @Test
  void sharedIncludesAreFetchedOnce(TestDnsServer dns) throws Exception {
    dns.add(
        """
        _spf.a.net. TXT "v=spf1 include:_common.net ip4:192.0.2.1 -all"
        _spf.b.net. TXT "v=spf1 include:_common.net ip4:192.0.2.2 -all"
        _common.net. TXT "v=spf1 ip4:198.51.100.0/24"
        """);
    chain(client(dns), "example.com", "v=spf1 include:_spf.a.net include:_spf.b.net -all");
    assertEquals(1, dns.queries("_common.net", Type.TXT));
  }

  private static String quoted(String text) {
    // one master-file string holds at most 255 octets
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i += 255) {
      out.append(" \"").append(text, i, Math.min(text.length(), i + 255)).append('"');
    }
    return out.toString().trim();
  }
}
