package io.github.emailauth.policy;

/** The qualifier of the final {@code all} mechanism of an SPF record. */
public enum SpfAll {
  FAIL("-"),
  SOFTFAIL("~"),
  NEUTRAL("?"),
  PASS("+");

  private final String qualifier;

  SpfAll(String qualifier) {
    this.qualifier = qualifier;
  }

  /** The mechanism as written in a record: {@code -all}, {@code ~all}, ... */
  public String mechanism() {
    return qualifier + "all";
  }
}
