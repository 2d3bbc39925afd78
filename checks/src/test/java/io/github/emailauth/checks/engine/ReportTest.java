package io.github.emailauth.checks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportTest {
  static Finding f(TestCheck check, String domain, String subject) {
    return Finding.of(check, domain).subject(subject).message("m").build();
  }

  @Test
  void summaryCountsEachFindingOnceUnverifiableApart() {
    Report report =
        new Report(
            EngineTest.TOOL,
            null,
            List.of(
                new DomainReport(
                    "a.example",
                    Set.of(Protocol.DMARC),
                    List.of(
                        f(TestCheck.DMARC_DRIFT, "a.example", "x"),
                        f(TestCheck.DMARC_DNS, "a.example", "y"),
                        f(TestCheck.DMARC_NOTE, "a.example", "z"))),
                new DomainReport(
                    "b.example",
                    Set.of(Protocol.MX),
                    List.of(f(TestCheck.MX_LINT, "b.example", "x")))),
            List.of(),
            FailPolicy.defaults());

    assertEquals(new Summary(2, 1, 1, 1, 1, true), report.summary());
    assertEquals(4, report.summary().findings());
    assertEquals(
        List.of("TEST-DMARC-DRIFT"), report.failing().stream().map(Finding::checkId).toList());

    Report lenient = report.withFailPolicy(new FailPolicy(FailPolicy.FailOn.NEVER, false));
    assertFalse(lenient.failed());
    assertFalse(lenient.summary().failed());
    Report strictDns = report.withFailPolicy(new FailPolicy(FailPolicy.FailOn.NEVER, true));
    assertTrue(strictDns.failed());
    assertEquals(
        List.of("TEST-DMARC-DNS"), strictDns.failing().stream().map(Finding::checkId).toList());
  }

  @Test
  void findingsAreSortedBySeverityProtocolIdAndSubjectStably() {
    Finding noSubject = Finding.of(TestCheck.DMARC_DRIFT, "a").message("first").build();
    Finding tieA = Finding.of(TestCheck.DMARC_DRIFT, "a").subject("s").message("tie 1").build();
    Finding tieB = Finding.of(TestCheck.DMARC_DRIFT, "a").subject("s").message("tie 2").build();
    Finding mx = f(TestCheck.MX_DRIFT, "a", "s");
    Finding notice = f(TestCheck.DMARC_NOTE, "a", "a");
    DomainReport d = new DomainReport("a", Set.of(), List.of(notice, tieA, mx, tieB, noSubject));
    assertEquals(List.of(mx, noSubject, tieA, tieB, notice), d.findings());
    DomainReport reversed =
        new DomainReport("a", Set.of(), List.of(tieB, notice, noSubject, mx, tieA));
    assertEquals(List.of(mx, noSubject, tieB, tieA, notice), reversed.findings(), "stable on ties");
  }

  @Test
  void protocolsToShowAreTheCheckedOnesAndThoseOfFindingsInProtocolOrder() {
    DomainReport d =
        new DomainReport(
            "a", Set.of(Protocol.DMARC, Protocol.DNS), List.of(f(TestCheck.MX_DRIFT, "a", "s")));
    assertEquals(List.of(Protocol.DNS, Protocol.MX, Protocol.DMARC), List.copyOf(d.protocols()));
  }
}
