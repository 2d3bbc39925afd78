package io.github.emailauth.checks.engine;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Options of a run that protocol modules may need besides DNS.
 *
 * @param trustStore an extra PKCS12 trust store for HTTPS and SMTP (private or test PKI), or null
 * @param trustStorePassword its password, or null
 * @param httpTimeout connect and read timeout for HTTPS fetches
 * @param probeSmtp whether to probe MX hosts with STARTTLS
 * @param smtpPort the port for those probes (25; tests use another)
 * @param concurrency domains verified at once
 * @param mtaStsPort the port of the MTA-STS policy host: 443, which RFC 8461 fixes; only tests,
 *     whose loopback servers cannot bind 443, use another
 */
public record RunOptions(
    Path trustStore,
    char[] trustStorePassword,
    Duration httpTimeout,
    boolean probeSmtp,
    int smtpPort,
    int concurrency,
    int mtaStsPort) {
  /** The port RFC 8461 §3.3 fixes for the policy host. */
  public static final int MTA_STS_PORT = 443;

  /** The options as before {@code mtaStsPort} existed: the policy host on port 443. */
  public RunOptions(
      Path trustStore,
      char[] trustStorePassword,
      Duration httpTimeout,
      boolean probeSmtp,
      int smtpPort,
      int concurrency) {
    this(
        trustStore,
        trustStorePassword,
        httpTimeout,
        probeSmtp,
        smtpPort,
        concurrency,
        MTA_STS_PORT);
  }

  public static RunOptions defaults() {
    return new RunOptions(null, null, Duration.ofSeconds(10), false, 25, 64, MTA_STS_PORT);
  }
}
