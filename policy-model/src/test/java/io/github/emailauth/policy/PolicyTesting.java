package io.github.emailauth.policy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Small helpers for loader tests: documents from lines, problems from documents. */
final class PolicyTesting {
  static final String FILE = "emailauth.yaml";

  /** The folder with stand-ins for the repository files policies reference (keys/, brand/). */
  static final Path FILES = Path.of("src", "test", "resources", "docs-files");

  private PolicyTesting() {}

  static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  /** A policy whose domain {@code example.com} holds {@code body}; body lines start at line 4. */
  static String domain(String... body) {
    StringBuilder sb = new StringBuilder("version: 1\ndomains:\n  example.com:\n");
    for (String line : body) {
      sb.append(line).append('\n');
    }
    return sb.toString();
  }

  static Policy load(String yaml) {
    try {
      return PolicyLoader.parse(yaml, FILE, FILES);
    } catch (PolicyException e) {
      return fail("expected the policy to load, got:\n" + e.getMessage());
    }
  }

  static List<PolicyProblem> problems(String yaml) {
    return assertThrows(PolicyException.class, () -> PolicyLoader.parse(yaml, FILE, FILES))
        .problems();
  }

  /** The problem at exactly {@code line}:{@code column}; fails listing all problems otherwise. */
  static PolicyProblem problemAt(List<PolicyProblem> problems, int line, int column) {
    return problems.stream()
        .filter(p -> p.position().line() == line && p.position().column() == column)
        .findFirst()
        .orElseGet(
            () ->
                fail(
                    "no problem at "
                        + line
                        + ":"
                        + column
                        + "; problems were:\n"
                        + problems.stream()
                            .map(PolicyProblem::toString)
                            .collect(Collectors.joining("\n"))));
  }
}
