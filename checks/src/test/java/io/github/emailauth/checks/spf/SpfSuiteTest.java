package io.github.emailauth.checks.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.testing.TestDnsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The open-spf conformance suites, every case over the loopback DNS server. The RFC 7208 suite is
 * run as it is. The RFC 4408 suite is run too; where RFC 7208 deliberately changed the verdict the
 * case asserts the RFC 7208 verdict recorded in {@link #CHANGED_BY_RFC7208} (and docs/spf.md).
 */
class SpfSuiteTest {
  /** How long the client waits for one answer; TIMEOUT entries in the suite wait this long. */
  private static final Duration DNS_TIMEOUT = Duration.ofMillis(400);

  private static final Map<SpfSuite.Scenario, TestDnsServer> SERVERS = new ConcurrentHashMap<>();

  static final List<SpfSuite.Case> RFC7208 = SpfSuite.load("/spf/rfc7208-tests.yml");
  static final List<SpfSuite.Case> RFC4408 = SpfSuite.load("/spf/rfc4408-tests.yml");

  /**
   * RFC 4408 cases whose verdict RFC 7208 changed on purpose: case name -> the RFC 7208 results and
   * the reason. Each of these still runs; it asserts the RFC 7208 verdict.
   */
  static final Map<String, Changed> CHANGED_BY_RFC7208 =
      Map.ofEntries(
          spfTypeGone("txtonly", "fail"),
          spfTypeGone("spfonly", "none"),
          spfTypeGone("spftimeout", "fail"),
          spfTypeGone("txttimeout", "temperror"),
          spfTypeGone("nospftxttimeout", "temperror"),
          spfTypeGone("spfoverride", "fail"),
          spfTypeGone("multitxt1", "permerror"),
          spfTypeGone("multispf2", "pass"),
          Map.entry(
              "exists-dnserr",
              new Changed(
                  List.of("temperror"),
                  "RFC 7208 §5: a DNS error while evaluating a mechanism ends check_host() with"
                      + " temperror; RFC 4408 also allowed treating it as no match")),
          Map.entry(
              "cidr6-0-ip4",
              new Changed(
                  List.of("neutral"),
                  "RFC 7208 §5: an IPv4 client (also IPv4-mapped) is matched by ip4 only, never"
                      + " by ip6:::/0; RFC 4408 left IPv4-mapped matching open")),
          Map.entry(
              "cidr6-ip4",
              new Changed(
                  List.of("neutral"),
                  "RFC 7208 §5: an IPv4-mapped IPv6 client MUST be treated as IPv4, so ip6"
                      + " does not match it")),
          Map.entry(
              "mx-limit",
              new Changed(
                  List.of("permerror"),
                  "RFC 7208 §4.6.4: more than 10 MX records for one mx mechanism is a"
                      + " permerror; RFC 4408 allowed ignoring the excess")));

  private static Map.Entry<String, Changed> spfTypeGone(String name, String result) {
    return Map.entry(
        name,
        new Changed(
            List.of(result),
            "RFC 7208 §3.1, §4.4: the SPF RR type (99) is no longer queried, only TXT; RFC 4408"
                + " allowed either type or both"));
  }

  record Changed(List<String> results, String why) {}

  static Stream<SpfSuite.Case> rfc7208() {
    return RFC7208.stream();
  }

  static Stream<SpfSuite.Case> rfc4408() {
    return RFC4408.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rfc7208")
  void rfc7208(SpfSuite.Case c) throws Exception {
    check(c, c.results());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rfc4408")
  void rfc4408(SpfSuite.Case c) throws Exception {
    Changed changed = CHANGED_BY_RFC7208.get(c.name());
    check(c, changed == null ? c.results() : changed.results());
  }

  @Test
  void suitesAreComplete() {
    // The counts in the suites' own documentation: a loader that lost cases would pass silently.
    assertEquals(203, RFC7208.size());
    assertEquals(191, RFC4408.size());
    assertEquals(16, RFC7208.stream().map(SpfSuite.Case::scenario).distinct().count());
  }

  /**
   * Each documented change narrows what the RFC 4408 suite accepted to what the RFC 7208 suite
   * requires for the same case, so the table can neither invent verdicts nor go stale.
   */
  @Test
  void documentedChangesAreTheRfc7208Verdicts() {
    for (Map.Entry<String, Changed> e : CHANGED_BY_RFC7208.entrySet()) {
      SpfSuite.Case old = byName(RFC4408, e.getKey());
      SpfSuite.Case now = byName(RFC7208, e.getKey());
      assertTrue(
          old.results().containsAll(e.getValue().results()),
          e.getKey() + ": RFC 4408 suite accepted " + old.results());
      assertTrue(old.results().size() > e.getValue().results().size(), e.getKey());
      assertEquals(now.results(), e.getValue().results(), e.getKey());
    }
    // And every RFC 4408 case whose accepted results differ from the RFC 7208 suite's is listed.
    for (SpfSuite.Case old : RFC4408) {
      RFC7208.stream()
          .filter(c -> c.name().equals(old.name()))
          .filter(c -> !c.results().containsAll(old.results()))
          .forEach(
              c ->
                  assertTrue(
                      CHANGED_BY_RFC7208.containsKey(old.name()),
                      old.name() + " changed from " + old.results() + " to " + c.results()));
    }
  }

  private static SpfSuite.Case byName(List<SpfSuite.Case> cases, String name) {
    return cases.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no case " + name));
  }

  private static void check(SpfSuite.Case c, List<String> expected) throws Exception {
    TestDnsServer server = SERVERS.computeIfAbsent(c.scenario(), SpfSuiteTest::serve);
    try (DnsClient dns = server.client(DNS_TIMEOUT)) {
      CheckHost checkHost = new CheckHost(dns);
      SpfOutcome out =
          checkHost
              .check(SpfRequest.mailFrom(c.ip(), c.mailFrom(), c.helo()))
              .get(30, TimeUnit.SECONDS);
      String context =
          c + " (spec " + c.spec() + "): " + out.reason() + "\n" + out.trace().format();
      assertTrue(
          expected.contains(out.result().label()),
          () -> "expected " + expected + " but got " + out.result().label() + " for " + context);
      if (c.explanation() != null) {
        if (c.explanation().equals("DEFAULT")) {
          // The suite's driver sets the receiver's default explanation to "DEFAULT": there must
          // be no explanation from the record.
          assertNull(out.explanation(), context);
        } else {
          assertEquals(c.explanation(), out.explanation(), context);
        }
      }
    }
  }

  private static TestDnsServer serve(SpfSuite.Scenario scenario) {
    try {
      TestDnsServer server = TestDnsServer.start();
      scenario.serve(server);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stopServers() {
    SERVERS.values().forEach(TestDnsServer::close);
    SERVERS.clear();
  }
}
