package io.github.emailauth.checks.engine;

import java.util.Locale;

/** The protocol a finding is about; its {@link #id()} is the {@code protocol} in report.json. */
public enum Protocol {
  DNS,
  MX,
  SPF,
  DKIM,
  DMARC,
  MTASTS,
  TLSRPT,
  BIMI,
  POLICY;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
