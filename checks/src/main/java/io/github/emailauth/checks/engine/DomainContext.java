package io.github.emailauth.checks.engine;

import io.github.emailauth.checks.dns.DnsClient;
import io.github.emailauth.policy.CheckOverride;
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

  /**
   * False when the policy switches {@code check} off ({@code checks: {ID: off}}): the engine drops
   * its findings anyway, so a module can skip costly work that only feeds that check.
   */
  public boolean enabled(CheckDefinition check) {
    if (policy == null) {
      return true;
    }
    CheckOverride o = policy.checks().get(check.id());
    return o == null || o.severity() != io.github.emailauth.policy.Severity.OFF;
  }
}
