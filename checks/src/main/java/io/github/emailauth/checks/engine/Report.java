package io.github.emailauth.checks.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The outcome of a run, as every writer renders it. Deterministic: domains in policy order,
 * findings in {@link DomainReport#FINDING_ORDER}.
 *
 * @param policyFile the policy file the run read, or null; SARIF points findings without a location
 *     at it
 * @param domains one entry per domain of the policy, in policy order
 * @param policyFindings findings about the policy file as a whole rather than one domain (an
 *     unknown check id in {@code checks:}); their {@link Finding#domain()} is empty
 */
public record Report(
    ToolInfo tool,
    Path policyFile,
    List<DomainReport> domains,
    List<Finding> policyFindings,
    FailPolicy failPolicy) {
  public Report {
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(failPolicy, "failPolicy");
    domains = List.copyOf(domains);
    policyFindings = DomainReport.sorted(policyFindings);
  }

  /** Every finding: policy findings first, then each domain's in order. */
  public Stream<Finding> findings() {
    return Stream.concat(
        policyFindings.stream(), domains.stream().flatMap(d -> d.findings().stream()));
  }

  /** The findings that fail the run under {@link #failPolicy()}. */
  public List<Finding> failing() {
    return findings().filter(failPolicy::fails).toList();
  }

  public boolean failed() {
    return findings().anyMatch(failPolicy::fails);
  }

  public Summary summary() {
    int errors = 0;
    int warnings = 0;
    int notices = 0;
    int unverifiable = 0;
    boolean failed = false;
    for (Finding f : (Iterable<Finding>) findings()::iterator) {
      failed |= failPolicy.fails(f);
      if (f.kind() == Kind.UNVERIFIABLE) {
        unverifiable++;
        continue;
      }
      switch (f.severity()) {
        case ERROR -> errors++;
        case WARNING -> warnings++;
        case NOTICE -> notices++;
      }
    }
    return new Summary(domains.size(), errors, warnings, notices, unverifiable, failed);
  }

  /** The same report judged by another fail policy. */
  public Report withFailPolicy(FailPolicy other) {
    return new Report(tool, policyFile, domains, policyFindings, other);
  }
}
