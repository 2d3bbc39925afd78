package io.github.emailauth.checks.engine;

/**
 * The counts of a report. {@code errors}, {@code warnings} and {@code notices} count the findings
 * of kind drift, invalid and weak by severity; {@code unverifiable} counts the findings that could
 * not be checked, whatever their severity. Every finding is counted exactly once.
 *
 * @param domains domains in the report
 * @param failed whether the run fails under the report's {@link FailPolicy}
 */
public record Summary(
    int domains, int errors, int warnings, int notices, int unverifiable, boolean failed) {

  /** Total findings. */
  public int findings() {
    return errors + warnings + notices + unverifiable;
  }
}
