package io.github.emailauth.checks.mtasts;

import io.github.emailauth.checks.engine.CheckDefinition;
import io.github.emailauth.checks.engine.CheckSpec;
import io.github.emailauth.checks.engine.Kind;
import io.github.emailauth.checks.engine.Protocol;
import io.github.emailauth.checks.engine.Severity;

/** MTA-STS (RFC 8461) check ids; each has a {@code ###} section in docs/checks.md. */
public enum MtaStsCheck implements CheckDefinition {
  DECLARATION_INVALID(
      "MTASTS-DECLARATION-INVALID",
      Kind.INVALID,
      Severity.ERROR,
      "The declared policy cannot be published as a valid RFC 8461 policy"),
  DECLARED_MX_UNCOVERED(
      "MTASTS-DECLARED-MX-UNCOVERED",
      Kind.INVALID,
      Severity.ERROR,
      "A declared MX host is matched by no declared MTA-STS mx pattern"),
  TESTING_MODE(
      "MTASTS-TESTING-MODE",
      Kind.WEAK,
      Severity.NOTICE,
      "The policy is in testing mode: senders report failures but deliver anyway"),
  SHORT_MAX_AGE(
      "MTASTS-SHORT-MAX-AGE",
      Kind.WEAK,
      Severity.WARNING,
      "An enforce policy with max_age under one week"),
  RECORD_MISSING(
      "MTASTS-RECORD-MISSING",
      Kind.DRIFT,
      Severity.ERROR,
      "MTA-STS is declared but no _mta-sts TXT record is published"),
  RECORD_MULTIPLE(
      "MTASTS-RECORD-MULTIPLE",
      Kind.INVALID,
      Severity.ERROR,
      "More than one v=STSv1 record at _mta-sts"),
  RECORD_INVALID(
      "MTASTS-RECORD-INVALID", Kind.INVALID, Severity.ERROR, "The _mta-sts TXT record is invalid"),
  DNS_UNVERIFIABLE(
      "MTASTS-DNS-UNVERIFIABLE",
      Kind.UNVERIFIABLE,
      Severity.WARNING,
      "The _mta-sts TXT or the MX lookup failed"),
  POLICY_HOST_MISSING(
      "MTASTS-POLICY-HOST-MISSING",
      Kind.INVALID,
      Severity.ERROR,
      "mta-sts.<domain> has no address, so the policy cannot be fetched"),
  FETCH_UNVERIFIABLE(
      "MTASTS-FETCH-UNVERIFIABLE",
      Kind.UNVERIFIABLE,
      Severity.WARNING,
      "The policy fetch failed for a network, DNS or TLS reason"),
  POLICY_CERT_EXPIRED(
      "MTASTS-POLICY-CERT-EXPIRED",
      Kind.INVALID,
      Severity.ERROR,
      "The policy host's certificate is expired or not yet valid"),
  POLICY_CERT_HOST(
      "MTASTS-POLICY-CERT-HOST",
      Kind.INVALID,
      Severity.ERROR,
      "The policy host's certificate is not valid for mta-sts.<domain>"),
  POLICY_CERT_UNTRUSTED(
      "MTASTS-POLICY-CERT-UNTRUSTED",
      Kind.INVALID,
      Severity.ERROR,
      "The policy host's certificate does not chain to a trusted root"),
  POLICY_REDIRECT(
      "MTASTS-POLICY-REDIRECT",
      Kind.INVALID,
      Severity.ERROR,
      "The policy URL answers with a redirect, which senders must not follow"),
  POLICY_STATUS(
      "MTASTS-POLICY-STATUS",
      Kind.INVALID,
      Severity.ERROR,
      "The policy URL answers with a status other than 200"),
  POLICY_CONTENT_TYPE(
      "MTASTS-POLICY-CONTENT-TYPE",
      Kind.INVALID,
      Severity.WARNING,
      "The policy is not served as text/plain"),
  POLICY_TOO_LARGE(
      "MTASTS-POLICY-TOO-LARGE",
      Kind.INVALID,
      Severity.ERROR,
      "The policy body is larger than 64 KiB"),
  POLICY_INVALID(
      "MTASTS-POLICY-INVALID",
      Kind.INVALID,
      Severity.ERROR,
      "The served policy breaks the RFC 8461 policy syntax"),
  POLICY_DRIFT(
      "MTASTS-POLICY-DRIFT",
      Kind.DRIFT,
      Severity.ERROR,
      "The served policy differs from the declared policy"),
  ID_DRIFT(
      "MTASTS-ID-DRIFT",
      Kind.DRIFT,
      Severity.ERROR,
      "The published id is not the id of the declared policy"),
  ID_STALE(
      "MTASTS-ID-STALE",
      Kind.DRIFT,
      Severity.ERROR,
      "The policy changed but the published id did not, so caches never refetch it"),
  ID_MISMATCH(
      "MTASTS-ID-MISMATCH",
      Kind.DRIFT,
      Severity.ERROR,
      "The published id announces the declared policy but another policy is served"),
  MX_UNCOVERED(
      "MTASTS-MX-UNCOVERED",
      Kind.INVALID,
      Severity.ERROR,
      "A live MX host is matched by no mx pattern of the policy"),
  PATTERN_UNUSED(
      "MTASTS-PATTERN-UNUSED",
      Kind.WEAK,
      Severity.NOTICE,
      "An mx pattern of the policy matches none of the live MX hosts"),
  MX_NO_STARTTLS(
      "MTASTS-MX-NO-STARTTLS", Kind.INVALID, Severity.ERROR, "An MX host does not offer STARTTLS"),
  MX_TLS_FAILED(
      "MTASTS-MX-TLS-FAILED",
      Kind.INVALID,
      Severity.ERROR,
      "An MX host offers STARTTLS but the TLS handshake fails"),
  MX_CERT_EXPIRED(
      "MTASTS-MX-CERT-EXPIRED",
      Kind.INVALID,
      Severity.ERROR,
      "An MX host's certificate is expired or not yet valid"),
  MX_CERT_HOST(
      "MTASTS-MX-CERT-HOST",
      Kind.INVALID,
      Severity.ERROR,
      "An MX host's certificate is not valid for the MX host name"),
  MX_CERT_UNTRUSTED(
      "MTASTS-MX-CERT-UNTRUSTED",
      Kind.INVALID,
      Severity.ERROR,
      "An MX host's certificate does not chain to a trusted root"),
  SMTP_UNVERIFIABLE(
      "MTASTS-SMTP-UNVERIFIABLE",
      Kind.UNVERIFIABLE,
      Severity.WARNING,
      "An MX host could not be probed: no address, no answer, timeout");

  private final CheckSpec spec;

  MtaStsCheck(String id, Kind kind, Severity severity, String title) {
    this.spec = new CheckSpec(id, Protocol.MTASTS, kind, severity, title);
  }

  @Override
  public CheckSpec spec() {
    return spec;
  }
}
