package io.github.emailauth.checks.engine;

import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.policy.DomainPolicy;
import io.github.emailauth.policy.Policy;
import java.time.Clock;

/**
 * What a {@link ProtocolModule} gets for one domain.
 *
 * @param policy the whole policy (senders, overrides)
 * @param domain this domain's effective declaration
 * @param dns the run's shared, caching client; null for {@code lint}
 * @param options run options (trust store, probes)
 * @param clock "now", for dates such as {@code retireAfter}
 */
public record DomainContext(
    Policy policy, DomainPolicy domain, DnsClient dns, RunOptions options, Clock clock) {
  public String name() {
    return domain.name();
  }
}
