package io.github.emailauth.checks.engine;

import java.util.Locale;

/** What sort of problem a finding is (DESIGN.md "Findings"). */
public enum Kind {
  /** What is published differs from what is declared: missing, different, extra. */
  DRIFT,
  /** What is published breaks its RFC. */
  INVALID,
  /** Valid and as declared, but below best practice. */
  WEAK,
  /** Could not be checked: timeout, SERVFAIL, REFUSED, TLS failure. Never reported as missing. */
  UNVERIFIABLE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
