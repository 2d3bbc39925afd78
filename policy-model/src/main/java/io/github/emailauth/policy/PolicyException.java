package io.github.emailauth.policy;

import java.util.List;
import java.util.stream.Collectors;

/** The policy file could not be loaded; carries every problem found, not just the first. */
public final class PolicyException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<PolicyProblem> problems;

  public PolicyException(List<PolicyProblem> problems) {
    super(
        problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + " in the policy file:\n"
            + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<PolicyProblem> problems() {
    return problems;
  }
}
