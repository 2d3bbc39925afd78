package io.github.emailauth.checks.mx;

import io.github.emailauth.checks.engine.CheckDefinition;
import io.github.emailauth.checks.engine.CheckSpec;
import io.github.emailauth.checks.engine.Kind;
import io.github.emailauth.checks.engine.Protocol;
import io.github.emailauth.checks.engine.Severity;

/** Every check id the MX module reports. Each has a section in docs/checks.md. */
public enum MxCheck implements CheckDefinition {
  DRIFT("MX-DRIFT", Kind.DRIFT, Severity.ERROR, "Published MX records differ from the declaration"),
  NULL_MX_INVALID(
      "MX-NULL-INVALID",
      Kind.INVALID,
      Severity.ERROR,
      "A null MX that is not the only MX or not preference 0 (RFC 7505)"),
  CNAME("MX-CNAME", Kind.INVALID, Severity.ERROR, "An MX exchange that is an alias (CNAME)"),
  IP_LITERAL(
      "MX-IP-LITERAL", Kind.INVALID, Severity.ERROR, "An MX exchange written as an IP address"),
  NO_ADDRESS(
      "MX-NO-ADDRESS", Kind.INVALID, Severity.ERROR, "An MX exchange with no A or AAAA record"),
  UNVERIFIABLE(
      "MX-UNVERIFIABLE",
      Kind.UNVERIFIABLE,
      Severity.WARNING,
      "A DNS query needed for MX failed (timeout, SERVFAIL, REFUSED)");

  private final CheckSpec spec;

  MxCheck(String id, Kind kind, Severity severity, String title) {
    this.spec = new CheckSpec(id, Protocol.MX, kind, severity, title);
  }

  @Override
  public CheckSpec spec() {
    return spec;
  }
}
