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
 */
public record RunOptions(
    Path trustStore,
    char[] trustStorePassword,
    Duration httpTimeout,
    boolean probeSmtp,
    int smtpPort,
    int concurrency) {
  public static RunOptions defaults() {
    return new RunOptions(null, null, Duration.ofSeconds(10), false, 25, 64);
  }
}
