package io.github.emailauth.checks.dmarc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.policy.Alignment;
import io.github.emailauth.policy.DmarcMode;
import io.github.emailauth.policy.DmarcPolicy;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DmarcValuesTest {
  static DmarcPolicy reject(List<String> rua) {
    return new DmarcPolicy(
        DmarcMode.REJECT, null, null, null, null, rua, null, null, null, null, null, null);
  }

  private static String diff(DmarcPolicy declared, String published) {
    return DmarcValues.of(declared)
        .differences(DmarcValues.of(DmarcRecord.parse(published)))
        .stream()
        .map(DmarcValues.Difference::message)
        .collect(Collectors.joining("; "));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // order, case, spacing and a trailing ';' are not drift; defaults match an absent tag
        "v=DMARC1; p=reject; rua=mailto:d@example.com                        | ",
        "v=DMARC1;p=REJECT;RUA=MAILTO:d@EXAMPLE.COM;                          | ",
        "v=DMARC1; rua=mailto:d@example.com; p=reject; adkim=r; aspf=r; pct=100; t=n; psd=u; fo=1 |"
            + " ",
        "v=DMARC1; p=reject; sp=reject; np=reject; rua=mailto:d@example.com   | ",
        "v=DMARC1; p=reject; rua=mailto:d@example.com,mailto:d@example.com    | ",
        // sp and np that only follow p (or np that follows sp) are not named again
        "v=DMARC1; p=none; rua=mailto:d@example.com                          | p is none, declared"
            + " reject",
        "v=DMARC1; p=none; sp=none; np=none; rua=mailto:d@example.com        | p is none, declared"
            + " reject",
        "v=DMARC1; p=reject; sp=none; rua=mailto:d@example.com               | sp is none, declared"
            + " reject",
        "v=DMARC1; p=none; sp=reject; rua=mailto:d@example.com               | p is none, declared"
            + " reject",
        "v=DMARC1; p=reject; np=quarantine; rua=mailto:d@example.com         | np is quarantine,"
            + " declared reject",
        "v=DMARC1; p=reject; adkim=s; rua=mailto:d@example.com               | adkim is s, declared"
            + " r",
        "v=DMARC1; p=reject; pct=50; rua=mailto:d@example.com                | pct is 50, declared"
            + " 100",
        "v=DMARC1; p=reject; t=y; rua=mailto:d@example.com                   | t is y, declared n",
        "v=DMARC1; p=reject                                                  | rua is (none),"
            + " declared mailto:d@example.com",
        "v=DMARC1; p=reject; rua=mailto:d@example.com!10m                    | rua is"
            + " mailto:d@example.com!10485760, declared mailto:d@example.com",
        "v=DMARC1; p=bogus                                                   | p is \"bogus\","
            + " declared reject; rua is (none), declared mailto:d@example.com",
        // spec §8.4: no p is read as none
        "v=DMARC1; rua=mailto:d@example.com                                  | p is none, declared"
            + " reject",
        // an invalid p with a valid rua is read as none (RFC 9989 §4.10.1)
        "v=DMARC1; p=bogus; rua=mailto:d@example.com                         | p is none, declared"
            + " reject",
        "v=DMARC1; p=reject; rua=mailto:d@example.com; ruf=mailto:f@example.com | ruf is"
            + " mailto:f@example.com, declared (none)",
      })
  void comparesByMeaning(String published, String expected) {
    String got = diff(reject(List.of("mailto:d@example.com")), published);
    assertEquals(expected == null ? "" : expected, got);
  }

  @Test
  void declaredAlignmentAndFailureOptionsAreCompared() {
    DmarcPolicy d =
        new DmarcPolicy(
            DmarcMode.QUARANTINE,
            DmarcMode.REJECT,
            null,
            Alignment.STRICT,
            Alignment.RELAXED,
            List.of("mailto:d@example.com"),
            List.of("mailto:f@example.com"),
            "d:1",
            null,
            null,
            null,
            null);
    assertEquals(
        "",
        diff(
            d,
            "v=DMARC1; p=quarantine; sp=reject; aspf=s; rua=mailto:d@example.com;"
                + " ruf=mailto:f@example.com; fo=1:d"));
    assertEquals(
        "aspf is r, declared s; fo is 1, declared 1:d",
        diff(
            d,
            "v=DMARC1; p=quarantine; sp=reject; rua=mailto:d@example.com;"
                + " ruf=mailto:f@example.com; fo=1"));
  }

  @Test
  void canonicalRecordRoundTrips() {
    DmarcPolicy d =
        new DmarcPolicy(
            DmarcMode.REJECT,
            DmarcMode.QUARANTINE,
            DmarcMode.REJECT,
            Alignment.STRICT,
            Alignment.STRICT,
            List.of("mailto:d@example.com", "mailto:x@reports.example.net"),
            List.of(),
            null,
            true,
            "n",
            null,
            null);
    String canonical = DmarcSerializer.canonical(d);
    assertEquals(
        "v=DMARC1; p=reject; sp=quarantine; np=reject; adkim=s; aspf=s; t=y; psd=n;"
            + " rua=mailto:d@example.com,mailto:x@reports.example.net",
        canonical);
    DmarcRecord parsed = DmarcRecord.parse(canonical);
    assertTrue(parsed.isDmarc());
    assertEquals(List.of(), parsed.problems());
    assertEquals(List.of(), DmarcValues.of(d).differences(DmarcValues.of(parsed)));
  }

  @Test
  void weakChoicesAreNamed() {
    DmarcValues v =
        DmarcValues.of(
            DmarcRecord.parse("v=DMARC1; p=reject; sp=none; np=quarantine; t=y; pct=20"));
    assertEquals(
        "DMARC-SUBDOMAIN-WEAKER DMARC-SUBDOMAIN-WEAKER DMARC-NO-RUA DMARC-TESTING" + " DMARC-PCT",
        v.weaknesses().stream().map(w -> w.check().id()).collect(Collectors.joining(" ")));
    DmarcValues followed =
        DmarcValues.of(DmarcRecord.parse("v=DMARC1; p=reject; sp=none; rua=mailto:a@b.example"));
    assertEquals(
        "DMARC-SUBDOMAIN-WEAKER",
        followed.weaknesses().stream().map(w -> w.check().id()).collect(Collectors.joining(" ")),
        "np follows sp: one warning, for sp");
    DmarcValues none =
        DmarcValues.of(DmarcRecord.parse("v=DMARC1; p=none; rua=mailto:a@b.example"));
    assertEquals(
        "DMARC-POLICY-NONE",
        none.weaknesses().stream().map(w -> w.check().id()).collect(Collectors.joining(" ")));
  }
}
