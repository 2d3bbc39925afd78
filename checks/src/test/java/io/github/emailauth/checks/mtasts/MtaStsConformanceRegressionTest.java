package io.github.emailauth.checks.mtasts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Disagreements with mailauth 7.1.0 (strict mode) where RFC 8461 said we were wrong; named after
 * the conformance case (docs/conformance.md, "MTA-STS").
 */
class MtaStsConformanceRegressionTest {
  private static final String HEAD = "version: STSv1\nmode: enforce\nmax_age: 604800\n";

  /** sts-p00060: "192.0.2.1" is an RFC 5321 Domain (all-digit labels), so the policy is valid. */
  @Test
  void stsP00060IpLookingPatternKeepsThePolicyValid() {
    StsPolicyFile p = StsPolicyFile.parse(HEAD + "mx: 192.0.2.1\nmx: mail.example.com\n");
    assertTrue(p.valid(), p.problems().toString());
    assertEquals(2, p.mx().size());
    assertTrue(p.warnings().get(0).message().contains("is an IP address"));
    assertFalse(p.mx().get(0).matches("mail.example.com"));
    assertTrue(p.mx().get(1).matches("mail.example.com"));
  }

  /** sts-p00059, sts-p00065 and the random match cases: single-label Domains are grammatical. */
  @Test
  void stsP00059WildcardOverATldIsValid() {
    StsPolicyFile p = StsPolicyFile.parse(HEAD + "mx: *.com\n");
    assertTrue(p.valid(), p.problems().toString());
    assertTrue(p.mx().get(0).matches("example.com"));
    assertFalse(p.mx().get(0).matches("mail.example.com"));
    assertTrue(StsPolicyFile.parse(HEAD + "mx: localhost\n").valid());
  }

  /** sts-p00053: RFC 5321 Domain has no trailing dot; a strict sender drops the whole policy. */
  @Test
  void stsP00053TrailingDotMakesThePolicyInvalid() {
    StsPolicyFile p = StsPolicyFile.parse(HEAD + "mx: mail.example.com.\n");
    assertFalse(p.valid());
    assertTrue(p.errors().get(0).message().contains("ends with a dot"), p.errors().toString());
    assertEquals(List.of(), p.mx());
  }

  /**
   * sts-t00045, sts-t00739: RFC 8461 §3.1 discards, among several records, those without
   * "v=STSv1;".
   */
  @Test
  void stsT00045SelectionAmongSeveralRecords() {
    assertEquals(
        List.of("v=STSv1; id=abc"), StsRecord.select(List.of("v=STSv1; id=abc", "v=STSv1")));
    assertEquals(
        List.of("v=STSv1; id=abc"),
        StsRecord.select(List.of("v=STSv1 ;id=def", "v=STSv1; id=abc", "v=spf1 -all")));
    assertEquals(List.of(), StsRecord.select(List.of(" v=STSv1; id=a", "v=STSv1 ;id=b")));
    assertEquals(2, StsRecord.select(List.of("v=STSv1; id=a", "v=STSv1;id=b")).size());
    // a lone record goes to the grammar, which the parser applies
    assertEquals(List.of("v=STSv1 ;id=b"), StsRecord.select(List.of("v=STSv1 ;id=b")));
  }

  /** sts-t00002, sts-t00003: sts-field-delim = *WSP ";" *WSP, so a lone record is valid. */
  @Test
  void stsT00002SpaceBeforeTheFirstDelimiterIsValid() {
    for (String txt : List.of("v=STSv1 ;id=abc", "v=STSv1\t; id=abc", "v=STSv1 ; id=abc; x=y")) {
      StsRecord.Parsed parsed = StsRecord.parse(txt);
      assertTrue(parsed.valid(), txt + " " + parsed.errors());
      assertEquals("abc", parsed.record().id());
      assertTrue(
          parsed.warnings().get(0).contains("other TXT records"), parsed.warnings().toString());
    }
  }

  /** sts-t00016: "id=abc " is outside the grammar (the id is 1*32 ALPHA / DIGIT). */
  @Test
  void stsT00016TrailingSpaceWithoutDelimiterIsInvalid() {
    assertFalse(StsRecord.parse("v=STSv1; id=abc ").valid());
    assertFalse(StsRecord.parse("v=STSv1; id=abc; x=1\t").valid());
    assertTrue(StsRecord.parse("v=STSv1; id=abc; ").valid());
    assertTrue(StsRecord.parse("v=STSv1; id=abc ;").valid());
  }

  /** sts-t00034, sts-t00639: a later "id=d-f" or an "ID=abc" are grammatical extensions. */
  @Test
  void stsT00034ExtensionsNamedLikeTheId() {
    StsRecord.Parsed second = StsRecord.parse("v=STSv1; id=abc; id=d-f");
    assertEquals("abc", second.record().id());
    assertTrue(second.warnings().get(0).contains("twice"));
    StsRecord.Parsed upper = StsRecord.parse("v=STSv1; ID=abc; id=zzz");
    assertEquals("zzz", upper.record().id());
    assertTrue(upper.warnings().get(0).contains("case-sensitive"));
    assertFalse(StsRecord.parse("v=STSv1; id=abc; id=d;e").valid());
    assertFalse(StsRecord.parse("v=STSv1; id=a-c; id=def").valid());
  }

  /** sts-m00006: "*" is not a host-name label, so an MX named *.example.com matches nothing. */
  @Test
  void stsM00006LiteralStarHostDoesNotMatchTheWildcard() {
    MxPattern p = new MxPattern("*.example.com");
    assertFalse(p.matches("*.example.com"));
    assertFalse(p.matches("a*.example.com"));
    assertTrue(p.matches("a.example.com"));
  }
}
