package io.github.emailauth.policy;

/**
 * One thing wrong with a policy file: where, what, and how to fix it.
 *
 * @param suggestion a fix ("did you mean `policy`?", "use one of none, quarantine, reject"), or
 *     null
 */
public record PolicyProblem(SourcePosition position, String message, String suggestion) {
  @Override
  public String toString() {
    return position + ": " + message + (suggestion == null ? "" : " (" + suggestion + ")");
  }
}
