package io.github.emailauth.checks.dmarc;

import io.github.emailauth.checks.engine.CheckDefinition;
import io.github.emailauth.checks.engine.CheckSpec;
import io.github.emailauth.checks.engine.Kind;
import io.github.emailauth.checks.engine.Protocol;
import io.github.emailauth.checks.engine.Severity;

/** Every check id the DMARC module reports. Each has a section in docs/checks.md. */
public enum DmarcCheck implements CheckDefinition {
  MISSING("DMARC-MISSING", Kind.DRIFT, Severity.ERROR, "No DMARC record governs the domain"),
  DRIFT(
      "DMARC-DRIFT",
      Kind.DRIFT,
      Severity.ERROR,
      "Published DMARC tags differ from the declaration"),
  INHERITED(
      "DMARC-INHERITED",
      Kind.DRIFT,
      Severity.NOTICE,
      "The domain has no record of its own; a parent's record governs it"),
  CNAME_DRIFT(
      "DMARC-CNAME-DRIFT", Kind.DRIFT, Severity.ERROR, "The _dmarc CNAME delegation differs"),
  MULTIPLE("DMARC-MULTIPLE", Kind.INVALID, Severity.ERROR, "Several DMARC records at one name"),
  INVALID(
      "DMARC-INVALID",
      Kind.INVALID,
      Severity.ERROR,
      "A TXT record meant for DMARC that receivers ignore (v=DMARC1 not first)"),
  SYNTAX("DMARC-SYNTAX", Kind.INVALID, Severity.ERROR, "A malformed tag=value pair"),
  BAD_VALUE("DMARC-BAD-VALUE", Kind.INVALID, Severity.ERROR, "A tag with a value the RFCs forbid"),
  DUPLICATE_TAG("DMARC-DUPLICATE-TAG", Kind.INVALID, Severity.ERROR, "A tag given twice"),
  UNKNOWN_TAG("DMARC-UNKNOWN-TAG", Kind.INVALID, Severity.NOTICE, "A tag no DMARC RFC defines"),
  REMOVED_TAG(
      "DMARC-REMOVED-TAG", Kind.INVALID, Severity.NOTICE, "pct, rf or ri, removed by RFC 9989"),
  SIZE_LIMIT(
      "DMARC-SIZE-LIMIT", Kind.INVALID, Severity.NOTICE, "A report URI with an obsolete !size"),
  NO_POLICY_TAG("DMARC-NO-POLICY-TAG", Kind.INVALID, Severity.ERROR, "The record has no p tag"),
  TAG_ORDER("DMARC-TAG-ORDER", Kind.INVALID, Severity.WARNING, "p is not the second tag"),
  MISPLACED(
      "DMARC-MISPLACED",
      Kind.INVALID,
      Severity.ERROR,
      "A DMARC record published at the wrong name (apex, doubled zone name)"),
  DISCOVERY_MISMATCH(
      "DMARC-DISCOVERY-MISMATCH",
      Kind.WEAK,
      Severity.WARNING,
      "RFC 9989 tree walk and RFC 7489 public suffix list find different policies"),
  SP_IGNORED(
      "DMARC-SP-IGNORED",
      Kind.WEAK,
      Severity.WARNING,
      "sp or np on a record below the organizational domain, which receivers never use"),
  PSD_MISUSE(
      "DMARC-PSD", Kind.WEAK, Severity.WARNING, "psd=y on a domain that is no public suffix"),
  EXTERNAL_UNAUTHORIZED(
      "DMARC-EXTERNAL-UNAUTHORIZED",
      Kind.INVALID,
      Severity.ERROR,
      "A report destination in another organization has not authorized the domain"),
  REPORT_NO_MX(
      "DMARC-REPORT-NO-MX", Kind.WEAK, Severity.WARNING, "A report address cannot receive mail"),
  POLICY_NONE("DMARC-POLICY-NONE", Kind.WEAK, Severity.WARNING, "p=none only monitors"),
  SUBDOMAIN_WEAKER(
      "DMARC-SUBDOMAIN-WEAKER", Kind.WEAK, Severity.WARNING, "sp or np is weaker than p"),
  NO_RUA("DMARC-NO-RUA", Kind.WEAK, Severity.WARNING, "No aggregate report address"),
  FO_IGNORED("DMARC-FO-IGNORED", Kind.WEAK, Severity.NOTICE, "fo without ruf has no effect"),
  TESTING(
      "DMARC-TESTING", Kind.WEAK, Severity.WARNING, "t=y: the policy is applied one level lower"),
  PCT("DMARC-PCT", Kind.WEAK, Severity.WARNING, "pct below 100 (RFC 7489 sampling)"),
  UNVERIFIABLE(
      "DMARC-UNVERIFIABLE",
      Kind.UNVERIFIABLE,
      Severity.WARNING,
      "A DNS query needed for DMARC failed (timeout, SERVFAIL, REFUSED)");

  private final CheckSpec spec;

  DmarcCheck(String id, Kind kind, Severity severity, String title) {
    this.spec = new CheckSpec(id, Protocol.DMARC, kind, severity, title);
  }

  @Override
  public CheckSpec spec() {
    return spec;
  }
}
