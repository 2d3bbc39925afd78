package io.github.emailauth.checks.dns;

import java.time.Duration;
import java.util.List;

/**
 * How {@link ResolverDnsClient} reaches name servers.
 *
 * @param nameservers {@code host[:port]} entries; empty means the system's resolvers
 * @param timeout per attempt
 * @param retries further attempts after the first one times out
 * @param maxInFlight queries on the wire at once, across all domains of the run
 */
public record DnsOptions(List<String> nameservers, Duration timeout, int retries, int maxInFlight) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
  public static final int DEFAULT_RETRIES = 2;
  public static final int DEFAULT_MAX_IN_FLIGHT = 64;

  public DnsOptions {
    nameservers = List.copyOf(nameservers);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be >= 0: " + retries);
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1: " + maxInFlight);
    }
  }

  public static DnsOptions defaults() {
    return new DnsOptions(List.of(), DEFAULT_TIMEOUT, DEFAULT_RETRIES, DEFAULT_MAX_IN_FLIGHT);
  }
}
