package io.github.emailauth.checks.engine;

import io.github.emailauth.policy.SourcePosition;
import java.util.Objects;

/**
 * One result of a check: data, not an exception. Field meanings are the report.json contract in
 * DESIGN.md.
 *
 * @param subject the name and type asked, or the URL fetched: {@code _dmarc.example.com TXT}
 * @param expected what the declaration wants, as it would be published; may be null
 * @param actual what was found; may be null
 * @param remediation what to do, as concretely as possible ("publish _dmarc.example.com TXT
 *     \"v=DMARC1; p=reject\""); may be null
 * @param location where in the policy file the expectation was declared; may be null
 */
public record Finding(
    String checkId,
    Severity severity,
    Kind kind,
    Protocol protocol,
    String domain,
    String subject,
    String message,
    String expected,
    String actual,
    String remediation,
    SourcePosition location) {
  public Finding {
    Objects.requireNonNull(checkId, "checkId");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(message, "message");
  }

  /** Starts a finding of {@code check} about {@code domain}, with the check's defaults. */
  public static Builder of(CheckDefinition check, String domain) {
    return new Builder(check, domain);
  }

  /** The same finding with another severity (per-check overrides in the policy). */
  public Finding withSeverity(Severity newSeverity) {
    return new Finding(
        checkId,
        newSeverity,
        kind,
        protocol,
        domain,
        subject,
        message,
        expected,
        actual,
        remediation,
        location);
  }

  /** Builds a {@link Finding}; kind and severity start at the check's defaults. */
  public static final class Builder {
    private final CheckDefinition check;
    private final String domain;
    private Severity severity;
    private Kind kind;
    private String subject;
    private String message;
    private String expected;
    private String actual;
    private String remediation;
    private SourcePosition location;

    private Builder(CheckDefinition check, String domain) {
      this.check = Objects.requireNonNull(check, "check");
      this.domain = Objects.requireNonNull(domain, "domain");
      this.severity = check.defaultSeverity();
      this.kind = check.kind();
    }

    public Builder severity(Severity value) {
      this.severity = value;
      return this;
    }

    public Builder kind(Kind value) {
      this.kind = value;
      return this;
    }

    public Builder subject(String value) {
      this.subject = value;
      return this;
    }

    public Builder message(String value) {
      this.message = value;
      return this;
    }

    public Builder expected(String value) {
      this.expected = value;
      return this;
    }

    public Builder actual(String value) {
      this.actual = value;
      return this;
    }

    public Builder remediation(String value) {
      this.remediation = value;
      return this;
    }

    public Builder location(SourcePosition value) {
      this.location = value;
      return this;
    }

    public Finding build() {
      return new Finding(
          check.id(),
          severity,
          kind,
          check.protocol(),
          domain,
          subject,
          message,
          expected,
          actual,
          remediation,
          location);
    }
  }
}
