package io.github.emailauth.policy;

/** What kind of domain this is. */
public enum Profile {
  /** A domain that sends and/or receives mail. */
  STANDARD,
  /**
   * A domain that sends no mail: null MX (RFC 7505), {@code v=spf1 -all}, {@code p=reject}, no DKIM
   * keys. The loader materialises these sections, so checks need no special case.
   */
  PARKED
}
