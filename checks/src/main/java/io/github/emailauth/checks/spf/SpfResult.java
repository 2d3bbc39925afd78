package io.github.emailauth.checks.spf;

import java.util.Locale;

/** The seven results of check_host() (RFC 7208 §2.6). */
public enum SpfResult {
  NONE,
  NEUTRAL,
  PASS,
  FAIL,
  SOFTFAIL,
  TEMPERROR,
  PERMERROR;

  /** "softfail": the spelling of RFC 7208 and of Received-SPF headers. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The result spelled {@code label} (case-insensitive). */
  public static SpfResult of(String label) {
    return valueOf(label.trim().toUpperCase(Locale.ROOT));
  }
}
