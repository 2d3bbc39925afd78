package io.github.emailauth.checks.mtasts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.policy.KeyPositions;
import io.github.emailauth.policy.MtaStsPolicy;
import io.github.emailauth.policy.SourcePosition;
import io.github.emailauth.policy.StsMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The id contract of DESIGN.md. The golden ids below were computed outside Java with {@code printf
 * 'version: STSv1\r\n...' | sha256sum | cut -c1-20}; if this test fails, every user's published id
 * would drift on upgrade, so fix the code, not the test.
 */
class CanonicalPolicyTest {
  private static MtaStsPolicy declared(StsMode mode, List<String> mx, long maxAge, String id) {
    return new MtaStsPolicy(
        mode, mx, maxAge, id, KeyPositions.of(SourcePosition.unknown("t.yaml")));
  }

  @Test
  void canonicalBytes() {
    CanonicalPolicy p =
        CanonicalPolicy.of(
            declared(
                StsMode.ENFORCE, List.of("mx1.example.com", "*.mail.example.net"), 1209600, null));
    assertEquals(
        "version: STSv1\r\n"
            + "mode: enforce\r\n"
            + "mx: mx1.example.com\r\n"
            + "mx: *.mail.example.net\r\n"
            + "max_age: 1209600\r\n",
        new String(p.bytes(), StandardCharsets.US_ASCII));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ENFORCE|mx1.example.com,*.mail.example.net|1209600|42f0bac8a4dfeb70b3f5",
        "NONE||86400|94815eb6141fb6e55268",
        "TESTING|mx1.example.com|604800|31a77c838c175b1b2452",
      })
  void goldenIds(StsMode mode, String mx, long maxAge, String id) {
    List<String> patterns = mx == null ? List.of() : List.of(mx.split(","));
    assertEquals(id, CanonicalPolicy.of(declared(mode, patterns, maxAge, null)).id());
  }

  @Test
  void idIsAValidStsIdAndFollowsEveryChange() {
    MtaStsPolicy base =
        declared(StsMode.ENFORCE, List.of("a.example.com", "b.example.com"), 604800, null);
    String id = CanonicalPolicy.expectedId(base);
    assertTrue(StsRecord.parse(StsRecord.format(id)).valid());
    assertEquals(20, id.length());
    assertNotEquals(
        id, CanonicalPolicy.expectedId(declared(StsMode.TESTING, base.mx(), 604800, null)));
    assertNotEquals(
        id, CanonicalPolicy.expectedId(declared(StsMode.ENFORCE, base.mx(), 604801, null)));
    assertNotEquals(
        id,
        CanonicalPolicy.expectedId(
            declared(StsMode.ENFORCE, List.of("b.example.com", "a.example.com"), 604800, null)));
    // cosmetic differences in the YAML do not change it
    assertEquals(
        id,
        CanonicalPolicy.expectedId(
            declared(StsMode.ENFORCE, List.of("A.Example.COM.", "b.example.com"), 604800, null)));
  }

  @Test
  void pinnedIdWins() {
    assertEquals(
        "pinned2024",
        CanonicalPolicy.expectedId(
            declared(StsMode.ENFORCE, List.of("a.example.com"), 604800, "pinned2024")));
  }

  @Test
  void canonicalFileParsesBackToTheSamePolicy() {
    CanonicalPolicy p =
        CanonicalPolicy.of(
            declared(StsMode.ENFORCE, List.of("mx1.example.com", "*.example.net"), 604800, null));
    StsPolicyFile file = StsPolicyFile.parse(p.text());
    assertEquals(List.of(), file.problems());
    assertTrue(MtaStsModule.sameMeaning(p, file));
  }
}
