package io.github.emailauth.checks.engine;

import java.util.List;

/**
 * The outcome of {@code generate}.
 *
 * @param domains the artifacts of every domain, in policy order
 * @param report the lint findings of the policy, plus an {@code ENGINE-CHECK-FAILED} finding for
 *     each module that could not generate a domain's artifacts (those artifacts are then missing,
 *     so the caller should not publish a partial set without looking)
 */
public record Generation(List<DomainArtifacts> domains, Report report) {
  public Generation {
    domains = List.copyOf(domains);
  }
}
