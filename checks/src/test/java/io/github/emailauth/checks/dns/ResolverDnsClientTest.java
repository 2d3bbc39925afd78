package io.github.emailauth.checks.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.testing.Fault;
import io.github.emailauth.checks.testing.TestDnsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** {@link ResolverDnsClient} against the loopback server, over real UDP and TCP sockets. */
class ResolverDnsClientTest {
  private static final Duration SHORT = Duration.ofMillis(300);

  private TestDnsServer server;

  @BeforeEach
  void start() throws IOException {
    server = TestDnsServer.start();
    server.zone(
        "example.com",
        String.join(
            "\n",
            "$TTL 300",
            "@            IN MX 10 mx1",
            "@            IN MX 20 mx2",
            "mx1          IN A 192.0.2.25",
            "_dmarc       IN TXT \"v=DMARC1; p=reject\"",
            "spf          IN TXT \"v=spf1 ip4:192.0.2.0/24 \" \"include:_spf.example.net \""
                + " \"-all\"",
            "quoted       IN TXT \"say \\\"hi\\\"; a\\\\b\"",
            "www          IN CNAME web",
            "web          IN CNAME host.example.net.",
            "deep.a.b     IN TXT \"deep\"",
            "loop1        IN CNAME loop2",
            "loop2        IN CNAME loop1",
            "dangling     IN CNAME nowhere",
            "s1._domainkey IN CNAME s1.dkim.vendor.example.",
            "*.load       IN TXT \"load\""));
    server.add("host.example.net. 60 IN A 198.51.100.7");
    server.add("*.dkim.vendor.example. 60 IN TXT \"v=DKIM1; k=rsa; p=MIIB\"");
    server.add("*._report._dmarc.dest.example. 60 IN TXT \"v=DMARC1\"");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void recordsWithTxtStringsJoinedRaw() throws Exception {
    DnsClient dns = server.client(SHORT);
    DnsAnswer.Records spf = records(get(dns.query("spf.example.com", Type.TXT)));
    assertEquals(
        List.of("v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all"),
        spf.txt(),
        "no spaces added");
    assertEquals("spf.example.com", spf.name());
    assertEquals(List.of(), spf.cnameChain());
    assertEquals(
        List.of("say \"hi\"; a\\b"),
        records(get(dns.query("quoted.example.com", Type.TXT))).txt(),
        "master-file escapes undone, nothing escaped again");

    DnsAnswer.Records mx = records(get(dns.query("example.com", Type.MX)));
    assertEquals(2, mx.ofType(MXRecord.class).size());
  }

  @Test
  void nonAsciiTxtSurvivesAsUtf8() throws Exception {
    byte[] text =
        "v=DMARC1; p=none; rua=mailto:d@caf\u00e9.example".getBytes(StandardCharsets.UTF_8);
    byte[] rdata = new byte[text.length + 1];
    rdata[0] = (byte) text.length;
    System.arraycopy(text, 0, rdata, 1, text.length);
    server.add(
        Record.newRecord(Name.fromString("_dmarc.cafe.example."), Type.TXT, DClass.IN, 60, rdata));
    DnsAnswer answer = get(server.client(SHORT).query("_dmarc.cafe.example", Type.TXT));
    assertEquals(
        List.of("v=DMARC1; p=none; rua=mailto:d@caf\u00e9.example"), records(answer).txt());
  }

  @Test
  void emptyTxtAndManyStrings() throws Exception {
    server.add(
        Record.newRecord(
            Name.fromString("empty.example.com."), Type.TXT, DClass.IN, 60, new byte[] {0}));
    StringBuilder expected = new StringBuilder();
    StringBuilder line = new StringBuilder("many.example.com. 60 IN TXT");
    for (int i = 0; i < 40; i++) {
      String s = "s" + i + "-".repeat(20);
      expected.append(s);
      line.append(" \"").append(s).append('"');
    }
    server.add(line.toString());
    DnsClient dns = server.client(SHORT);
    assertEquals(List.of(""), records(get(dns.query("empty.example.com", Type.TXT))).txt());
    assertEquals(
        List.of(expected.toString()), records(get(dns.query("many.example.com", Type.TXT))).txt());
  }

  @Test
  void nxdomainNodataAndEmptyNonTerminalAreKeptApart() throws Exception {
    DnsClient dns = server.client(SHORT);
    assertInstanceOf(DnsAnswer.NxDomain.class, get(dns.query("nope.example.com", Type.TXT)));
    assertInstanceOf(DnsAnswer.NoData.class, get(dns.query("mx1.example.com", Type.TXT)));
    DnsAnswer ent = get(dns.query("a.b.example.com", Type.TXT));
    assertInstanceOf(DnsAnswer.NoData.class, ent, "an empty non-terminal exists");
    assertEquals("a.b.example.com", ent.name());
  }

  @ParameterizedTest
  @CsvSource({"2, SERVFAIL", "5, REFUSED", "4, ERROR", "1, ERROR"})
  void errorCodesBecomeFailures(int rcode, DnsAnswer.Reason reason) throws Exception {
    server.fault("_dmarc.example.com", Type.TXT, Fault.rcode(rcode));
    DnsAnswer answer = get(server.client(SHORT).query("_dmarc.example.com", Type.TXT));
    DnsAnswer.Failure failure = assertInstanceOf(DnsAnswer.Failure.class, answer);
    assertEquals(reason, failure.reason());
    assertTrue(failure.describe().contains(server.nameserver()), failure.describe());
    if (reason == DnsAnswer.Reason.ERROR) {
      assertTrue(failure.detail().contains(Rcode.string(rcode)), failure.detail());
    }
  }

  @Test
  void droppedQueriesTimeOutAfterEveryAttempt() throws Exception {
    server.fault("_dmarc.example.com", Type.TXT, Fault.DROP);
    DnsClient dns = server.client(new DnsOptions(List.of(), SHORT, 2, 8));
    long start = System.nanoTime();
    DnsAnswer answer = get(dns.query("_dmarc.example.com", Type.TXT));
    long millis = (System.nanoTime() - start) / 1_000_000;
    DnsAnswer.Failure failure = assertInstanceOf(DnsAnswer.Failure.class, answer);
    assertEquals(DnsAnswer.Reason.TIMEOUT, failure.reason());
    assertEquals(3, server.queries("_dmarc.example.com", Type.TXT), "one try and two retries");
    assertEquals(3, dns.stats().sent());
    assertEquals(1, dns.stats().failures());
    assertTrue(millis >= 3 * SHORT.toMillis() - 50, "waited for each attempt: " + millis);
    // the slack covers scheduling on a loaded machine, not another attempt (that would be +300)
    assertTrue(millis < 3 * SHORT.toMillis() + 250, "bounded by timeout*(retries+1): " + millis);
  }

  @Test
  void answersLaterThanTheDeadlineAreTimeouts() throws Exception {
    server.fault("_dmarc.example.com", Type.TXT, Fault.delay(Duration.ofMillis(700)));
    DnsClient impatient = server.client(Duration.ofMillis(200));
    long start = System.nanoTime();
    DnsAnswer late = get(impatient.query("_dmarc.example.com", Type.TXT));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(
        DnsAnswer.Reason.TIMEOUT, assertInstanceOf(DnsAnswer.Failure.class, late).reason());
    assertTrue(millis < 600, "the deadline is the client's, not the server's: " + millis);
    assertInstanceOf(DnsAnswer.Records.class, get(impatient.query("mx1.example.com", Type.A)));

    DnsClient patient = server.client(Duration.ofSeconds(3));
    assertInstanceOf(DnsAnswer.Records.class, get(patient.query("_dmarc.example.com", Type.TXT)));
  }

  @Test
  void aRetryAnswersWhenOnlyTheFirstAttemptIsDropped() throws Exception {
    server.fault("_dmarc.example.com", Type.TXT, Fault.drop(1));
    DnsClient dns = server.client(new DnsOptions(List.of(), SHORT, 1, 8));
    assertEquals(
        List.of("v=DMARC1; p=reject"),
        records(get(dns.query("_dmarc.example.com", Type.TXT))).txt());
    assertEquals(2, server.queries("_dmarc.example.com", Type.TXT));
    assertEquals(new DnsStats(1, 2, 0), dns.stats());
  }

  @Test
  void withoutRetriesOneDropIsATimeout() throws Exception {
    server.fault("_dmarc.example.com", Type.TXT, Fault.drop(1));
    DnsAnswer answer = get(server.client(SHORT).query("_dmarc.example.com", Type.TXT));
    assertEquals(
        DnsAnswer.Reason.TIMEOUT, assertInstanceOf(DnsAnswer.Failure.class, answer).reason());
    assertEquals(1, server.queries());
  }

  @Test
  void serverFailureIsNotRetriedOnTheSameServer() throws Exception {
    server.fault(null, Type.ANY, Fault.SERVFAIL);
    DnsClient dns = server.client(new DnsOptions(List.of(), SHORT, 2, 8));
    get(dns.query("_dmarc.example.com", Type.TXT));
    assertEquals(1, server.queries());
  }

  @Test
  void anotherServerIsAskedAfterServfailOrSilence() throws Exception {
    try (TestDnsServer broken = TestDnsServer.start();
        TestDnsServer silent = TestDnsServer.start()) {
      broken.fault(null, Type.ANY, Fault.SERVFAIL);
      silent.fault(null, Type.ANY, Fault.DROP);
      DnsOptions options =
          new DnsOptions(
              List.of(broken.nameserver(), silent.nameserver(), server.nameserver()), SHORT, 2, 8);
      try (DnsClient dns = new ResolverDnsClient(options)) {
        DnsAnswer answer = get(dns.query("_dmarc.example.com", Type.TXT));
        assertEquals(List.of("v=DMARC1; p=reject"), records(answer).txt());
        assertEquals(1, broken.queries());
        assertEquals(1, silent.queries());
        assertEquals(1, server.queries());
      }
    }
  }

  @Test
  void truncatedAnswersAreFetchedAgainOverTcp() throws Exception {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String text = "record " + i + " " + "x".repeat(190);
      expected.add(text);
      server.add("big.example.com. 300 IN TXT \"" + text + "\"");
    }
    DnsAnswer answer = get(server.client(SHORT).query("big.example.com", Type.TXT));
    List<String> got = new ArrayList<>(records(answer).txt());
    assertEquals(expected, got);
    assertEquals(2, server.queries("big.example.com", Type.TXT), "UDP, then TCP");
    assertEquals(1, server.tcpQueries());
  }

  @Test
  void truncateFaultForcesTcpEvenForSmallAnswers() throws Exception {
    server.fault("_dmarc.example.com", Type.TXT, Fault.TRUNCATE);
    DnsAnswer answer = get(server.client(SHORT).query("_dmarc.example.com", Type.TXT));
    assertEquals(List.of("v=DMARC1; p=reject"), records(answer).txt());
    assertEquals(1, server.tcpQueries());
  }

  @Test
  void garbageIsMalformed() throws Exception {
    server.fault("_dmarc.example.com", Type.TXT, Fault.MALFORMED);
    DnsAnswer answer = get(server.client(SHORT).query("_dmarc.example.com", Type.TXT));
    assertEquals(
        DnsAnswer.Reason.MALFORMED, assertInstanceOf(DnsAnswer.Failure.class, answer).reason());
  }

  @Test
  void identicalQuestionsAreAskedOnce() throws Exception {
    DnsClient dns = server.client(SHORT);
    get(dns.query("_dmarc.example.com", Type.TXT));
    DnsAnswer again = get(dns.query("_DMARC.Example.COM.", Type.TXT));
    assertEquals("_dmarc.example.com", again.name());
    assertEquals(1, server.queries("_dmarc.example.com", Type.TXT));
    get(dns.query("_dmarc.example.com", Type.A));
    assertEquals(1, server.queries("_dmarc.example.com", Type.A), "the type is part of the key");
    assertEquals(new DnsStats(3, 2, 0), dns.stats());
  }

  @Test
  void concurrentIdenticalQuestionsShareOneQuery() throws Exception {
    server.delayAll(Duration.ofMillis(150));
    DnsClient dns = server.client(Duration.ofSeconds(2));
    List<CompletableFuture<DnsAnswer>> futures = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      futures.add(dns.query("_dmarc.example.com", Type.TXT));
    }
    for (CompletableFuture<DnsAnswer> f : futures) {
      assertEquals(List.of("v=DMARC1; p=reject"), records(get(f)).txt());
    }
    assertEquals(1, server.queries());
    // a caller tampering with its future does not change what others get
    futures.get(0).obtrudeValue(null);
    assertInstanceOf(DnsAnswer.Records.class, get(dns.query("_dmarc.example.com", Type.TXT)));
  }

  @Test
  void failuresAreCachedForTheRun() throws Exception {
    server.fault(null, Type.ANY, Fault.SERVFAIL);
    DnsClient dns = server.client(SHORT);
    assertInstanceOf(DnsAnswer.Failure.class, get(dns.query("_dmarc.example.com", Type.TXT)));
    server.clearFaults();
    assertInstanceOf(DnsAnswer.Failure.class, get(dns.query("_dmarc.example.com", Type.TXT)));
    assertEquals(1, server.queries());
    assertEquals(new DnsStats(2, 1, 1), dns.stats());
  }

  @Test
  void queriesInFlightStayWithinTheBound() throws Exception {
    server.delayAll(Duration.ofMillis(100));
    DnsClient dns = server.client(new DnsOptions(List.of(), Duration.ofSeconds(5), 0, 4));
    List<CompletableFuture<DnsAnswer>> futures = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < 40; i++) {
      futures.add(dns.query("n" + i + ".load.example.com", Type.TXT));
    }
    for (CompletableFuture<DnsAnswer> f : futures) {
      assertEquals(List.of("load"), records(get(f)).txt());
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(40, server.queries());
    assertTrue(server.maxConcurrent() <= 4, "at the server: " + server.maxConcurrent());
    assertEquals(4, server.maxConcurrent(), "the bound is used, not undercut");
    assertTrue(millis >= 40 / 4 * 100 - 50, "queued, not all at once: " + millis);
  }

  @Test
  void cnameChainsAreFollowedAndRecorded() throws Exception {
    DnsAnswer answer = get(server.client(SHORT).query("www.example.com", Type.A));
    DnsAnswer.Records records = records(answer);
    assertEquals("www.example.com", records.name());
    assertEquals(List.of("web.example.com", "host.example.net"), records.cnameChain());
    assertEquals(
        "198.51.100.7", records.ofType(ARecord.class).get(0).getAddress().getHostAddress());
  }

  @Test
  void aliasTargetsTheServerLeftOutAreAskedFor() throws Exception {
    server.chaseCnames(false);
    DnsAnswer answer = get(server.client(SHORT).query("www.example.com", Type.A));
    assertEquals(List.of("web.example.com", "host.example.net"), answer.cnameChain());
    assertEquals(1, records(answer).records().size());
    assertEquals(1, server.queries("web.example.com", Type.A));
    assertEquals(1, server.queries("host.example.net", Type.A));
  }

  @Test
  void wildcardsAnswerThroughAliases() throws Exception {
    DnsClient dns = server.client(SHORT);
    DnsAnswer dkim = get(dns.query("s1._domainkey.example.com", Type.TXT));
    assertEquals(List.of("s1.dkim.vendor.example"), dkim.cnameChain());
    assertEquals(List.of("v=DKIM1; k=rsa; p=MIIB"), records(dkim).txt());
    DnsAnswer report = get(dns.query("example.com._report._dmarc.dest.example", Type.TXT));
    assertEquals(List.of("v=DMARC1"), records(report).txt());
    assertInstanceOf(
        DnsAnswer.NxDomain.class, get(dns.query("example.com._report._dmarc.other.example", 16)));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void cnameLoopsAreMalformedAndEnd(boolean serverChases) throws Exception {
    server.chaseCnames(serverChases);
    DnsAnswer answer = get(server.client(SHORT).query("loop1.example.com", Type.TXT));
    DnsAnswer.Failure failure = assertInstanceOf(DnsAnswer.Failure.class, answer);
    assertEquals(DnsAnswer.Reason.MALFORMED, failure.reason());
    assertTrue(failure.detail().contains("loop"), failure.detail());
  }

  @Test
  void overlongChainsAreMalformed() throws Exception {
    StringBuilder zone = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      zone.append("c").append(i).append(" IN CNAME c").append(i + 1).append('\n');
    }
    zone.append("c20 IN TXT \"end\"\n");
    server.zone("chain.example", zone.toString());
    server.chaseCnames(false);
    DnsAnswer answer = get(server.client(SHORT).query("c0.chain.example", Type.TXT));
    assertEquals(
        DnsAnswer.Reason.MALFORMED, assertInstanceOf(DnsAnswer.Failure.class, answer).reason());
  }

  @Test
  void aDanglingAliasIsNxdomainWithItsChain() throws Exception {
    DnsAnswer answer = get(server.client(SHORT).query("dangling.example.com", Type.TXT));
    assertInstanceOf(DnsAnswer.NxDomain.class, answer);
    assertEquals(List.of("nowhere.example.com"), answer.cnameChain());
  }

  @Test
  void askingForTheCnameItselfIsNotChased() throws Exception {
    DnsAnswer answer = get(server.client(SHORT).query("www.example.com", Type.CNAME));
    CNAMERecord cname = records(answer).ofType(CNAMERecord.class).get(0);
    assertEquals("web.example.com.", cname.getTarget().toString());
    assertEquals(List.of(), answer.cnameChain());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "a..example.com",
        "label-longer-than-sixty-three-octets-is-not-allowed-in-dns-at-all-x.com"
      })
  void invalidNamesFailWithoutAQuery(String name) throws Exception {
    DnsClient dns = server.client(SHORT);
    DnsAnswer answer = get(dns.query(name, Type.TXT));
    assertEquals(
        DnsAnswer.Reason.ERROR, assertInstanceOf(DnsAnswer.Failure.class, answer).reason());
    assertEquals(0, server.queries());
  }

  @Test
  void closingAnswersOpenQuestions() throws Exception {
    server.fault(null, Type.ANY, Fault.DROP);
    DnsClient dns = server.client(Duration.ofSeconds(10));
    CompletableFuture<DnsAnswer> pending = dns.query("_dmarc.example.com", Type.TXT);
    Thread.sleep(100);
    assertFalse(pending.isDone());
    dns.close();
    DnsAnswer answer = pending.get(2, TimeUnit.SECONDS);
    assertEquals(
        DnsAnswer.Reason.ERROR, assertInstanceOf(DnsAnswer.Failure.class, answer).reason());
    DnsAnswer after = get(dns.query("other.example.com", Type.TXT));
    assertInstanceOf(DnsAnswer.Failure.class, after);
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, 127.0.0.1, 53",
    "127.0.0.1:5353, 127.0.0.1, 5353",
    "'[::1]:5300', 0:0:0:0:0:0:0:1, 5300",
    "'[::1]', 0:0:0:0:0:0:0:1, 53",
    "::1, 0:0:0:0:0:0:0:1, 53",
    "' 192.0.2.53 ', 192.0.2.53, 53"
  })
  void nameserverEntries(String entry, String host, int port) {
    InetSocketAddress a = ResolverDnsClient.parseNameserver(entry);
    assertEquals(host, a.getAddress().getHostAddress());
    assertEquals(port, a.getPort());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "127.0.0.1:0", "127.0.0.1:70000", "127.0.0.1:x", "[::1", "[::1]x", ":53"})
  void badNameserverEntries(String entry) {
    assertThrows(IllegalArgumentException.class, () -> ResolverDnsClient.parseNameserver(entry));
  }

  private static DnsAnswer get(CompletableFuture<DnsAnswer> f) throws Exception {
    DnsAnswer a = f.get(10, TimeUnit.SECONDS);
    assertFalse(f.isCompletedExceptionally());
    return a;
  }

  private static DnsAnswer.Records records(DnsAnswer a) {
    return assertInstanceOf(DnsAnswer.Records.class, a, () -> "got " + a);
  }
}
