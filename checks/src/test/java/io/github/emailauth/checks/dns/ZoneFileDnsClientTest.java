package io.github.emailauth.checks.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.testing.TestDnsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class ZoneFileDnsClientTest {
  private static final Path COM = resource("zones/example.com.zone");
  private static final Path NET = resource("zones/example-net.db");
  private static final Path ORG = resource("zones/example.org");

  @Test
  void originsComeFromOriginDirectiveOrFileName() throws Exception {
    try (ZoneFileDnsClient dns = ZoneFileDnsClient.load(List.of(COM, NET, ORG), null)) {
      assertEquals(List.of("example.com", "example.net", "example.org"), dns.zones());
      assertEquals(List.of("v=spf1 -all"), records(get(dns.query("example.org", Type.TXT))).txt());
      assertEquals(1, records(get(dns.query("host.example.net", Type.A))).records().size());
      assertEquals(
          "192.0.2.3",
          records(get(dns.query("host3.example.org", Type.A))).records().get(0).rdataToString(),
          "$GENERATE is expanded");
    }
  }

  @Test
  void answerKinds() throws Exception {
    try (ZoneFileDnsClient dns = ZoneFileDnsClient.load(List.of(COM, NET), null)) {
      assertEquals(
          List.of("v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all"),
          records(get(dns.query("Example.COM.", Type.TXT))).txt());
      assertEquals(
          List.of("say \"hi\"; a\\b"),
          records(get(dns.query("quoted.example.com", Type.TXT))).txt());
      assertInstanceOf(DnsAnswer.NxDomain.class, get(dns.query("nope.example.com", Type.TXT)));
      assertInstanceOf(DnsAnswer.NoData.class, get(dns.query("mx1.example.com", Type.TXT)));
      assertInstanceOf(DnsAnswer.NoData.class, get(dns.query("a.b.example.com", Type.TXT)));
      DnsAnswer wild = get(dns.query("anything.wild.example.com", Type.TXT));
      Record synthesized = records(wild).records().get(0);
      assertEquals("anything.wild.example.com.", synthesized.getName().toString());
      assertInstanceOf(DnsAnswer.NoData.class, get(dns.query("x.wild.example.com", Type.TXT)));
      assertInstanceOf(DnsAnswer.NxDomain.class, get(dns.query("y.x.wild.example.com", Type.TXT)));
    }
  }

  @Test
  void cnameChainsAcrossLoadedZones() throws Exception {
    try (ZoneFileDnsClient dns = ZoneFileDnsClient.load(List.of(COM, NET), null)) {
      DnsAnswer answer = get(dns.query("to-net.example.com", Type.A));
      assertEquals(List.of("alias.example.net", "host.example.net"), answer.cnameChain());
      assertEquals(1, records(answer).records().size());
      DnsAnswer loop = get(dns.query("loop1.example.com", Type.A));
      assertEquals(
          DnsAnswer.Reason.MALFORMED, assertInstanceOf(DnsAnswer.Failure.class, loop).reason());
      DnsAnswer dangling = get(dns.query("dangling.example.com", Type.A));
      assertInstanceOf(DnsAnswer.NxDomain.class, dangling);
      assertEquals(List.of("nowhere.example.com"), dangling.cnameChain());
    }
  }

  @Test
  void namesOutsideTheZonesFailWithoutAFallback() throws Exception {
    try (ZoneFileDnsClient dns = ZoneFileDnsClient.load(List.of(COM), null)) {
      DnsAnswer outside = get(dns.query("_dmarc.example.org", Type.TXT));
      DnsAnswer.Failure failure = assertInstanceOf(DnsAnswer.Failure.class, outside);
      assertEquals(DnsAnswer.Reason.ERROR, failure.reason());
      assertEquals(
          "_dmarc.example.org is not in the loaded zone files (example.com); name servers, when"
              + " given, answer for names outside them",
          failure.detail());
      // an alias leaving the zones ends the same way, with the chain so far, naming the target
      DnsAnswer viaAlias = get(dns.query("s1._domainkey.example.com", Type.TXT));
      DnsAnswer.Failure aliasFailure = assertInstanceOf(DnsAnswer.Failure.class, viaAlias);
      assertEquals(List.of("s1.dkim.vendor.example"), viaAlias.cnameChain());
      assertTrue(
          aliasFailure.detail().startsWith("s1.dkim.vendor.example is not in the loaded zone"),
          aliasFailure.detail());
    }
  }

  @Test
  void namesOutsideTheZonesGoToTheFallback() throws Exception {
    try (TestDnsServer server = TestDnsServer.start()) {
      server.add("*.dkim.vendor.example. 60 IN TXT \"v=DKIM1; p=MIIB\"");
      server.add("_dmarc.example.org. 60 IN TXT \"v=DMARC1; p=none\"");
      try (ZoneFileDnsClient dns =
          ZoneFileDnsClient.load(List.of(COM), server.client(Duration.ofMillis(500)))) {
        DnsAnswer dkim = get(dns.query("s1._domainkey.example.com", Type.TXT));
        assertEquals(List.of("s1.dkim.vendor.example"), dkim.cnameChain());
        assertEquals(List.of("v=DKIM1; p=MIIB"), records(dkim).txt());
        assertEquals("s1._domainkey.example.com", dkim.name());
        assertEquals(
            List.of("v=DMARC1; p=none"), records(get(dns.query("_dmarc.example.org", 16))).txt());
        // the zone files are authoritative for their zones: the server is not asked
        assertInstanceOf(DnsAnswer.NxDomain.class, get(dns.query("nope.example.com", Type.TXT)));
        assertEquals(2, server.queries());
      }
    }
  }

  @Test
  void answersAreCachedAndCounted() throws Exception {
    try (ZoneFileDnsClient dns = ZoneFileDnsClient.load(List.of(COM), null)) {
      get(dns.query("_dmarc.example.com", Type.TXT));
      get(dns.query("_dmarc.example.com.", Type.TXT));
      get(dns.query("outside.example", Type.TXT));
      assertEquals(new DnsStats(3, 1, 1), dns.stats());
    }
  }

  /**
   * The zone-file client and the wire path (test server + resolver client) share ZoneData, so they
   * must agree on every kind of answer; this is what lets a planned zone stand in for DNS.
   */
  @ParameterizedTest
  @CsvSource({
    "example.com, MX",
    "example.com, TXT",
    "example.com, AAAA",
    "_dmarc.example.com, TXT",
    "nope.example.com, TXT",
    "a.b.example.com, TXT",
    "deep.a.b.example.com, TXT",
    "www.example.com, A",
    "www.example.com, CNAME",
    "q.wild.example.com, TXT",
    "x.wild.example.com, TXT",
    "y.x.wild.example.com, A",
    "to-net.example.com, A",
    "dangling.example.com, TXT",
    "loop1.example.com, TXT",
    "example.com._report._dmarc.example.net, TXT",
    "example.net, SOA",
  })
  void zoneFilesAndTheWireAgree(String name, String type) throws Exception {
    int t = Type.value(type);
    try (TestDnsServer server = TestDnsServer.start();
        ZoneFileDnsClient files = ZoneFileDnsClient.load(List.of(COM, NET), null)) {
      server.zone("example.com", Files.readString(COM));
      server.zone("example.net", Files.readString(NET));
      DnsAnswer fromFiles = get(files.query(name, t));
      DnsAnswer fromWire = get(server.client(Duration.ofMillis(500)).query(name, t));
      assertEquals(summary(fromWire), summary(fromFiles));
    }
  }

  @Test
  void syntaxErrorsNameFileAndLine() {
    Path bad = resource("zones-bad/syntax.example.zone");
    ZoneFileException e =
        assertThrows(ZoneFileException.class, () -> ZoneFileDnsClient.load(List.of(bad), null));
    assertEquals(bad, e.file());
    assertEquals(3, e.line());
    assertTrue(e.getMessage().startsWith(bad + ":3: "), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
    "outside.example.zone, stray.example TXT is outside the zone outside.example",
    "cname-and-data.example.zone, CNAME and other data at www.cname-and-data.example",
    "include.example.zone, INCLUDE",
  })
  void zonesThatContradictThemselvesAreRejected(String file, String expected) {
    Path bad = resource("zones-bad/" + file);
    ZoneFileException e =
        assertThrows(ZoneFileException.class, () -> ZoneFileDnsClient.load(List.of(bad), null));
    assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void missingFilesAndUnusableNamesAreReported(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("absent.example.zone");
    assertThrows(ZoneFileException.class, () -> ZoneFileDnsClient.load(List.of(missing), null));
    Path noOrigin = dir.resolve("bad..name.zone");
    Files.writeString(noOrigin, "www 300 IN A 192.0.2.1\n");
    ZoneFileException e =
        assertThrows(
            ZoneFileException.class, () -> ZoneFileDnsClient.load(List.of(noOrigin), null));
    assertTrue(e.getMessage().contains("$ORIGIN"), e.getMessage());
    // dnsjava would read a relative $ORIGIN against the root, RFC 1035 against the origin
    Path relative = dir.resolve("sub.example.zone");
    Files.writeString(relative, "www 300 IN A 192.0.2.1\n$ORIGIN deeper\nx 300 IN A 192.0.2.2\n");
    ZoneFileException rel =
        assertThrows(
            ZoneFileException.class, () -> ZoneFileDnsClient.load(List.of(relative), null));
    assertEquals(2, rel.line());
    // an absolute $ORIGIN before the records names the zone, whatever the file is called
    Path named = dir.resolve("anything.txt");
    Files.writeString(
        named,
        "; comment\n$TTL 60\n$ORIGIN zone.example.\nwww IN A 192.0.2.1\n"
            + "$ORIGIN sub.zone.example.\nx IN A 192.0.2.2\n");
    try (ZoneFileDnsClient dns = ZoneFileDnsClient.load(List.of(named), null)) {
      assertEquals(List.of("zone.example"), dns.zones());
      records(get(dns.query("www.zone.example", Type.A)));
      records(get(dns.query("x.sub.zone.example", Type.A)));
    }
  }

  @Test
  void aRecordOverTheRdataLimitIsAZoneFileError(@TempDir Path dir) throws Exception {
    // Found by ZoneFileFuzzTest: dnsjava read it, then ZoneData.add threw an
    // IllegalArgumentException ("out of range for 16 bit value") while hashing the record.
    Path file = dir.resolve("example.com.zone");
    Files.writeString(
        file, "$TTL 60\n@ IN TXT " + ("\"" + "y".repeat(250) + "\" ").repeat(300) + "\n");
    ZoneFileException e =
        assertThrows(ZoneFileException.class, () -> ZoneFileDnsClient.load(List.of(file), null));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("65535"), e.getMessage());
    // just under the limit still loads
    Files.writeString(
        file, "$TTL 60\n@ IN TXT " + ("\"" + "y".repeat(250) + "\" ").repeat(200) + "\n");
    ZoneFileDnsClient.load(List.of(file), null).close();
  }

  @Test
  void aGenerateOfBillionsOfRecordsIsRefusedBeforeExpansion(@TempDir Path dir) throws Exception {
    // Found by ZoneFileFuzzTest: dnsjava expands $GENERATE eagerly and never finished this one.
    Path file = dir.resolve("example.com.zone");
    Files.writeString(file, "$TTL 60\n$GENERATE 1-2147483647 h$ IN A 192.0.2.1\n");
    ZoneFileException e =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(5),
            () ->
                assertThrows(
                    ZoneFileException.class, () -> ZoneFileDnsClient.load(List.of(file), null)));
    org.junit.jupiter.api.Assertions.assertTrue(
        e.getMessage().contains("$GENERATE"), e.getMessage());
    Files.writeString(file, "$TTL 60\n$GENERATE 1-100 h$ IN A 192.0.2.1\n");
    ZoneFileDnsClient.load(List.of(file), null).close();
  }

  @Test
  void factoryPicksTheClient() throws Exception {
    DnsOptions offline =
        new DnsOptions(List.of(), Duration.ofMillis(500), 0, DnsOptions.DEFAULT_MAX_IN_FLIGHT);
    try (DnsClient dns = DnsClients.create(offline, List.of(COM))) {
      assertInstanceOf(ZoneFileDnsClient.class, dns);
      assertInstanceOf(DnsAnswer.Failure.class, get(dns.query("example.org", Type.TXT)));
    }
    try (TestDnsServer server = TestDnsServer.start()) {
      server.add("example.org. 60 IN TXT \"from the wire\"");
      DnsOptions live = new DnsOptions(List.of(server.nameserver()), Duration.ofMillis(500), 0, 8);
      try (DnsClient dns = DnsClients.create(live, List.of(COM))) {
        assertEquals(List.of("from the wire"), records(get(dns.query("example.org", 16))).txt());
      }
      try (DnsClient dns = DnsClients.create(live, List.of())) {
        assertInstanceOf(ResolverDnsClient.class, dns);
        assertEquals(List.of("from the wire"), records(get(dns.query("example.org", 16))).txt());
      }
    }
  }

  private static String summary(DnsAnswer a) {
    List<String> data = new ArrayList<>();
    if (a instanceof DnsAnswer.Records r) {
      for (Record rec : r.records()) {
        data.add(rec.getName() + " " + Type.string(rec.getType()) + " " + rec.rdataToString());
      }
    }
    String kind =
        a instanceof DnsAnswer.Failure f ? "Failure " + f.reason() : a.getClass().getSimpleName();
    return a.name() + " " + a.typeName() + " " + kind + " " + a.cnameChain() + " " + data;
  }

  private static DnsAnswer get(CompletableFuture<DnsAnswer> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  private static DnsAnswer.Records records(DnsAnswer a) {
    return assertInstanceOf(DnsAnswer.Records.class, a, () -> "got " + a);
  }

  private static Path resource(String name) {
    try {
      return Path.of(ZoneFileDnsClientTest.class.getClassLoader().getResource(name).toURI());
    } catch (Exception e) {
      throw new IllegalStateException("missing test resource " + name, e);
    }
  }
}
