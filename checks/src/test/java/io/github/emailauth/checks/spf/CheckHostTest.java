package io.github.emailauth.checks.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.net.InetAddresses;
import io.github.emailauth.checks.testing.Fault;
import io.github.emailauth.checks.testing.TestDnsServer;
import io.github.emailauth.checks.testing.TestDnsServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xbill.DNS.Type;

/** check_host() behaviour the open-spf suite does not pin down, over the loopback server. */
@ExtendWith(TestDnsServerExtension.class)
class CheckHostTest {

  private static SpfOutcome check(TestDnsServer dns, String ip, String domain) throws Exception {
    return check(dns, ip, domain, CheckHost.Options.defaults());
  }

  private static SpfOutcome check(
      TestDnsServer dns, String ip, String domain, CheckHost.Options options) throws Exception {
    return new CheckHost(dns.client(Duration.ofMillis(300)), options)
        .check(SpfRequest.forDomain(InetAddresses.forString(ip), domain))
        .get(20, TimeUnit.SECONDS);
  }

  @Test
  void traceShowsTermsLookupsAndRunningCounts(TestDnsServer dns) throws Exception {
    dns.zone(
        "example.com",
        """
        @ TXT "v=spf1 a:gone.example.com include:_spf.vendor.example -all"
        _spf.vendor.example. TXT "v=spf1 ip4:192.0.2.0/24 ~all"
        """);
    SpfOutcome out = check(dns, "192.0.2.7", "example.com");
    assertEquals(SpfResult.PASS, out.result());
    assertEquals(2, out.lookups());
    assertEquals(1, out.voidLookups());
    assertEquals(
        List.of("example.com include:_spf.vendor.example", "_spf.vendor.example ip4:192.0.2.0/24"),
        out.path());
    String trace = out.trace().format();
    assertTrue(trace.contains("a:gone.example.com  [lookup 1/10]"), trace);
    assertTrue(trace.contains("? gone.example.com A -> NXDOMAIN  [void 1]"), trace);
    assertTrue(trace.contains("include:_spf.vendor.example  [lookup 2/10]"), trace);
    assertTrue(trace.contains("    SPF record of _spf.vendor.example: v=spf1"), trace);
    assertTrue(trace.contains("= ip4:192.0.2.0/24: match -> pass"), trace);
  }

  @Test
  void includedFailDoesNotEndTheOuterRecord(TestDnsServer dns) throws Exception {
    dns.zone(
        "example.com",
        """
        @ TXT "v=spf1 include:strict.example.com ~all"
        strict TXT "v=spf1 -all"
        """);
    SpfOutcome out = check(dns, "198.51.100.1", "example.com");
    assertEquals(SpfResult.SOFTFAIL, out.result());
    assertEquals(List.of("example.com ~all"), out.path());
  }

  @Test
  void servfailOnAnIncludeTargetIsTemperror(TestDnsServer dns) throws Exception {
    dns.zone("example.com", "@ TXT \"v=spf1 include:broken.example.net -all\"");
    dns.fault("broken.example.net", Type.TXT, Fault.SERVFAIL);
    SpfOutcome out = check(dns, "192.0.2.1", "example.com");
    assertEquals(SpfResult.TEMPERROR, out.result());
    assertTrue(out.reason().contains("SERVFAIL"), out.reason());
  }

  @Test
  void eleventhLookupThroughNestedIncludesIsPermerror(TestDnsServer dns) throws Exception {
    StringBuilder zone = new StringBuilder("@ TXT \"v=spf1 include:l1.example.com -all\"\n");
    for (int i = 1; i <= 10; i++) {
      String next = i < 10 ? "include:l" + (i + 1) + ".example.com " : "a ";
      zone.append("l").append(i).append(" TXT \"v=spf1 ").append(next).append("-all\"\n");
    }
    zone.append("l10 A 192.0.2.1\n");
    dns.zone("example.com", zone.toString());
    SpfOutcome out = check(dns, "192.0.2.1", "example.com");
    assertEquals(SpfResult.PERMERROR, out.result(), out.trace().format());
    assertEquals(11, out.lookups());
    assertTrue(out.reason().contains("limit passed at a in l10.example.com"), out.reason());
  }

  /**
   * Answers from the cache complete at once, so each include level used to run on the stack of the
   * one above: with the limit raised (a flattening reference evaluation, an API caller) an include
   * loop overflowed the stack and the future completed exceptionally instead of with permerror.
   */
  @Test
  void includeLoopWithAVeryHighLookupLimitEndsInPermerror(TestDnsServer dns) throws Exception {
    dns.zone(
        "example.com",
        """
        @ TXT "v=spf1 include:loop.example.com -all"
        loop TXT "v=spf1 redirect=example.com"
        """);
    int limit = CheckHost.MAX_LOOKUP_LIMIT;
    SpfOutcome out =
        check(
            dns,
            "192.0.2.1",
            "example.com",
            new CheckHost.Options(
                limit, 2, 10, Duration.ofSeconds(20), "unknown", java.time.Clock.systemUTC()));
    assertEquals(SpfResult.PERMERROR, out.result(), out.reason());
    assertEquals(limit + 1, out.lookups());
    assertTrue(out.reason().contains("more than " + limit), out.reason());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new CheckHost.Options(
                limit + 1, 2, 10, Duration.ofSeconds(20), "unknown", java.time.Clock.systemUTC()));
  }

  @Test
  void existsAsksForAnAddressEvenForIpv6Clients(TestDnsServer dns) throws Exception {
    dns.zone(
        "example.com",
        """
        @ TXT "v=spf1 exists:%{ir}.list.example.com -all"
        *.list A 127.0.0.2
        """);
    SpfOutcome out = check(dns, "2001:db8::1", "example.com");
    assertEquals(SpfResult.PASS, out.result());
    String listed =
        "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.list.example.com";
    assertEquals(1, dns.queries(listed, Type.A), out.trace().format());
    assertEquals(0, dns.queries(listed, Type.AAAA));
  }

  @Test
  void ptrWithMoreThanTenNamesUsesTheFirstTen(TestDnsServer dns) throws Exception {
    StringBuilder zone = new StringBuilder("@ TXT \"v=spf1 ptr -all\"\n");
    for (int i = 1; i <= 11; i++) {
      zone.append("1.2.0.192.in-addr.arpa. PTR h").append(i).append(".example.com.\n");
      zone.append("h").append(i).append(" A 192.0.2.1\n");
    }
    dns.zone("example.com", zone.toString());
    SpfOutcome out = check(dns, "192.0.2.1", "example.com");
    assertEquals(SpfResult.PASS, out.result());
    String trace = out.trace().format();
    assertTrue(trace.contains("only the first 10 PTR names"), trace);
    long asked = 0;
    for (int i = 1; i <= 11; i++) {
      asked += dns.queries("h" + i + ".example.com", Type.A);
    }
    assertEquals(10, asked);
  }

  @Test
  void aSlowEvaluationEndsInTemperror(TestDnsServer dns) throws Exception {
    dns.zone("example.com", "@ TXT \"v=spf1 a -all\"\n@ A 192.0.2.1");
    dns.fault("example.com", Type.A, Fault.delay(Duration.ofMillis(250)));
    SpfOutcome out =
        check(
            dns,
            "192.0.2.1",
            "example.com",
            CheckHost.Options.defaults().withTimeout(Duration.ofMillis(150)));
    assertEquals(SpfResult.TEMPERROR, out.result());
    assertTrue(out.reason().contains("did not finish"), out.reason());
  }

  @Test
  void explanationUsesExpOnlyMacros(TestDnsServer dns) throws Exception {
    dns.zone(
        "example.com",
        """
        @ TXT "v=spf1 -all exp=why.example.com"
        why TXT "%{c} is not allowed to send for %{d}; checked by %{r} at %{t}"
        """);
    CheckHost.Options options =
        CheckHost.Options.defaults()
            .withReceiver("mx.receiver.example")
            .withClock(
                java.time.Clock.fixed(
                    java.time.Instant.ofEpochSecond(1_700_000_000L), java.time.ZoneOffset.UTC));
    SpfOutcome out = check(dns, "2001:db8::25", "example.com", options);
    assertEquals(SpfResult.FAIL, out.result());
    assertEquals(
        "2001:db8::25 is not allowed to send for example.com; checked by mx.receiver.example at"
            + " 1700000000",
        out.explanation());
  }
}
