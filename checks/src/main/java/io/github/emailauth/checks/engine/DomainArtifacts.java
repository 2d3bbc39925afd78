package io.github.emailauth.checks.engine;

import java.util.Objects;

/** What {@code generate} produced for one domain. */
public record DomainArtifacts(String domain, Artifacts artifacts) {
  public DomainArtifacts {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(artifacts, "artifacts");
  }
}
