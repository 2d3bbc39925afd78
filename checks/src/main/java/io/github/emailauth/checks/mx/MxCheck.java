package io.github.emailauth.checks.mx;

import io.github.emailauth.checks.engine.CheckDefinition;
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

  private final String id;
  private final Kind kind;
  private final Severity severity;
  private final String title;

  MxCheck(String id, Kind kind, Severity severity, String title) {
    this.id = id;
    this.kind = kind;
    this.severity = severity;
    this.title = title;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Protocol protocol() {
    return Protocol.MX;
  }

  @Override
  public Kind kind() {
    return kind;
  }

  @Override
  public Severity defaultSeverity() {
    return severity;
  }

  @Override
  public String title() {
    return title;
  }
}
