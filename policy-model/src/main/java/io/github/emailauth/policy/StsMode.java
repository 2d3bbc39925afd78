package io.github.emailauth.policy;

import java.util.Locale;

/** MTA-STS policy mode (RFC 8461 §3.2). */
public enum StsMode {
  ENFORCE,
  TESTING,
  NONE;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
