package io.github.emailauth.checks.spf;

import io.github.emailauth.checks.engine.CheckDefinition;
import io.github.emailauth.checks.engine.CheckSpec;
import io.github.emailauth.checks.engine.Kind;
import io.github.emailauth.checks.engine.Protocol;
import io.github.emailauth.checks.engine.Severity;

/**
 * The check ids of {@code flatten: true} (kept apart from {@link SpfCheck} so the two can grow
 * independently). Each has a section in docs/checks.md.
 */
public enum SpfFlattenCheck implements CheckDefinition {
  STALE(
      "SPF-FLATTENED-STALE",
      Kind.DRIFT,
      Severity.ERROR,
      "The published flattened chain no longer matches what the declared includes resolve to"),
  PARTIAL(
      "SPF-FLATTEN-PARTIAL",
      Kind.WEAK,
      Severity.NOTICE,
      "Terms that cannot be flattened without changing their meaning stay as they are"),
  IMPOSSIBLE(
      "SPF-FLATTEN-IMPOSSIBLE",
      Kind.INVALID,
      Severity.ERROR,
      "The declared record cannot be flattened within 10 lookups and 450-octet records");

  private final CheckSpec spec;

  SpfFlattenCheck(String id, Kind kind, Severity severity, String title) {
    this.spec = new CheckSpec(id, Protocol.SPF, kind, severity, title);
  }

  @Override
  public CheckSpec spec() {
    return spec;
  }
}
