package io.github.emailauth.checks.dkim;

import io.github.emailauth.policy.DkimSelector;
import io.github.emailauth.policy.SourcePosition;
import java.time.LocalDate;
import java.util.Locale;

/**
 * A selector the domain must have: declared under {@code dkim:}, or named by one of the domain's
 * senders ({@code dkimSelectors: [google]}), which declares nothing but the selector itself.
 *
 * @param sender the sender that named it, or null when declared under {@code dkim:}
 */
record DeclaredSelector(DkimSelector selector, String sender) {
  /** RFC 8301 §3.2: signers SHOULD use 2048 bits; the policy may ask for more (or accept less). */
  static final int DEFAULT_MIN_BITS = 2048;

  /** How long before {@code retireAfter} a notice starts. */
  static final int RETIRE_NOTICE_DAYS = 30;

  String name() {
    return selector.selector();
  }

  /** {@code google._domainkey.example.com}: §3.6.2.1. */
  String dnsName(String domain) {
    return (selector.selector() + "._domainkey." + domain).toLowerCase(Locale.ROOT);
  }

  int minBits() {
    return selector.minBits() == null ? DEFAULT_MIN_BITS : selector.minBits();
  }

  /** Past {@code retireAfter}: the key must be gone (revoked or deleted). */
  boolean retired(LocalDate today) {
    return selector.retireAfter() != null && today.isAfter(selector.retireAfter());
  }

  /** No key may be published: revoked, or past retirement. */
  boolean mustBeAbsent(LocalDate today) {
    return selector.revoked() || retired(today);
  }

  /** Where {@code key} of this selector was declared, or null when unknown. */
  SourcePosition at(String key) {
    return selector.positions() == null ? null : selector.positions().at(key);
  }

  String describe() {
    return sender == null
        ? "selector " + name()
        : "selector " + name() + " (sender " + sender + ")";
  }
}
