package io.github.emailauth.checks.spf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A syntactically valid SPF record: its terms in order. {@link #toString()} is the canonical record
 * ({@code v=spf1} and the terms' canonical text, separated by single spaces), which parses back to
 * an equal value.
 */
public record SpfRecord(List<SpfTerm> terms) {
  public SpfRecord {
    terms = List.copyOf(terms);
    long redirects = terms.stream().filter(t -> t instanceof SpfTerm.Redirect).count();
    long exps = terms.stream().filter(t -> t instanceof SpfTerm.Explanation).count();
    if (redirects > 1 || exps > 1) {
      throw new IllegalArgumentException("redirect and exp may appear at most once each");
    }
  }

  /** The directives, in order. */
  public List<SpfTerm.Mechanism> mechanisms() {
    List<SpfTerm.Mechanism> out = new ArrayList<>();
    for (SpfTerm t : terms) {
      if (t instanceof SpfTerm.Mechanism m) {
        out.add(m);
      }
    }
    return out;
  }

  public Optional<SpfTerm.Redirect> redirect() {
    return terms.stream()
        .filter(t -> t instanceof SpfTerm.Redirect)
        .map(t -> (SpfTerm.Redirect) t)
        .findFirst();
  }

  public Optional<SpfTerm.Explanation> explanation() {
    return terms.stream()
        .filter(t -> t instanceof SpfTerm.Explanation)
        .map(t -> (SpfTerm.Explanation) t)
        .findFirst();
  }

  /** The first {@code all} mechanism, which ends evaluation and disables redirect (§5.1). */
  public Optional<SpfTerm.All> all() {
    return terms.stream()
        .filter(t -> t instanceof SpfTerm.All)
        .map(t -> (SpfTerm.All) t)
        .findFirst();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("v=spf1");
    for (SpfTerm t : terms) {
      out.append(' ').append(t);
    }
    return out.toString();
  }
}
