package io.github.emailauth.checks.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** Routing of the loopback HTTPS server, checked with a raw TLS socket. */
class TestHttpsServerTest {
  private static final String PATH = "/.well-known/mta-sts.txt";

  @Test
  void hostRouteWinsOverPathRouteAndIgnoresCaseAndPort() throws Exception {
    TestCa ca = TestCa.create("routing test CA");
    try (TestHttpsServer server =
        TestHttpsServer.start(ca.issue("a.example", "b.example").serverContext())) {
      server.respond(PATH, TestHttpsServer.Response.text("any host"));
      server.respond("A.example", PATH, TestHttpsServer.Response.text("host a"));
      SSLContext client = client(ca);
      assertEquals("host a", body(get(client, server.port(), "a.example:" + server.port())));
      assertEquals("host a", body(get(client, server.port(), "a.EXAMPLE")));
      assertEquals("any host", body(get(client, server.port(), "b.example")));
      assertEquals(3, server.requests().size());
    }
  }

  @Test
  void hostRouteDoesNotServeOtherPaths() throws Exception {
    TestCa ca = TestCa.create("routing test CA");
    try (TestHttpsServer server = TestHttpsServer.start(ca.issue("a.example").serverContext())) {
      server.respond("a.example", PATH, TestHttpsServer.Response.text("host a"));
      String response = get(client(ca), server.port(), "a.example", "/other");
      assertEquals("HTTP/1.1 404 Not Found", response.lines().findFirst().orElseThrow());
    }
  }

  private static SSLContext client(TestCa ca) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  private static String get(SSLContext context, int port, String host) throws IOException {
    return get(context, port, host, PATH);
  }

  private static String get(SSLContext context, int port, String host, String path)
      throws IOException {
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }
}
