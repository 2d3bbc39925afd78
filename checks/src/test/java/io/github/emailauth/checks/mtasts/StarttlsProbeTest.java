package io.github.emailauth.checks.mtasts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.testing.TestCa;
import io.github.emailauth.checks.testing.TestDnsServer;
import io.github.emailauth.checks.testing.TestSmtpServer;
import io.github.emailauth.checks.testing.TestSmtpServer.Behaviour;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The STARTTLS probe against the loopback SMTP responder, host names from the loopback DNS. */
class StarttlsProbeTest {
  static final String MX = "mx1.example.com";
  static TestCa ca;
  static TrustMaterial trust;

  TestDnsServer dns;
  TestSmtpServer smtp;

  @BeforeAll
  static void pki(@TempDir Path dir) throws IOException {
    ca = TestCa.create("probe test CA");
    trust =
        TrustMaterial.load(
            ca.writeTrustStore(dir.resolve("trust.p12"), TestCa.PASSWORD), TestCa.PASSWORD);
  }

  @BeforeEach
  void dns() throws IOException {
    dns = TestDnsServer.start();
    dns.zone("example.com", "mx1 300 IN A 127.0.0.1");
  }

  @AfterEach
  void close() {
    if (smtp != null) {
      smtp.close();
    }
    dns.close();
  }

  private ProbeResult probe(Behaviour behaviour, SSLContext tls) throws IOException {
    smtp = TestSmtpServer.start(behaviour, tls);
    return probe(smtp.port(), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  private ProbeResult probe(int port, Duration timeout, Duration deadline) {
    return new StarttlsProbe(
            dns.client(Duration.ofSeconds(2)), trust, timeout, deadline, port, Clock.systemUTC())
        .probe(MX);
  }

  @Test
  void goodCertificate() throws IOException {
    ProbeResult.Secure secure =
        assertInstanceOf(
            ProbeResult.Secure.class, probe(Behaviour.STARTTLS, ca.issue(MX).serverContext()));
    assertTrue(secure.tlsProtocol().equals("TLSv1.3") || secure.tlsProtocol().equals("TLSv1.2"));
    assertEquals("127.0.0.1:" + smtp.port(), secure.address());
    // the responder records SNI before it reads QUIT, so wait for QUIT first
    assertEquals(List.of("EHLO [127.0.0.1]", "STARTTLS", "QUIT"), awaitCommands(3));
    assertEquals(List.of(MX), smtp.sniNames());
  }

  @Test
  void noStarttlsOffered() throws IOException {
    ProbeResult.NoStarttls no =
        assertInstanceOf(ProbeResult.NoStarttls.class, probe(Behaviour.NO_STARTTLS, null));
    assertTrue(no.ehloReply().contains("250 8BITMIME"), no.ehloReply());
    assertEquals(0, smtp.handshakes());
  }

  @Test
  void starttlsRefused() throws IOException {
    ProbeResult.TlsFailed failed =
        assertInstanceOf(ProbeResult.TlsFailed.class, probe(Behaviour.REFUSE_STARTTLS, null));
    assertTrue(failed.detail().contains("454"), failed.detail());
  }

  @Test
  void certificateForAnotherHost() throws IOException {
    ProbeResult.CertificateRejected rejected =
        assertInstanceOf(
            ProbeResult.CertificateRejected.class,
            probe(Behaviour.STARTTLS, ca.issue("mail.other.example").serverContext()));
    assertEquals(List.of(CertificateCheck.Rule.HOST), rules(rejected));
    assertTrue(rejected.tlsProtocol().startsWith("TLSv1."), "the handshake itself completed");
  }

  @Test
  void expiredCertificate() throws IOException {
    ProbeResult.CertificateRejected rejected =
        assertInstanceOf(
            ProbeResult.CertificateRejected.class,
            probe(Behaviour.STARTTLS, ca.expired(MX).serverContext()));
    assertEquals(List.of(CertificateCheck.Rule.EXPIRED), rules(rejected));
  }

  @Test
  void selfSignedCertificate() throws IOException {
    ProbeResult.CertificateRejected rejected =
        assertInstanceOf(
            ProbeResult.CertificateRejected.class,
            probe(Behaviour.STARTTLS, TestCa.selfSigned(MX).serverContext()));
    assertEquals(List.of(CertificateCheck.Rule.UNTRUSTED), rules(rejected));
    assertTrue(rejected.problems().get(0).detail().startsWith("self-signed"));
  }

  @Test
  void silentServerIsUnverifiableWithinTheTimeout() throws IOException {
    smtp = TestSmtpServer.start(Behaviour.SILENT, null);
    long start = System.nanoTime();
    ProbeResult.Unverifiable u =
        assertInstanceOf(
            ProbeResult.Unverifiable.class,
            probe(smtp.port(), Duration.ofMillis(800), Duration.ofSeconds(3)));
    long elapsed = (System.nanoTime() - start) / 1_000_000;
    assertTrue(u.detail().contains("no answer within 800 ms"), u.detail());
    assertTrue(elapsed < 2_500, "took " + elapsed + " ms");
  }

  @Test
  void drippingServerHitsTheOverallDeadline() throws IOException {
    // a byte every 50 ms never trips the 800 ms read timeout, and 64 lines of 20 bytes would take
    // a minute: only the 2 s deadline stops it
    smtp = TestSmtpServer.start(Behaviour.DRIPPING, null);
    long start = System.nanoTime();
    ProbeResult.Unverifiable u =
        assertInstanceOf(
            ProbeResult.Unverifiable.class,
            probe(smtp.port(), Duration.ofMillis(800), Duration.ofSeconds(2)));
    long elapsed = (System.nanoTime() - start) / 1_000_000;
    assertTrue(u.detail().contains("did not finish within 2 s"), u.detail());
    assertTrue(elapsed >= 1_800 && elapsed < 3_500, "took " + elapsed + " ms");
  }

  @Test
  void closedPortIsUnverifiable() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    assertInstanceOf(
        ProbeResult.Unverifiable.class, probe(port, Duration.ofSeconds(1), Duration.ofSeconds(2)));
  }

  @Test
  void hostWithoutAddressIsUnverifiable() {
    ProbeResult.Unverifiable u =
        assertInstanceOf(
            ProbeResult.Unverifiable.class,
            new StarttlsProbe(
                    dns.client(Duration.ofSeconds(2)),
                    trust,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(2),
                    25,
                    Clock.systemUTC())
                .probe("mx9.example.com."));
    assertTrue(u.detail().contains("mx9.example.com does not exist"), u.detail());
  }

  @Test
  void replyParsing() throws IOException {
    StarttlsProbe.Reply reply =
        StarttlsProbe.Reply.read(
            new java.io.ByteArrayInputStream(
                "250-mx.test\r\n250-SIZE 1000\r\n250-starttls\r\n250 8BITMIME\r\n".getBytes()));
    assertEquals(250, reply.code());
    assertTrue(reply.offers("STARTTLS"));
    assertTrue(!reply.offers("SIZE 1000"));
    java.io.InputStream endless =
        new java.io.InputStream() {
          @Override
          public int read() {
            return 'x';
          }
        };
    IOException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IOException.class, () -> StarttlsProbe.Reply.read(endless));
    assertTrue(e.getMessage().contains("longer than"), e.getMessage());
  }

  private List<String> awaitCommands(int n) {
    long until = System.nanoTime() + 2_000_000_000L;
    while (smtp.commands().size() < n && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    return smtp.commands();
  }

  private static List<CertificateCheck.Rule> rules(ProbeResult.CertificateRejected rejected) {
    return rejected.problems().stream().map(CertificateCheck.Problem::rule).toList();
  }
}
