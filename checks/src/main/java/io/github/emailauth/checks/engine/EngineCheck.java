package io.github.emailauth.checks.engine;

/**
 * Checks of the engine itself: the policy's {@code checks:} overrides, and protocol modules that
 * failed. Their sections are under "Policy and engine" in {@code docs/checks.md}.
 */
public enum EngineCheck implements CheckDefinition {
  /**
   * A protocol module threw, or its future completed exceptionally, for one domain. The finding is
   * reported under the module's protocol, so that protocol's JUnit test case shows it.
   */
  ENGINE_CHECK_FAILED(
      "ENGINE-CHECK-FAILED",
      Kind.UNVERIFIABLE,
      Severity.ERROR,
      "A protocol module failed while checking a domain"),
  /** An entry of {@code checks:} names no known check id, so it would silently do nothing. */
  POLICY_UNKNOWN_CHECK(
      "POLICY-UNKNOWN-CHECK",
      Kind.INVALID,
      Severity.ERROR,
      "A severity override names a check id that does not exist");

  private final CheckSpec spec;

  EngineCheck(String id, Kind kind, Severity severity, String title) {
    this.spec = new CheckSpec(id, Protocol.POLICY, kind, severity, title);
  }

  @Override
  public CheckSpec spec() {
    return spec;
  }
}
