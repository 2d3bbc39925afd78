package io.github.emailauth.checks.mtasts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.testing.Fault;
import io.github.emailauth.checks.testing.TestCa;
import io.github.emailauth.checks.testing.TestCertificate;
import io.github.emailauth.checks.testing.TestDnsServer;
import io.github.emailauth.checks.testing.TestHttpsServer;
import io.github.emailauth.checks.testing.TestHttpsServer.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.Type;

/** The strict policy fetch over real sockets: loopback DNS, loopback HTTPS, a test CA. */
class PolicyFetcherTest {
  static final String DOMAIN = "example.com";
  static final String HOST = "mta-sts.example.com";
  static final String POLICY =
      "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmax_age: 604800\r\n";

  static TestCa ca;
  static TrustMaterial trust;
  static TrustMaterial defaultTrustOnly;

  TestDnsServer dns;
  TestHttpsServer https;

  @BeforeAll
  static void pki(@TempDir Path dir) throws IOException {
    ca = TestCa.create("fetcher test CA");
    trust =
        TrustMaterial.load(
            ca.writeTrustStore(dir.resolve("trust.p12"), TestCa.PASSWORD), TestCa.PASSWORD);
    defaultTrustOnly = TrustMaterial.load(null, null);
  }

  @BeforeEach
  void dns() throws IOException {
    dns = TestDnsServer.start();
    dns.zone(DOMAIN, "mta-sts 300 IN A 127.0.0.1\nwww 300 IN A 127.0.0.1");
  }

  @AfterEach
  void close() {
    if (https != null) {
      https.close();
    }
    dns.close();
  }

  private FetchResult fetch(TestCertificate cert, Response response) throws IOException {
    return fetch(cert, response, trust);
  }

  private FetchResult fetch(TestCertificate cert, Response response, TrustMaterial roots)
      throws IOException {
    https = TestHttpsServer.start(cert.serverContext());
    https.respond(PolicyFetcher.PATH, response);
    return fetcher(https.port(), roots, Duration.ofSeconds(2), Duration.ofSeconds(3)).fetch(DOMAIN);
  }

  private PolicyFetcher fetcher(
      int port, TrustMaterial roots, Duration timeout, Duration deadline) {
    return new PolicyFetcher(
        dns.client(Duration.ofSeconds(2)), roots, timeout, deadline, port, Clock.systemUTC());
  }

  @Test
  void validPolicyWithSniThroughOurResolver() throws IOException {
    FetchResult result = fetch(ca.issue(HOST), Response.text(POLICY));
    FetchResult.Response r = assertInstanceOf(FetchResult.Response.class, result);
    assertEquals(200, r.status());
    assertEquals("text/plain; charset=utf-8", r.contentType());
    assertArrayEquals(POLICY.getBytes(StandardCharsets.UTF_8), r.body());
    assertFalse(r.truncated());
    assertTrue(r.tlsProtocol().startsWith("TLSv1."), r.tlsProtocol());
    TestHttpsServer.Request request = https.requests().get(0);
    assertEquals(HOST, request.sni());
    assertEquals("GET", request.method());
    assertEquals(PolicyFetcher.PATH, request.path());
    assertTrue(request.headers().get("host").startsWith(HOST), request.headers().toString());
    assertTrue(dns.queries(HOST, Type.A) >= 1, "the host was resolved through the test DNS server");
  }

  @Test
  void wildcardCertificateCoversThePolicyHost() throws IOException {
    FetchResult result = fetch(ca.issue("*.example.com"), Response.text(POLICY));
    assertEquals(200, assertInstanceOf(FetchResult.Response.class, result).status());
  }

  @Test
  void cnameToAHostingProviderIsFollowed() throws IOException {
    dns.close();
    dns = TestDnsServer.start();
    dns.zone(DOMAIN, "mta-sts 300 IN CNAME sites.hosting.test.");
    dns.zone("hosting.test", "sites 300 IN A 127.0.0.1");
    FetchResult result = fetch(ca.issue(HOST), Response.text(POLICY));
    assertEquals(200, assertInstanceOf(FetchResult.Response.class, result).status());
    assertEquals(HOST, https.requests().get(0).sni());
  }

  @Test
  void expiredCertificate() throws IOException {
    List<CertificateCheck.Problem> problems =
        rejected(fetch(ca.expired(HOST), Response.text(POLICY)));
    assertEquals(List.of(CertificateCheck.Rule.EXPIRED), rules(problems));
    assertTrue(problems.get(0).detail().contains("expired on"), problems.toString());
    assertTrue(https.requests().isEmpty(), "no request over a rejected connection");
  }

  @Test
  void notYetValidCertificate() throws IOException {
    List<CertificateCheck.Problem> problems =
        rejected(fetch(ca.notYetValid(HOST), Response.text(POLICY)));
    assertEquals(List.of(CertificateCheck.Rule.EXPIRED), rules(problems));
    assertTrue(problems.get(0).detail().contains("not valid before"), problems.toString());
  }

  @Test
  void certificateForAnotherHost() throws IOException {
    List<CertificateCheck.Problem> problems =
        rejected(fetch(ca.issue("www.example.com", "example.com"), Response.text(POLICY)));
    assertEquals(List.of(CertificateCheck.Rule.HOST), rules(problems));
    assertTrue(
        problems.get(0).detail().contains("www.example.com, example.com"), problems.toString());
    assertTrue(problems.get(0).detail().contains("not " + HOST), problems.toString());
    assertTrue(https.requests().isEmpty());
  }

  @Test
  void wildcardTwoLevelsUpDoesNotCover() throws IOException {
    assertEquals(
        List.of(CertificateCheck.Rule.HOST),
        rules(rejected(fetch(ca.issue("*.com"), Response.text(POLICY)))));
  }

  @Test
  void selfSignedCertificate() throws IOException {
    List<CertificateCheck.Problem> problems =
        rejected(fetch(TestCa.selfSigned(HOST), Response.text(POLICY)));
    assertEquals(List.of(CertificateCheck.Rule.UNTRUSTED), rules(problems));
    assertTrue(problems.get(0).detail().startsWith("self-signed"), problems.toString());
  }

  @Test
  void certificateFromAnUnknownCa() throws IOException {
    TestCa other = TestCa.create("some other CA");
    List<CertificateCheck.Problem> problems =
        rejected(fetch(other.issue(HOST), Response.text(POLICY)));
    assertEquals(List.of(CertificateCheck.Rule.UNTRUSTED), rules(problems));
    assertFalse(problems.get(0).detail().startsWith("self-signed"));
  }

  @Test
  void extraTrustStoreIsWhatMakesTheTestCaTrusted() throws IOException {
    List<CertificateCheck.Problem> problems =
        rejected(fetch(ca.issue(HOST), Response.text(POLICY), defaultTrustOnly));
    assertEquals(List.of(CertificateCheck.Rule.UNTRUSTED), rules(problems));
  }

  @Test
  void everyBrokenRuleIsReported() throws IOException {
    TestCa other = TestCa.create("untrusted CA");
    TestCertificate bad =
        other.issue(
            java.time.Instant.now().minus(Duration.ofDays(9)),
            java.time.Instant.now().minus(Duration.ofDays(2)),
            "wrong.example.org");
    assertEquals(
        List.of(
            CertificateCheck.Rule.EXPIRED,
            CertificateCheck.Rule.HOST,
            CertificateCheck.Rule.UNTRUSTED),
        rules(rejected(fetch(bad, Response.text(POLICY)))));
  }

  @Test
  void redirectIsNotFollowed() throws IOException {
    FetchResult result =
        fetch(
            ca.issue(HOST),
            Response.redirect(301, "https://www.example.com/.well-known/mta-sts.txt"));
    FetchResult.Response r = assertInstanceOf(FetchResult.Response.class, result);
    assertEquals(301, r.status());
    assertEquals("https://www.example.com/.well-known/mta-sts.txt", r.location());
    assertEquals(0, r.body().length);
    assertEquals(1, https.requests().size(), "exactly one request: the redirect was not followed");
  }

  @Test
  void redirectToTheSameUrlIsNotFollowedEither() throws IOException {
    https = TestHttpsServer.start(ca.issue(HOST).serverContext());
    String self = "https://" + HOST + ":" + https.port() + PolicyFetcher.PATH;
    https.respond(PolicyFetcher.PATH, Response.redirect(302, self));
    FetchResult result =
        fetcher(https.port(), trust, Duration.ofSeconds(2), Duration.ofSeconds(3)).fetch(DOMAIN);
    assertEquals(302, assertInstanceOf(FetchResult.Response.class, result).status());
    assertEquals(1, https.requests().size());
  }

  @Test
  void notFound() throws IOException {
    https = TestHttpsServer.start(ca.issue(HOST).serverContext());
    FetchResult result =
        fetcher(https.port(), trust, Duration.ofSeconds(2), Duration.ofSeconds(3)).fetch(DOMAIN);
    FetchResult.Response r = assertInstanceOf(FetchResult.Response.class, result);
    assertEquals(404, r.status());
    assertEquals("Not Found", r.reason());
  }

  @Test
  void wrongContentTypeIsPassedOnForTheModuleToJudge() throws IOException {
    FetchResult result =
        fetch(
            ca.issue(HOST), Response.of(200, "text/html", POLICY.getBytes(StandardCharsets.UTF_8)));
    assertEquals("text/html", assertInstanceOf(FetchResult.Response.class, result).contentType());
  }

  @Test
  void oversizedBodyStopsAtTheCap() throws IOException {
    FetchResult result = fetch(ca.issue(HOST), Response.large(70 * 1024));
    FetchResult.Response r = assertInstanceOf(FetchResult.Response.class, result);
    assertTrue(r.truncated());
    assertEquals(PolicyFetcher.MAX_BODY, r.body().length);
  }

  @Test
  void bodyOfExactlyTheCapIsNotTruncated() throws IOException {
    FetchResult.Response r =
        assertInstanceOf(
            FetchResult.Response.class,
            fetch(ca.issue(HOST), Response.large(PolicyFetcher.MAX_BODY)));
    assertFalse(r.truncated());
    assertEquals(PolicyFetcher.MAX_BODY, r.body().length);
  }

  @Test
  void drippingBodyHitsTheOverallDeadline() throws IOException {
    // one byte every 100 ms never trips the 2 s read timeout, only the 3 s deadline
    long start = System.nanoTime();
    FetchResult result =
        fetch(ca.issue(HOST), Response.text(POLICY).dripping(Duration.ofMillis(100)));
    long elapsed = (System.nanoTime() - start) / 1_000_000;
    FetchResult.Unverifiable u = assertInstanceOf(FetchResult.Unverifiable.class, result);
    assertTrue(u.detail().contains("deadline"), u.detail());
    assertTrue(elapsed >= 2_500 && elapsed < 6_000, "took " + elapsed + " ms");
  }

  @ParameterizedTest
  @EnumSource(
      value = TestHttpsServer.Flood.class,
      names = {"ONE_LINE", "MANY_HEADERS"})
  void endlessResponseHeadIsCutOffEarly(TestHttpsServer.Flood flood) throws IOException {
    // The body cap does not cover the head: without limits on it a hostile server fills the heap
    // (hundreds of MiB within the deadline on loopback) long before the deadline fires.
    long start = System.nanoTime();
    FetchResult result = fetch(ca.issue(HOST), Response.endlessHead(flood));
    long elapsed = (System.nanoTime() - start) / 1_000_000;
    FetchResult.Unverifiable u = assertInstanceOf(FetchResult.Unverifiable.class, result);
    assertTrue(u.detail().contains("response head"), u.detail());
    assertFalse(u.detail().contains("deadline"), u.detail());
    assertTrue(elapsed < 2_500, "took " + elapsed + " ms");
    // what the client accepted is bounded by its limits, plus socket buffers
    assertTrue(https.bytesSent() < 16 * 1024 * 1024, https.bytesSent() + " bytes were taken");
  }

  @Test
  void hostWithoutAddress() throws IOException {
    dns.close();
    dns = TestDnsServer.start();
    dns.zone(DOMAIN, "@ 300 IN MX 10 mx1.example.com.\nmx1 300 IN A 127.0.0.1");
    FetchResult result =
        fetcher(443, trust, Duration.ofSeconds(2), Duration.ofSeconds(3)).fetch(DOMAIN);
    FetchResult.HostMissing missing = assertInstanceOf(FetchResult.HostMissing.class, result);
    assertTrue(missing.detail().contains("NXDOMAIN"), missing.detail());
    assertEquals("https://mta-sts.example.com/.well-known/mta-sts.txt", missing.url());
  }

  @Test
  void hostWithoutARecordsButOtherData() throws IOException {
    dns.close();
    dns = TestDnsServer.start();
    dns.zone(DOMAIN, "mta-sts 300 IN TXT \"not an address\"");
    FetchResult result =
        fetcher(443, trust, Duration.ofSeconds(2), Duration.ofSeconds(3)).fetch(DOMAIN);
    FetchResult.HostMissing missing = assertInstanceOf(FetchResult.HostMissing.class, result);
    assertTrue(missing.detail().contains("no A or AAAA"), missing.detail());
  }

  @Test
  void dnsFailureIsUnverifiableNotMissing() {
    dns.fault(HOST, Type.A, Fault.SERVFAIL);
    dns.fault(HOST, Type.AAAA, Fault.SERVFAIL);
    FetchResult result =
        fetcher(443, trust, Duration.ofSeconds(2), Duration.ofSeconds(3)).fetch(DOMAIN);
    FetchResult.Unverifiable u = assertInstanceOf(FetchResult.Unverifiable.class, result);
    assertTrue(u.detail().contains("SERVFAIL"), u.detail());
  }

  @Test
  void connectionRefusedIsUnverifiable() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = s.getLocalPort();
    }
    FetchResult result =
        fetcher(closedPort, trust, Duration.ofSeconds(2), Duration.ofSeconds(3)).fetch(DOMAIN);
    FetchResult.Unverifiable u = assertInstanceOf(FetchResult.Unverifiable.class, result);
    assertTrue(u.detail().contains("connect"), u.detail());
  }

  @Test
  void silentServerTimesOut() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
      Thread holder =
          new Thread(
              () -> {
                try (Socket s = silent.accept()) {
                  s.getInputStream().read(new byte[4096]); // read the ClientHello, answer nothing
                  Thread.sleep(5_000);
                } catch (IOException | InterruptedException e) {
                  // test over
                }
              });
      holder.setDaemon(true);
      holder.start();
      long start = System.nanoTime();
      FetchResult result =
          fetcher(silent.getLocalPort(), trust, Duration.ofSeconds(1), Duration.ofSeconds(3))
              .fetch(DOMAIN);
      long elapsed = (System.nanoTime() - start) / 1_000_000;
      assertInstanceOf(FetchResult.Unverifiable.class, result);
      assertTrue(elapsed < 3_500, "took " + elapsed + " ms");
      holder.interrupt();
    }
  }

  @Test
  void defaultDeadlineIsThreeTimeoutsAtMostAMinute() {
    assertEquals(Duration.ofSeconds(30), PolicyFetcher.defaultDeadline(Duration.ofSeconds(10)));
    assertEquals(Duration.ofMinutes(1), PolicyFetcher.defaultDeadline(Duration.ofSeconds(45)));
  }

  @Test
  void productionUrlHasNoPort() {
    PolicyFetcher production =
        new PolicyFetcher(
            null,
            trust,
            Duration.ofSeconds(1),
            Duration.ofSeconds(3),
            PolicyFetcher.HTTPS_PORT,
            Clock.systemUTC());
    assertEquals("https://mta-sts.example.com/.well-known/mta-sts.txt", production.url(DOMAIN));
  }

  private static List<CertificateCheck.Problem> rejected(FetchResult result) {
    return assertInstanceOf(FetchResult.CertificateRejected.class, result, result.toString())
        .problems();
  }

  private static List<CertificateCheck.Rule> rules(List<CertificateCheck.Problem> problems) {
    return problems.stream().map(CertificateCheck.Problem::rule).toList();
  }
}
