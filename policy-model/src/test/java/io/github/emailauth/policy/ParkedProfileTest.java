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

/** {@code profile: parked}: the loader writes out the full "sends no mail" declaration. */
class ParkedProfileTest {
  static final String DEFAULTS =
      lines(
          "version: 1", //                                              1
          "senders:",
          "  acme: {spf: [include:acme.example], dkimSelectors: [acme]}",
          "defaults:",
          "  senders: [acme]", //                                       5
          "  mx: [10 mx.example.net.]",
          "  spf: {mechanisms: [mx], all: softfail}",
          "  dkim: {google: {}}",
          "  dmarc: {policy: none, rua: [mailto:dmarc@reports.example.net]}",
          "  mtaSts: {mode: testing, mx: [mx.example.net]}", //         10
          "  tlsRpt: {rua: [mailto:tlsrpt@reports.example.net]}",
          "domains:");

  @Test
  void parkedDomainIsMaterialised() {
    Policy policy = load(DEFAULTS + lines("  parked.example:", "    profile: parked"));
    DomainPolicy d = policy.domains().get("parked.example");
    SourcePosition profileKey = new SourcePosition(PolicyTesting.FILE, 14, 5);

    assertTrue(d.parked());
    assertTrue(d.mx().isNullMx());
    assertEquals("0 .", d.mx().hosts().get(0).toString());
    assertEquals(profileKey, d.mx().hosts().get(0).position());
    assertEquals(profileKey, d.mx().positions().section());

    assertEquals(List.of(), d.spf().mechanisms());
    assertEquals(SpfAll.FAIL, d.spf().all());
    assertNull(d.spf().redirect());
    assertEquals(profileKey, d.spf().positions().section());

    assertEquals(DmarcMode.REJECT, d.dmarc().policy());
    assertEquals(DmarcMode.REJECT, d.dmarc().subdomainPolicy());
    assertEquals(profileKey, d.dmarc().positions().at("policy"));
    assertEquals(profileKey, d.dmarc().positions().at("subdomainPolicy"));
    // Reporting addresses are kept, with the position where they were declared.
    assertEquals(List.of("mailto:dmarc@reports.example.net"), d.dmarc().rua());
    assertEquals(9, d.dmarc().positions().at("rua").line());

    assertTrue(d.dkim().isEmpty(), "no DKIM keys, none inherited from defaults or senders");
    assertEquals(List.of(), d.senders());
    assertNull(d.mtaSts(), "mail-receiving settings are not inherited");
    assertNull(d.tlsRpt());
    assertNull(d.bimi());
  }

  @Test
  void parkedWithoutDefaultsStillGetsTheWholeSet() {
    DomainPolicy d =
        load(lines("version: 1", "domains:", "  p.example: {profile: parked}"))
            .domains()
            .get("p.example");
    assertTrue(d.mx().isNullMx());
    assertEquals(SpfAll.FAIL, d.spf().all());
    assertEquals(DmarcMode.REJECT, d.dmarc().policy());
    assertEquals(DmarcMode.REJECT, d.dmarc().subdomainPolicy());
    assertNull(d.dmarc().rua());
    assertEquals(new SourcePosition(PolicyTesting.FILE, 3, 15), d.dmarc().positions().section());
  }

  @Test
  void revokedSelectorsMayStay() {
    DomainPolicy d =
        load(DEFAULTS
                + lines(
                    "  p.example:", "    profile: parked", "    dkim: {old2019: {revoked: true}}"))
            .domains()
            .get("p.example");
    assertEquals(List.of("old2019"), List.copyOf(d.dkim().keySet()));
    assertTrue(d.dkim().get("old2019").revoked());
  }

  @Test
  void profileFromDefaultsAndBackToStandard() {
    Policy policy =
        load(
            lines(
                "version: 1",
                "defaults: {profile: parked}",
                "domains:",
                "  p.example:",
                "  s.example: {profile: standard, dmarc: {policy: none}}"));
    assertTrue(policy.domains().get("p.example").parked());
    DomainPolicy s = policy.domains().get("s.example");
    assertEquals(Profile.STANDARD, s.profile());
    assertNull(s.mx());
    assertEquals(DmarcMode.NONE, s.dmarc().policy());
  }

  @Test
  void contradictionsAreProblems() {
    List<PolicyProblem> problems =
        problems(
            DEFAULTS
                + lines(
                    "  p.example:", //                                  13
                    "    profile: parked",
                    "    senders: [acme]", //                           15
                    "    mx: [10 mx.example.net.]",
                    "    spf: {mechanisms: [mx]}",
                    "    dmarc: {policy: none, subdomainPolicy: quarantine}",
                    "    dkim: {s2025: {}}",
                    "    bimi: {logo: https://brand.example.com/logo.svg}")); // 20
    assertEquals(
        "a parked domain sends no mail, so it has no `senders`",
        problemAt(problems, 15, 5).message());
    assertEquals(
        "a parked domain publishes the null MX `0 .` (RFC 7505); `mx` contradicts it",
        problemAt(problems, 16, 5).message());
    assertEquals(
        "a parked domain publishes `v=spf1 -all`; this `spf` section contradicts it",
        problemAt(problems, 17, 5).message());
    assertEquals(
        "a parked domain has DMARC `policy` reject, not none",
        problemAt(problems, 18, 13).message());
    assertEquals(
        "a parked domain has DMARC `subdomainPolicy` reject, not quarantine",
        problemAt(problems, 18, 27).message());
    PolicyProblem dkim = problemAt(problems, 19, 12);
    assertEquals(
        "a parked domain has no DKIM keys; selector `s2025` is not revoked", dkim.message());
    assertEquals(
        "remove it, or set `revoked: true` to keep publishing an empty key", dkim.suggestion());
    assertEquals(
        "a parked domain sends no mail, so a BIMI logo is never shown",
        problemAt(problems, 20, 5).message());
    assertEquals(7, problems.size(), problems.toString());
  }

  @Test
  void declaringWhatParkedMeansAnywayIsFine() {
    DomainPolicy d =
        load(lines(
                "version: 1",
                "domains:",
                "  p.example:",
                "    profile: parked",
                "    mx: [\"0 .\"]",
                "    spf: {all: fail, deny: [192.0.2.1]}",
                "    dmarc: {policy: reject, ruf: [mailto:f@example.com]}"))
            .domains()
            .get("p.example");
    assertTrue(d.mx().isNullMx());
    assertEquals(List.of("192.0.2.1"), d.spf().deny());
    assertEquals(List.of("mailto:f@example.com"), d.dmarc().ruf());
  }
}
