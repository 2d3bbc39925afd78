package io.github.emailauth.policy;

import java.util.Objects;

/** {@code checks: { DMARC-NO-RUA: off }}: the severity the user wants for one check id. */
public record CheckOverride(String checkId, Severity severity, SourcePosition position) {
  public CheckOverride {
    Objects.requireNonNull(checkId, "checkId");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(position, "position");
  }
}
