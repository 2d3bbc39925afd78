package io.github.emailauth.policy;

import java.util.Locale;

/** A DMARC policy word ({@code p}, {@code sp}, {@code np}), ordered from weakest to strongest. */
public enum DmarcMode {
  NONE,
  QUARANTINE,
  REJECT;

  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean weakerThan(DmarcMode other) {
    return compareTo(other) < 0;
  }
}
