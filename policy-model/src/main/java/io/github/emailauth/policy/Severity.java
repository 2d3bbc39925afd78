package io.github.emailauth.policy;

import java.util.Locale;

/** A severity as written in the policy's {@code checks:} section. */
public enum Severity {
  ERROR,
  WARNING,
  NOTICE,
  /** Only in overrides: the check is not reported at all. */
  OFF;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
