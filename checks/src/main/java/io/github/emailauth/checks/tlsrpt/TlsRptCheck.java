package io.github.emailauth.checks.tlsrpt;

import io.github.emailauth.checks.engine.CheckDefinition;
import io.github.emailauth.checks.engine.CheckSpec;
import io.github.emailauth.checks.engine.Kind;
import io.github.emailauth.checks.engine.Protocol;
import io.github.emailauth.checks.engine.Severity;

/** SMTP TLS Reporting (RFC 8460) check ids; each has a {@code ###} section in docs/checks.md. */
public enum TlsRptCheck implements CheckDefinition {
  DECLARATION_INVALID(
      "TLSRPT-DECLARATION-INVALID",
      Kind.INVALID,
      Severity.ERROR,
      "A declared rua URI is not a valid mailto: or https: URI"),
  RECORD_MISSING(
      "TLSRPT-RECORD-MISSING",
      Kind.DRIFT,
      Severity.ERROR,
      "TLS-RPT is declared but no _smtp._tls TXT record is published"),
  RECORD_MULTIPLE(
      "TLSRPT-RECORD-MULTIPLE",
      Kind.INVALID,
      Severity.ERROR,
      "More than one v=TLSRPTv1 record at _smtp._tls"),
  RECORD_INVALID(
      "TLSRPT-RECORD-INVALID",
      Kind.INVALID,
      Severity.ERROR,
      "The _smtp._tls TXT record is invalid"),
  DRIFT(
      "TLSRPT-DRIFT",
      Kind.DRIFT,
      Severity.ERROR,
      "The published rua URIs differ from the declared ones"),
  OBSOLETE_NAME(
      "TLSRPT-OBSOLETE-NAME",
      Kind.INVALID,
      Severity.WARNING,
      "A record is published at the pre-RFC name _smtp-tlsrpt, which reporters ignore"),
  MISSING_WITH_MTASTS(
      "TLSRPT-MISSING-WITH-MTASTS",
      Kind.WEAK,
      Severity.NOTICE,
      "MTA-STS is used without TLS-RPT, so nobody hears about failed deliveries"),
  DNS_UNVERIFIABLE(
      "TLSRPT-DNS-UNVERIFIABLE",
      Kind.UNVERIFIABLE,
      Severity.WARNING,
      "The _smtp._tls TXT lookup failed");

  private final CheckSpec spec;

  TlsRptCheck(String id, Kind kind, Severity severity, String title) {
    this.spec = new CheckSpec(id, Protocol.TLSRPT, kind, severity, title);
  }

  @Override
  public CheckSpec spec() {
    return spec;
  }
}
