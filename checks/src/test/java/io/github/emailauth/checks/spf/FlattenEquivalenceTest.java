package io.github.emailauth.checks.spf;

import static io.github.emailauth.checks.spf.FlattenFixture.assertSameResults;
import static io.github.emailauth.checks.spf.FlattenFixture.assertWithinLimits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.dns.DnsAnswer;
import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.testing.TestDnsServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Type;

/**
 * The proof that flattening keeps the meaning: the unflattened record (evaluated without the lookup
 * limits that flattening lifts) and the flattened chain (published on a second loopback server)
 * give every sampled address the same check_host() result. Samples: the first and last address of
 * every network on either side, the addresses just outside each, one inside at random, and random
 * addresses of both families.
 */
class FlattenEquivalenceTest {
  private static final Duration TIMEOUT = Duration.ofMillis(400);
  private static final Duration GENERATED_TIMEOUT = Duration.ofSeconds(2);

  // ---- the RFC 7208 suite's data ---------------------------------------------------------------

  /**
   * Every domain of the open-spf RFC 7208 suite that has one parseable SPF record is flattened with
   * its scenario's data; where that succeeds (records with DNS failures on the way cannot be
   * flattened, and say so), the chain replaces the record and every case of the scenario, plus the
   * samples, must give the same result before and after.
   */
  @Test
  void rfc7208SuiteDataKeepsItsMeaning() throws Exception {
    Map<SpfSuite.Scenario, List<SpfSuite.Case>> scenarios = new LinkedHashMap<>();
    for (SpfSuite.Case c : SpfSuiteTest.RFC7208) {
      scenarios.computeIfAbsent(c.scenario(), s -> new ArrayList<>()).add(c);
    }
    int flattened = 0;
    int withKept = 0;
    int unresolved = 0;
    int compared = 0;
    for (Map.Entry<SpfSuite.Scenario, List<SpfSuite.Case>> e : scenarios.entrySet()) {
      SpfSuite.Scenario scenario = e.getKey();
      try (TestDnsServer original = TestDnsServer.start()) {
        scenario.serve(original);
        DnsClient dns = original.client(TIMEOUT);
        Set<String> domains = new LinkedHashSet<>();
        for (SpfSuite.Case c : e.getValue()) {
          domains.add(
              SpfRequest.mailFrom(c.ip(), c.mailFrom(), c.helo())
                  .domain()
                  .toLowerCase(Locale.ROOT));
        }
        for (String domain : domains) {
          SpfRecord record = publishedRecord(dns, domain);
          if (record == null || hasCname(scenario, domain)) {
            continue;
          }
          Flattening f = new SpfFlattener(dns).flatten(domain, record).get(30, TimeUnit.SECONDS);
          if (f instanceof Flattening.Unresolved) {
            unresolved++;
            continue;
          }
          FlattenedChain chain = assertInstanceOf(Flattening.Flattened.class, f, domain).chain();
          assertWithinLimits(chain);
          flattened++;
          withKept += chain.kept().isEmpty() ? 0 : 1;
          try (TestDnsServer published = TestDnsServer.start()) {
            without(scenario, domain).serve(published);
            FlattenFixture.publish(published, chain);
            DnsClient after = published.client(TIMEOUT);
            for (SpfSuite.Case c : e.getValue()) {
              SpfRequest r = SpfRequest.mailFrom(c.ip(), c.mailFrom(), c.helo());
              if (r.domain().equalsIgnoreCase(domain)) {
                assertSameResults(dns, after, r.domain(), r.sender(), List.of(r.ip()));
                compared++;
              }
            }
            // both sides: what the chain lists, and every network the scenario's records and
            // addresses can stand for, so that a network the chain lost is sampled too
            List<IpSet.Network> networks = new ArrayList<>(FlattenFixture.networks(chain));
            networks.addAll(originalNetworks(scenario));
            List<InetAddress> samples =
                FlattenFixture.samples(networks, new Random(domain.hashCode()), 5);
            assertSameResults(dns, after, domain, "postmaster@" + domain, samples);
            compared += samples.size();
          }
        }
      }
    }
    System.out.printf(
        "RFC 7208 suite data: %d records flattened (%d keeping terms), %d not flattened for a DNS"
            + " failure, %d evaluations compared%n",
        flattened, withKept, unresolved, compared);
    // a floor, so that a loader or selection bug cannot make this test vacuous
    assertTrue(flattened >= 30, "only " + flattened + " records flattened");
    assertTrue(withKept >= 5, "only " + withKept + " records kept terms");
  }

  private static SpfRecord publishedRecord(DnsClient dns, String domain) throws Exception {
    if (!DomainNames.validCheckHostDomain(domain)) {
      return null;
    }
    DnsAnswer a = dns.query(domain, Type.TXT).get(10, TimeUnit.SECONDS);
    if (!(a instanceof DnsAnswer.Records r)
        || !(SpfSelection.select(r.txt()) instanceof SpfSelection.One one)) {
      return null;
    }
    return SpfParser.parse(one.text()) instanceof SpfParse.Parsed p ? p.record() : null;
  }

  /**
   * The networks the unflattened side can authorise in a scenario: every ip4/ip6 term of its SPF
   * records, and every A/AAAA address with each CIDR length its a/mx terms use (and /32, /128).
   */
  static List<IpSet.Network> originalNetworks(SpfSuite.Scenario s) {
    List<IpSet.Network> out = new ArrayList<>();
    Set<Integer> ip4Lengths = new LinkedHashSet<>(List.of(32));
    Set<Integer> ip6Lengths = new LinkedHashSet<>(List.of(128));
    List<InetAddress> addresses = new ArrayList<>();
    for (List<Object> entries : s.zone().values()) {
      for (Object x : entries) {
        if (!(x instanceof Map<?, ?> m) || m.size() != 1) {
          continue;
        }
        Object type = m.keySet().iterator().next();
        Object value = m.get(type);
        List<String> values = new ArrayList<>();
        if (value instanceof String v) {
          values.add(v);
        } else if (value instanceof List<?> l) {
          StringBuilder joined = new StringBuilder();
          l.forEach(joined::append);
          values.add(joined.toString());
        }
        for (String v : values) {
          if (("A".equals(type) || "AAAA".equals(type))
              && com.google.common.net.InetAddresses.isInetAddress(v)) {
            addresses.add(com.google.common.net.InetAddresses.forString(v));
          } else if (("TXT".equals(type) || "SPF".equals(type))
              && SpfParser.parse(v) instanceof SpfParse.Parsed p) {
            for (SpfTerm t : p.record().terms()) {
              if (t instanceof SpfTerm.Ip4 ip) {
                out.add(network(ip.address(), ip.prefix()));
              } else if (t instanceof SpfTerm.Ip6 ip) {
                out.add(network(ip.address(), ip.prefix()));
              } else if (t instanceof SpfTerm.A a) {
                ip4Lengths.add(a.ip4Prefix());
                ip6Lengths.add(a.ip6Prefix());
              } else if (t instanceof SpfTerm.Mx mx) {
                ip4Lengths.add(mx.ip4Prefix());
                ip6Lengths.add(mx.ip6Prefix());
              }
            }
          }
        }
      }
    }
    for (InetAddress a : addresses) {
      boolean four = a instanceof java.net.Inet4Address;
      for (int length : four ? ip4Lengths : ip6Lengths) {
        out.add(network(a, length));
      }
    }
    return out;
  }

  private static IpSet.Network network(InetAddress address, int prefix) {
    return IpSet.of(address, prefix).networks().get(0);
  }

  private static boolean hasCname(SpfSuite.Scenario s, String domain) {
    return entriesOf(s, domain).stream()
        .anyMatch(x -> x instanceof Map<?, ?> m && m.containsKey("CNAME"));
  }

  private static List<Object> entriesOf(SpfSuite.Scenario s, String domain) {
    List<Object> out = new ArrayList<>();
    s.zone()
        .forEach(
            (name, entries) -> {
              if (name.equalsIgnoreCase(domain)) {
                out.addAll(entries);
              }
            });
    return out;
  }

  /** The scenario without the TXT and SPF records of {@code domain}, where the chain goes. */
  private static SpfSuite.Scenario without(SpfSuite.Scenario s, String domain) {
    Map<String, List<Object>> zone = new LinkedHashMap<>();
    s.zone()
        .forEach(
            (name, entries) -> {
              if (!name.equalsIgnoreCase(domain)) {
                zone.put(name, entries);
                return;
              }
              List<Object> kept = new ArrayList<>();
              for (Object x : entries) {
                if (!(x instanceof Map<?, ?> m && (m.containsKey("TXT") || m.containsKey("SPF")))) {
                  kept.add(x);
                } else if (m.containsKey("TXT")) {
                  // a TXT that is not SPF stands in for it, so that a TIMEOUT entry further down
                  // still spares TXT queries, as it did with the record
                  kept.add(Map.of("TXT", "flattened"));
                }
              }
              zone.put(name, kept);
            });
    return new SpfSuite.Scenario(s.file(), s.index(), s.description(), zone);
  }

  // ---- generated provider chains ---------------------------------------------------------------

  static Stream<Long> seeds() {
    return LongStream.rangeClosed(1, 12).boxed();
  }

  /**
   * Three providers with include trees 3 or 4 deep (one sub-tree shared by two of them), random ip4
   * and ip6 networks with adjacent and overlapping neighbours, a and mx terms, exceptions with
   * other qualifiers, every kind of all and redirects; odd seeds also include a provider that
   * cannot be flattened.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void generatedProviderChainsKeepTheirMeaning(long seed) throws Exception {
    ProviderChains g = ProviderChains.generate(seed);
    try (TestDnsServer original = TestDnsServer.start();
        TestDnsServer published = TestDnsServer.start()) {
      original.add(g.providers());
      original.add(g.apexLine());
      published.add(g.providers());
      DnsClient before = original.client(GENERATED_TIMEOUT);
      Flattening f =
          new SpfFlattener(before)
              .flatten(ProviderChains.DOMAIN, FlattenFixture.record(g.declared()))
              .get(30, TimeUnit.SECONDS);
      if (!(f instanceof Flattening.Flattened)) {
        throw new AssertionError(f + "\n" + g.declared() + "\n" + g.providers());
      }
      FlattenedChain chain = ((Flattening.Flattened) f).chain();
      System.out.printf(
          "seed %d: %d records, %d lookups, %d networks authorised, %d kept%n",
          seed,
          chain.records().size(),
          chain.lookups(),
          chain.authorized().networks().size(),
          chain.kept().size());
      assertWithinLimits(chain);
      assertEquals(seed % 2 == 1, !chain.kept().isEmpty(), chain.kept().toString());
      FlattenFixture.publish(published, chain);

      List<IpSet.Network> networks = new ArrayList<>(g.networks());
      networks.addAll(FlattenFixture.networks(chain));
      List<InetAddress> samples = FlattenFixture.samples(networks, new Random(seed), 20);
      samples.addAll(g.exists());
      int passes =
          assertSameResults(
              before,
              published.client(GENERATED_TIMEOUT),
              ProviderChains.DOMAIN,
              "someone@" + ProviderChains.DOMAIN,
              samples);
      assertTrue(passes > 0, "nothing passes: the chain would prove nothing");

      // the same input gives the same bytes
      Flattening again =
          new SpfFlattener(original.client(GENERATED_TIMEOUT))
              .flatten(ProviderChains.DOMAIN, FlattenFixture.record(g.declared()))
              .get(30, TimeUnit.SECONDS);
      assertEquals(chain.records(), ((Flattening.Flattened) again).chain().records());
    }
  }
}
