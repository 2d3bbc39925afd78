package io.github.emailauth.checks.engine;

import io.github.emailauth.checks.dns.DnsAnswer;
import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.checks.dns.DnsStats;
import java.util.concurrent.CompletableFuture;

/**
 * A DnsClient for engine tests, whose fake modules ask no questions: any query is a test bug. Its
 * counters are fixed so progress lines can be asserted.
 */
public final class NoDns implements DnsClient {
  @Override
  public CompletableFuture<DnsAnswer> query(String name, int type) {
    throw new AssertionError("engine tests ask no DNS questions: " + name);
  }

  @Override
  public DnsStats stats() {
    return new DnsStats(7, 5, 1);
  }
}
