package io.github.emailauth.policy;

import java.util.List;

/**
 * The declared SPF record of a domain. {@code mechanisms} are the domain's own terms (the declared
 * {@code senders} add theirs); {@code all} may be null when {@code redirect} is set.
 */
public record SpfPolicy(
    List<String> mechanisms,
    SpfAll all,
    String redirect,
    boolean flatten,
    List<String> authorize,
    List<String> deny,
    KeyPositions positions) {
  public SpfPolicy {
    mechanisms = List.copyOf(mechanisms);
    authorize = List.copyOf(authorize);
    deny = List.copyOf(deny);
  }
}
