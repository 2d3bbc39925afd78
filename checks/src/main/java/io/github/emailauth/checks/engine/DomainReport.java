package io.github.emailauth.checks.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The findings about one domain.
 *
 * @param checked the protocols whose modules ran for this domain (JUnit writes one test case per
 *     protocol, so a passed protocol shows as a passed test)
 * @param findings sorted by {@link #FINDING_ORDER}, whatever order they were given in
 */
public record DomainReport(String domain, Set<Protocol> checked, List<Finding> findings) {
  /**
   * Severity (errors first), protocol, check id, subject. The sort is stable, so findings equal on
   * all four keep the order their module reported them in.
   */
  public static final Comparator<Finding> FINDING_ORDER =
      Comparator.comparing(Finding::severity)
          .thenComparing(Finding::protocol)
          .thenComparing(Finding::checkId)
          .thenComparing(Finding::subject, Comparator.nullsFirst(Comparator.naturalOrder()));

  public DomainReport {
    Objects.requireNonNull(domain, "domain");
    EnumSet<Protocol> ordered = EnumSet.noneOf(Protocol.class);
    ordered.addAll(checked);
    checked = Collections.unmodifiableSet(ordered);
    findings = sorted(findings);
  }

  static List<Finding> sorted(List<Finding> findings) {
    List<Finding> copy = new ArrayList<>(findings);
    copy.sort(FINDING_ORDER);
    return List.copyOf(copy);
  }

  /**
   * The protocols to show for this domain: those checked and those any finding is about, in {@link
   * Protocol} order.
   */
  public Set<Protocol> protocols() {
    EnumSet<Protocol> all = EnumSet.noneOf(Protocol.class);
    all.addAll(checked);
    findings.forEach(f -> all.add(f.protocol()));
    return all;
  }
}
