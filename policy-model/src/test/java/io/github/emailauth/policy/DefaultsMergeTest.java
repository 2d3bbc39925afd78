package io.github.emailauth.policy;

import static io.github.emailauth.policy.PolicyTesting.lines;
import static io.github.emailauth.policy.PolicyTesting.load;
import static io.github.emailauth.policy.PolicyTesting.problemAt;
import static io.github.emailauth.policy.PolicyTesting.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code defaults}: deep-merged into every domain; the domain's keys win, lists replace. */
class DefaultsMergeTest {
  static final String POLICY =
      lines(
          "version: 1", //                                          1
          "defaults:",
          "  dmarc:",
          "    policy: reject",
          "    rua: [mailto:dmarc@reports.example.net]", //         5
          "    alignment: {spf: strict, dkim: strict}",
          "  tlsRpt: {rua: [mailto:tlsrpt@reports.example.net]}",
          "  mx: [10 mx.example.net.]",
          "  dkim:",
          "    google: {minBits: 2048}", //                        10
          "domains:",
          "  a.example:",
          "    dmarc:",
          "      policy: quarantine",
          "      alignment: {dkim: relaxed}", //                   15
          "    mx: [20 other.example.]",
          "    dkim:",
          "      s2: {}",
          "  b.example:",
          "  c.example:", //                                       20
          "    tlsRpt: ~",
          "    dmarc:",
          "      rua: [mailto:own@c.example]");

  @Test
  void domainKeysWinAndKeepTheirPositions() {
    DmarcPolicy dmarc = load(POLICY).domains().get("a.example").dmarc();
    assertEquals(DmarcMode.QUARANTINE, dmarc.policy());
    assertEquals(14, dmarc.positions().at("policy").line());
    assertEquals(13, dmarc.positions().section().line());
  }

  @Test
  void mappingsMergeKeyByKey() {
    DmarcPolicy dmarc = load(POLICY).domains().get("a.example").dmarc();
    assertEquals(Alignment.STRICT, dmarc.spfAlignment(), "aspf from defaults");
    assertEquals(Alignment.RELAXED, dmarc.dkimAlignment(), "adkim from the domain");
    assertEquals(6, dmarc.positions().at("alignment.spf").line());
    assertEquals(15, dmarc.positions().at("alignment.dkim").line());
    assertEquals(List.of("mailto:dmarc@reports.example.net"), dmarc.rua());
    assertEquals(5, dmarc.positions().at("rua").line(), "inherited key points into defaults");
  }

  @Test
  void listsReplace() {
    Policy policy = load(POLICY);
    assertEquals(
        List.of("20 other.example."),
        policy.domains().get("a.example").mx().hosts().stream().map(MxHost::toString).toList());
    assertEquals(List.of("mailto:own@c.example"), policy.domains().get("c.example").dmarc().rua());
  }

  @Test
  void selectorMapsMerge() {
    DomainPolicy a = load(POLICY).domains().get("a.example");
    assertEquals(List.of("google", "s2"), List.copyOf(a.dkim().keySet()));
    assertEquals(2048, a.dkim().get("google").minBits());
  }

  @Test
  void anEmptyDomainGetsTheDefaults() {
    DomainPolicy b = load(POLICY).domains().get("b.example");
    assertEquals(DmarcMode.REJECT, b.dmarc().policy());
    assertEquals(List.of("mailto:tlsrpt@reports.example.net"), b.tlsRpt().rua());
    assertEquals(7, b.tlsRpt().positions().section().line());
    assertEquals("10 mx.example.net.", b.mx().hosts().get(0).toString());
    assertEquals(19, b.position().line());
    assertEquals(Profile.STANDARD, b.profile());
  }

  @Test
  void tildeDropsAnInheritedSection() {
    DomainPolicy c = load(POLICY).domains().get("c.example");
    assertNull(c.tlsRpt());
    assertEquals(DmarcMode.REJECT, c.dmarc().policy(), "policy still inherited");
  }

  @Test
  void aDomainWithoutDefaultsHasOnlyItsOwnSections() {
    DomainPolicy d =
        load(lines("version: 1", "domains:", "  d.example:", "    dmarc: {policy: none}"))
            .domains()
            .get("d.example");
    assertNull(d.mx());
    assertNull(d.spf());
    assertNull(d.tlsRpt());
    assertTrue(d.dkim().isEmpty());
  }

  @Test
  void requiredKeysAreCheckedOnTheMergedResult() {
    // defaults has no policy, the domain neither: the problem points at the domain's dmarc key.
    List<PolicyProblem> problems =
        problems(
            lines(
                "version: 1",
                "defaults:",
                "  dmarc: {rua: [mailto:d@example.com]}",
                "domains:",
                "  a.example:",
                "    dmarc: {ruf: [mailto:f@example.com]}",
                "  b.example: {dmarc: {policy: none}}"));
    assertEquals(1, problems.size(), problems.toString());
    assertEquals("`dmarc` needs `policy`", problemAt(problems, 6, 5).message());
  }

  @Test
  void mistakesInDefaultsAreReportedEvenWithoutDomains() {
    List<PolicyProblem> problems =
        problems(lines("version: 1", "defaults:", "  dmarc: {polcy: reject}", "domains: {}"));
    assertEquals("did you mean `policy`?", problemAt(problems, 3, 11).suggestion());
  }
}
