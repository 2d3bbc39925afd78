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

  /** "1 error, 0 warnings, 2 notices, 0 unverifiable": the same words in every summary line. */
  public String counts() {
    return count(errors, "error")
        + ", "
        + count(warnings, "warning")
        + ", "
        + count(notices, "notice")
        + ", "
        + unverifiable
        + " unverifiable";
  }

  /** "1 domain", "3 domains". */
  public static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
