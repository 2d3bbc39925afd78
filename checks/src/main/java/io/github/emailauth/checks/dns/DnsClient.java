package io.github.emailauth.checks.dns;

import java.util.concurrent.CompletableFuture;

/**
 * Asks DNS questions for one run. Implementations cache answers for the whole run (the same {@code
 * include:_spf.google.com} is asked once however many domains use it), bound the queries in flight,
 * and never complete exceptionally: every problem becomes a {@link DnsAnswer.Failure}.
 *
 * <p>Two implementations: {@link ResolverDnsClient} asks real name servers through dnsjava, {@link
 * ZoneFileDnsClient} answers from RFC 1035 master files so a planned zone can be verified before it
 * is deployed.
 */
public interface DnsClient extends AutoCloseable {
  /**
   * Asks for records of {@code type} (a {@link org.xbill.DNS.Type} constant) at {@code name}
   * (absolute, with or without the trailing dot; case does not matter). CNAMEs are followed and
   * reported in {@link DnsAnswer#cnameChain()}.
   */
  CompletableFuture<DnsAnswer> query(String name, int type);

  /** Counters for progress logs and benchmarks. */
  DnsStats stats();

  @Override
  default void close() {}
}
