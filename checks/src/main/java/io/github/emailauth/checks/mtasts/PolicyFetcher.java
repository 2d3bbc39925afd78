package io.github.emailauth.checks.mtasts;

import io.github.emailauth.checks.dns.DnsClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.ssl.SSLBufferMode;
import org.apache.hc.core5.util.Timeout;

/**
 * Fetches {@code https://mta-sts.<domain>/.well-known/mta-sts.txt} the strict way RFC 8461 §3.3
 * asks: HTTPS only, TLS 1.2 or later, SNI and a certificate valid for the policy host under the
 * default plus extra roots, no redirects followed, no HTTP cache, a 64 KiB cap, connect and read
 * timeouts, and an overall deadline so a body that drips one byte at a time cannot hold the run.
 * The host is resolved through our {@link DnsClient}.
 *
 * <p>Blocking; callers run it on a worker thread.
 */
final class PolicyFetcher {
  /** RFC 8461 §3.3 suggests a 64 KB limit; we read at most this many bytes. */
  static final int MAX_BODY = 64 * 1024;

  static final String PATH = "/.well-known/mta-sts.txt";

  /** Production always uses 443 (RFC 8461 §3.3: "no other port"). */
  static final int HTTPS_PORT = 443;

  /**
   * Limits on the response head, which the body cap does not cover: HttpClient's defaults are
   * unlimited, so one endless header line, or endless short headers, would fill the heap before the
   * deadline fires. A policy host sends a dozen short headers; CDNs a few dozen.
   */
  static final int MAX_HEAD_LINE = 8 * 1024;

  static final int MAX_HEADERS = 128;

  /** RFC 8461 §3.3 suggests a one-minute timeout for the whole fetch. */
  static final Duration MAX_DEADLINE = Duration.ofMinutes(1);

  /** Fires overall deadlines of fetches and probes; one daemon thread for the JVM. */
  static final ScheduledExecutorService DEADLINES =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "emailauth-mtasts-deadline");
            t.setDaemon(true);
            return t;
          });

  private final DnsClient dns;
  private final TrustMaterial trust;
  private final Duration timeout;
  private final Duration deadline;
  private final int port;
  private final Clock clock;

  /**
   * @param timeout connect timeout and per-read timeout
   * @param deadline the whole fetch, from DNS to the last byte
   * @param port {@link #HTTPS_PORT}; another port is for tests only, whose loopback servers cannot
   *     bind 443
   */
  PolicyFetcher(
      DnsClient dns,
      TrustMaterial trust,
      Duration timeout,
      Duration deadline,
      int port,
      Clock clock) {
    this.dns = dns;
    this.trust = trust;
    this.timeout = timeout;
    this.deadline = deadline;
    this.port = port;
    this.clock = clock;
  }

  /** The default overall deadline: three timeouts, at most {@link #MAX_DEADLINE}. */
  static Duration defaultDeadline(Duration timeout) {
    Duration three = timeout.multipliedBy(3);
    return three.compareTo(MAX_DEADLINE) > 0 ? MAX_DEADLINE : three;
  }

  static String host(String domain) {
    return "mta-sts." + domain;
  }

  String url(String domain) {
    return "https://" + host(domain) + (port == HTTPS_PORT ? "" : ":" + port) + PATH;
  }

  FetchResult fetch(String domain) {
    String host = host(domain);
    String url = url(domain);
    long start = System.nanoTime();

    // Resolve first, through the run's cache, so that "no such host" (the operator's mistake) and
    // "DNS failed" (unverifiable) stay apart; HttpClient's resolver below gets cache hits.
    HostAddresses addresses;
    try {
      addresses = HostAddresses.await(dns, host, deadline);
    } catch (HostAddresses.Unresolved e) {
      return new FetchResult.Unverifiable(url, e.getMessage());
    }
    if (addresses.addresses().isEmpty()) {
      return addresses.failure() != null
          ? new FetchResult.Unverifiable(url, addresses.describeFailure())
          : new FetchResult.HostMissing(url, addresses.describeAbsence());
    }

    CertificateCheck.Recorder recorder = new CertificateCheck.Recorder(trust.trustManager());
    AtomicReference<SSLSession> session = new AtomicReference<>();
    HostnameVerifier verifier =
        (name, s) -> {
          session.set(s);
          try {
            return s.getPeerCertificates().length > 0
                && s.getPeerCertificates()[0] instanceof java.security.cert.X509Certificate leaf
                && CertificateCheck.matchesHost(leaf, host);
          } catch (SSLPeerUnverifiedException e) {
            return false;
          }
        };
    SSLContext context = recorder.context();
    Duration remaining = deadline.minusNanos(System.nanoTime() - start);
    Timeout connectTimeout = Timeout.of(min(timeout, remaining));
    AtomicBoolean expired = new AtomicBoolean();
    HttpGet get = new HttpGet(URI.create(url));
    get.setHeader("Cache-Control", "no-cache");
    try (CloseableHttpClient client =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setConnectionFactory(
                        ManagedHttpClientConnectionFactory.builder()
                            .http1Config(
                                Http1Config.custom()
                                    .setMaxLineLength(MAX_HEAD_LINE)
                                    .setMaxHeaderCount(MAX_HEADERS)
                                    .build())
                            .build())
                    .setDnsResolver(new DnsClientResolver(dns, timeout))
                    .setTlsSocketStrategy(
                        new DefaultClientTlsStrategy(
                            context,
                            new String[] {"TLSv1.3", "TLSv1.2"},
                            null,
                            SSLBufferMode.STATIC,
                            HostnameVerificationPolicy.CLIENT,
                            verifier))
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(connectTimeout)
                            .setSocketTimeout(Timeout.of(timeout))
                            .build())
                    .build())
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setRedirectsEnabled(false)
                    .setResponseTimeout(Timeout.of(timeout))
                    .build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableContentCompression()
            .setUserAgent("emailauth (MTA-STS policy check)")
            .build()) {
      ScheduledFuture<?> alarm =
          DEADLINES.schedule(
              () -> {
                expired.set(true);
                get.cancel();
              },
              Math.max(1, remaining.toMillis()),
              TimeUnit.MILLISECONDS);
      try {
        return exchange(client, get, host, url, session, expired);
      } catch (IOException e) {
        return classify(url, host, e, recorder, expired.get());
      } finally {
        alarm.cancel(false);
        get.cancel(); // never drain a body we stopped reading: discard the connection
        client.close(CloseMode.IMMEDIATE);
      }
    } catch (IOException e) {
      return new FetchResult.Unverifiable(url, "closing the HTTP client failed: " + e);
    }
  }

  private FetchResult exchange(
      CloseableHttpClient client,
      HttpGet get,
      String host,
      String url,
      AtomicReference<SSLSession> session,
      AtomicBoolean expired)
      throws IOException {
    HttpHost target = new HttpHost("https", host, port);
    try (ClassicHttpResponse response = client.executeOpen(target, get, null)) {
      int status = response.getCode();
      String contentType = header(response, "Content-Type");
      String location = header(response, "Location");
      String tls = session.get() == null ? null : session.get().getProtocol();
      byte[] body = new byte[0];
      boolean truncated = false;
      if (status == 200) {
        HttpEntity entity = response.getEntity();
        if (entity != null) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          byte[] buffer = new byte[8192];
          try (InputStream in = entity.getContent()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
              int room = MAX_BODY - out.size();
              if (n > room) {
                out.write(buffer, 0, room);
                truncated = true;
                break;
              }
              out.write(buffer, 0, n);
            }
          }
          body = out.toByteArray();
        }
      }
      if (expired.get()) {
        throw new InterruptedIOException("deadline");
      }
      return new FetchResult.Response(
          url, status, response.getReasonPhrase(), contentType, location, body, truncated, tls);
    }
  }

  private FetchResult classify(
      String url,
      String host,
      IOException e,
      CertificateCheck.Recorder recorder,
      boolean deadlineExpired) {
    if (deadlineExpired) {
      return new FetchResult.Unverifiable(
          url,
          "the fetch did not finish within the overall deadline of "
              + deadline.toSeconds()
              + " s (a slow or dripping response); senders give up too");
    }
    if (e instanceof MessageConstraintException
        || e.getCause() instanceof MessageConstraintException) {
      return new FetchResult.Unverifiable(
          url,
          "the response head exceeds the limits of "
              + MAX_HEADERS
              + " headers and "
              + MAX_HEAD_LINE
              + " bytes per line, so reading stopped: "
              + e.getMessage());
    }
    if (e instanceof SSLException) {
      List<CertificateCheck.Problem> problems = recorder.diagnoseRejection(host, clock.instant());
      if (!problems.isEmpty()) {
        return new FetchResult.CertificateRejected(url, problems);
      }
    }
    if (e instanceof DnsClientResolver.LookupFailedException) {
      return new FetchResult.Unverifiable(url, e.getMessage());
    }
    if (e instanceof UnknownHostException) {
      return new FetchResult.HostMissing(url, e.getMessage());
    }
    if (e instanceof SocketTimeoutException
        || e instanceof org.apache.hc.client5.http.ConnectTimeoutException) {
      return new FetchResult.Unverifiable(
          url, "timed out after " + timeout.toMillis() + " ms: " + e.getMessage());
    }
    if (e instanceof ConnectException) {
      return new FetchResult.Unverifiable(url, "cannot connect: " + e.getMessage());
    }
    if (e instanceof SSLException) {
      return new FetchResult.Unverifiable(url, "TLS handshake failed: " + e.getMessage());
    }
    return new FetchResult.Unverifiable(url, e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  private static String header(ClassicHttpResponse response, String name) {
    Header h = response.getFirstHeader(name);
    return h == null ? null : h.getValue();
  }

  private static Duration min(Duration a, Duration b) {
    Duration m = a.compareTo(b) < 0 ? a : b;
    return m.isNegative() || m.isZero() ? Duration.ofMillis(1) : m;
  }
}
