package io.github.emailauth.checks.engine;

/** Check ids of the fake modules of the engine and writer tests. */
public enum TestCheck implements CheckDefinition {
  DMARC_DRIFT("TEST-DMARC-DRIFT", Protocol.DMARC, Kind.DRIFT, Severity.ERROR),
  DMARC_WEAK("TEST-DMARC-WEAK", Protocol.DMARC, Kind.WEAK, Severity.WARNING),
  DMARC_NOTE("TEST-DMARC-NOTE", Protocol.DMARC, Kind.WEAK, Severity.NOTICE),
  DMARC_DNS("TEST-DMARC-DNS", Protocol.DMARC, Kind.UNVERIFIABLE, Severity.WARNING),
  MX_DRIFT("TEST-MX-DRIFT", Protocol.MX, Kind.DRIFT, Severity.ERROR),
  MX_LINT("TEST-MX-LINT", Protocol.MX, Kind.WEAK, Severity.WARNING);

  private final CheckSpec spec;

  TestCheck(String id, Protocol protocol, Kind kind, Severity severity) {
    this.spec = new CheckSpec(id, protocol, kind, severity, "test check " + id);
  }

  @Override
  public CheckSpec spec() {
    return spec;
  }
}
