package io.github.emailauth.checks.output;

import io.github.emailauth.checks.engine.DomainReport;
import io.github.emailauth.checks.engine.FailPolicy;
import io.github.emailauth.checks.engine.Finding;
import io.github.emailauth.checks.engine.Kind;
import io.github.emailauth.checks.engine.Protocol;
import io.github.emailauth.checks.engine.Report;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code TEST-emailauth.xml}: one test suite per domain, one test case per protocol checked. A test
 * case fails when a finding about its protocol fails the run ({@code <failure>}, or {@code <error>}
 * when only unverifiable findings fail it), listing the findings that fail it; it is skipped when a
 * finding says it could not be checked and that does not fail the run; otherwise it passes.
 * Findings that do not fail the run are listed in {@code <system-out>}. Findings about the policy
 * file as a whole are a test suite {@code policy}. No times or timestamps, so the same report gives
 * the same bytes.
 */
public final class JunitWriter {
  private JunitWriter() {}

  public static byte[] render(Report report) {
    FailPolicy policy = report.failPolicy();
    List<Suite> suites = new ArrayList<>();
    if (!report.policyFindings().isEmpty()) {
      String file =
          report.policyFile() == null ? "policy" : report.policyFile().getFileName().toString();
      suites.add(
          new Suite("policy", List.of(testCase("policy", file, report.policyFindings(), policy))));
    }
    for (DomainReport d : report.domains()) {
      List<TestCase> cases = new ArrayList<>();
      for (Protocol p : d.protocols()) {
        List<Finding> about = d.findings().stream().filter(f -> f.protocol() == p).toList();
        cases.add(testCase(d.domain(), p.id(), about, policy));
      }
      suites.add(new Suite(d.domain(), cases));
    }

    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.append("<testsuites name=\"emailauth\"")
        .append(counts(suites.stream().flatMap(s -> s.cases().stream()).toList()))
        .append(">\n");
    for (Suite s : suites) {
      xml.append("  <testsuite name=\"")
          .append(Xml.escape(s.name()))
          .append('"')
          .append(counts(s.cases()))
          .append(">\n");
      for (TestCase c : s.cases()) {
        xml.append("    <testcase classname=\"")
            .append(Xml.escape(c.classname()))
            .append("\" name=\"")
            .append(Xml.escape(c.name()))
            .append('"');
        if (c.outcome() == Outcome.PASSED && c.findings().isEmpty()) {
          xml.append("/>\n");
          continue;
        }
        xml.append(">\n");
        switch (c.outcome()) {
          case FAILURE, ERROR -> {
            String tag = c.outcome() == Outcome.FAILURE ? "failure" : "error";
            xml.append("      <")
                .append(tag)
                .append(" type=\"")
                .append(Xml.escape(c.failing().get(0).checkId()))
                .append("\" message=\"")
                .append(Xml.escape(headline(c.failing())))
                .append("\">")
                .append(Xml.escape(describe(c.failing())))
                .append("</")
                .append(tag)
                .append(">\n");
          }
          case SKIPPED ->
              xml.append("      <skipped message=\"")
                  .append(Xml.escape("could not be verified: " + headline(c.unverifiable())))
                  .append("\"/>\n");
          case PASSED -> {}
        }
        List<Finding> others = c.findings().stream().filter(f -> !c.failing().contains(f)).toList();
        if (!others.isEmpty()) {
          xml.append("      <system-out>")
              .append(Xml.escape(describe(others)))
              .append("</system-out>\n");
        }
        xml.append("    </testcase>\n");
      }
      xml.append("  </testsuite>\n");
    }
    xml.append("</testsuites>\n");
    return xml.toString().getBytes(StandardCharsets.UTF_8);
  }

  private enum Outcome {
    PASSED,
    FAILURE,
    ERROR,
    SKIPPED
  }

  private record Suite(String name, List<TestCase> cases) {}

  private record TestCase(
      String classname,
      String name,
      Outcome outcome,
      List<Finding> findings,
      List<Finding> failing,
      List<Finding> unverifiable) {}

  private static TestCase testCase(
      String classname, String name, List<Finding> findings, FailPolicy policy) {
    // What failed the protocol comes first: it names the <failure>; could-not-check findings
    // that also fail follow it.
    List<Finding> failing = new ArrayList<>();
    findings.stream()
        .filter(policy::fails)
        .filter(f -> f.kind() != Kind.UNVERIFIABLE)
        .forEach(failing::add);
    findings.stream()
        .filter(policy::fails)
        .filter(f -> f.kind() == Kind.UNVERIFIABLE)
        .forEach(failing::add);
    List<Finding> unverifiable =
        findings.stream().filter(f -> f.kind() == Kind.UNVERIFIABLE).toList();
    Outcome outcome;
    if (failing.stream().anyMatch(f -> f.kind() != Kind.UNVERIFIABLE)) {
      outcome = Outcome.FAILURE;
    } else if (!failing.isEmpty()) {
      outcome = Outcome.ERROR;
    } else if (!unverifiable.isEmpty()) {
      outcome = Outcome.SKIPPED;
    } else {
      outcome = Outcome.PASSED;
    }
    return new TestCase(classname, name, outcome, findings, failing, unverifiable);
  }

  private static String counts(List<TestCase> cases) {
    return " tests=\""
        + cases.size()
        + "\" failures=\""
        + cases.stream().filter(c -> c.outcome() == Outcome.FAILURE).count()
        + "\" errors=\""
        + cases.stream().filter(c -> c.outcome() == Outcome.ERROR).count()
        + "\" skipped=\""
        + cases.stream().filter(c -> c.outcome() == Outcome.SKIPPED).count()
        + "\"";
  }

  /** The first finding's message, and how many more there are. */
  private static String headline(List<Finding> findings) {
    Finding first = findings.get(0);
    String more = findings.size() == 1 ? "" : " (and " + (findings.size() - 1) + " more)";
    return first.checkId() + ": " + ConsoleWriter.oneLine(first.message()) + more;
  }

  private static String describe(List<Finding> findings) {
    return findings.stream()
        .map(JunitWriter::describe)
        .collect(Collectors.joining("\n", "\n", "\n"));
  }

  private static String describe(Finding f) {
    StringBuilder b = new StringBuilder();
    b.append('[').append(f.severity().name()).append("] ").append(f.checkId());
    if (f.subject() != null) {
      b.append(' ').append(f.subject());
    }
    b.append(": ").append(f.message()).append(" (").append(f.kind().label()).append(')');
    if (f.expected() != null) {
      b.append("\n  expected: ").append(f.expected());
    }
    if (f.actual() != null) {
      b.append("\n  actual:   ").append(f.actual());
    }
    if (f.remediation() != null) {
      b.append("\n  fix:      ").append(f.remediation());
    }
    if (f.location() != null) {
      b.append("\n  declared: ").append(f.location());
    }
    return b.toString();
  }
}
