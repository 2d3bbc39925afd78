package io.github.emailauth.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects every problem of one load. Equal problems are kept once: a mistake inside {@code
 * defaults} or inside an aliased node is seen once per domain that inherits it, but the user wrote
 * it once.
 */
final class Problems {
  /**
   * A hostile or badly broken file could yield a problem per line; past this many the rest are
   * counted, not listed, so the message stays readable and bounded.
   */
  static final int MAX_REPORTED = 200;

  /**
   * Values a load may read. {@code defaults} and {@code senders} reach every domain, so a small
   * hostile file could otherwise make the reader do (defaults x domains) work. Sections inherited
   * unchanged are read once and shared, so what counts is mostly each domain's own values: 20,000
   * domains with 50 values of their own each fit.
   */
  static final long MAX_VALUES_READ = 1_000_000L;

  private final Set<PolicyProblem> problems = new LinkedHashSet<>();
  private long valuesRead;

  /** Thrown when a load reads more than {@link #MAX_VALUES_READ} values. */
  static final class OverBudget extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OverBudget() {
      super(null, null, false, false);
    }
  }

  /** Counts {@code n} values read; throws {@link OverBudget} past the limit. */
  void spend(long n) {
    valuesRead += n;
    if (valuesRead > MAX_VALUES_READ) {
      throw new OverBudget();
    }
  }

  void add(SourcePosition position, String message, String suggestion) {
    problems.add(new PolicyProblem(position, message, suggestion));
  }

  void add(SourcePosition position, String message) {
    add(position, message, null);
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  int size() {
    return problems.size();
  }

  /** The problems in file order; capped at {@link #MAX_REPORTED} with a closing count. */
  List<PolicyProblem> sorted() {
    List<PolicyProblem> all = new ArrayList<>(problems);
    all.sort(
        Comparator.comparing((PolicyProblem p) -> p.position().file())
            .thenComparingInt(p -> p.position().line())
            .thenComparingInt(p -> p.position().column()));
    if (all.size() <= MAX_REPORTED) {
      return all;
    }
    List<PolicyProblem> shown = new ArrayList<>(all.subList(0, MAX_REPORTED));
    PolicyProblem last = all.get(MAX_REPORTED);
    shown.add(
        new PolicyProblem(
            last.position(),
            (all.size() - MAX_REPORTED) + " more problems not shown",
            "fix the ones above and run again"));
    return shown;
  }

  PolicyException exception() {
    return new PolicyException(sorted());
  }
}
