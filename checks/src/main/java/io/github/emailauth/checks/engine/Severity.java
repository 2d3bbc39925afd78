package io.github.emailauth.checks.engine;

import java.util.Locale;

/** How bad a finding is. Ordered from most to least severe. */
public enum Severity {
  ERROR,
  WARNING,
  NOTICE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True when this severity is {@code threshold} or worse. */
  public boolean atLeast(Severity threshold) {
    return compareTo(threshold) <= 0;
  }
}
