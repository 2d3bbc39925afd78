package io.github.emailauth.checks.spf;

import io.github.emailauth.checks.engine.CheckDefinition;
import io.github.emailauth.checks.engine.CheckSpec;
import io.github.emailauth.checks.engine.Kind;
import io.github.emailauth.checks.engine.Protocol;
import io.github.emailauth.checks.engine.Severity;

/** Every check id the SPF module reports. Each has a section in docs/checks.md. */
public enum SpfCheck implements CheckDefinition {
  MISSING(
      "SPF-MISSING",
      Kind.DRIFT,
      Severity.ERROR,
      "SPF is declared but no v=spf1 record is published"),
  MULTIPLE("SPF-MULTIPLE", Kind.INVALID, Severity.ERROR, "Several v=spf1 records at one name"),
  SYNTAX("SPF-SYNTAX", Kind.INVALID, Severity.ERROR, "An SPF record that does not parse"),
  LOOKUP_LIMIT(
      "SPF-LOOKUP-LIMIT",
      Kind.INVALID,
      Severity.ERROR,
      "More than 10 DNS-querying terms, counted through includes and redirects"),
  LOOKUP_NEAR_LIMIT(
      "SPF-LOOKUP-NEAR-LIMIT",
      Kind.WEAK,
      Severity.WARNING,
      "8 to 10 DNS-querying terms: one more provider include breaks SPF"),
  VOID_LOOKUPS(
      "SPF-VOID-LOOKUPS",
      Kind.INVALID,
      Severity.WARNING,
      "More than 2 terms whose lookups find nothing (NXDOMAIN or NODATA)"),
  LOOP(
      "SPF-LOOP",
      Kind.INVALID,
      Severity.ERROR,
      "An include or redirect leads back to a record on its own path"),
  INCLUDE_UNRESOLVED(
      "SPF-INCLUDE-UNRESOLVED",
      Kind.INVALID,
      Severity.ERROR,
      "An include or redirect target without a usable SPF record"),
  PASS_ALL("SPF-PASS-ALL", Kind.WEAK, Severity.ERROR, "+all lets every host send as the domain"),
  NEUTRAL_ALL(
      "SPF-NEUTRAL-ALL", Kind.WEAK, Severity.WARNING, "?all asserts nothing about other hosts"),
  NO_ALL(
      "SPF-NO-ALL",
      Kind.WEAK,
      Severity.WARNING,
      "Neither all nor redirect: other hosts get neutral"),
  PTR("SPF-PTR", Kind.WEAK, Severity.WARNING, "The ptr mechanism, which RFC 7208 says not to use"),
  OBSOLETE_RR(
      "SPF-OBSOLETE-RR",
      Kind.INVALID,
      Severity.WARNING,
      "A record of the discontinued SPF RR type (99)"),
  SIZE(
      "SPF-SIZE",
      Kind.INVALID,
      Severity.WARNING,
      "A record over 450 bytes or a TXT string over 255 bytes"),
  DRIFT("SPF-DRIFT", Kind.DRIFT, Severity.ERROR, "Published SPF terms differ from the declaration"),
  AUTHORIZE(
      "SPF-AUTHORIZE",
      Kind.DRIFT,
      Severity.ERROR,
      "An address declared under authorize does not get pass"),
  DENY("SPF-DENY", Kind.DRIFT, Severity.ERROR, "An address declared under deny gets pass"),
  UNVERIFIABLE(
      "SPF-UNVERIFIABLE",
      Kind.UNVERIFIABLE,
      Severity.WARNING,
      "A DNS query needed for SPF failed (timeout, SERVFAIL, REFUSED)");

  private final CheckSpec spec;

  SpfCheck(String id, Kind kind, Severity severity, String title) {
    this.spec = new CheckSpec(id, Protocol.SPF, kind, severity, title);
  }

  @Override
  public CheckSpec spec() {
    return spec;
  }
}
