package io.github.emailauth.checks.mtasts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StsRecordTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "v=STSv1; id=abc;|abc",
        "v=STSv1;id=abc|abc",
        "v=STSv1;  id=20160831085700Z  ;|20160831085700Z",
        "v=STSv1; id=20160831085700Z; foo=bar|20160831085700Z",
        "v=STSv1;\tid=A1b2C3|A1b2C3",
        "v=STSv1; id=12345678901234567890123456789012|12345678901234567890123456789012",
        "v=STSv1; ext.name_x-1=va:lue; id=x|x",
      })
  void validRecords(String txt, String id) {
    StsRecord.Parsed parsed = StsRecord.parse(txt);
    assertEquals(java.util.List.of(), parsed.errors(), txt);
    assertEquals(id, parsed.record().id());
  }

  @Test
  void extensionsAreKeptButIgnored() {
    StsRecord record = StsRecord.parse("v=STSv1; id=abc; foo=bar; baz=1").record();
    assertEquals(Map.of("foo", "bar", "baz", "1"), record.extensions());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "v=STSv1|the id field is required",
        "v=STSv1;|the id field is required",
        "v=STSv1; id=|id is empty",
        "v=STSv1; id=2024-05-01|id \"2024-05-01\" must be 1 to 32 letters and digits only",
        "v=STSv1; id=123456789012345678901234567890123|must be 1 to 32 letters and digits only",
        "'v=STSv1; id=abc '|space after the last field",
        "v=stsv1; id=abc|the version is case-sensitive",
        "v=STSv10; id=abc|the version must be exactly v=STSv1",
        "id=abc; v=STSv1|the record must start with v=STSv1",
        "v=STSv1; id=abc;; x=y|empty field",
        "v=STSv1; id=abc; foo|is not name=value",
        "v=STSv1; id=abc; foo=b=r|contains '=', ';' or a space",
        "v=STSv1; id=abc; -x=1|is not a valid field name",
        "v=STSv1; ID=abc|the id field is required",
        "v=STSv1; id=abcé|must be printable US-ASCII",
      })
  void invalidRecords(String txt, String reason) {
    StsRecord.Parsed parsed = StsRecord.parse(txt);
    assertFalse(parsed.valid(), txt);
    assertNull(parsed.record());
    assertTrue(
        parsed.errors().stream().anyMatch(e -> e.contains(reason)),
        () -> txt + " -> " + parsed.errors());
  }

  @Test
  void duplicateIdFirstWinsWithAWarning() {
    StsRecord.Parsed parsed = StsRecord.parse("v=STSv1; id=first; id=second");
    assertEquals("first", parsed.record().id());
    assertEquals(1, parsed.warnings().size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"v=STSv1; id=a", "v=STSv1;id=a", "v=STSv1", "v=STSv1 ;id=a"})
  void candidates(String txt) {
    assertTrue(StsRecord.isCandidate(txt));
  }

  @ParameterizedTest
  @ValueSource(strings = {"v=spf1 -all", "v=STSv10; id=a", "v=stsv1; id=a", " v=STSv1; id=a"})
  void notCandidates(String txt) {
    assertFalse(StsRecord.isCandidate(txt));
  }

  @Test
  void hostileLengthIsLinear() {
    String huge = "v=STSv1; id=abc" + "; x=y".repeat(200_000);
    long start = System.nanoTime();
    assertTrue(StsRecord.parse(huge).valid());
    assertTrue(System.nanoTime() - start < 5_000_000_000L);
  }

  @Test
  void aHostileRecordYieldsAFewMessagesNotThousands() {
    // found by MtaStsFuzzTest: 64 KB of ";" gave one error (so one finding) per empty field
    StsRecord.Parsed p = StsRecord.parse("v=STSv1; id=1" + ";".repeat(65_000));
    assertEquals(io.github.emailauth.checks.text.TagList.MAX_MESSAGES, p.errors().size());
    assertTrue(
        p.errors().get(p.errors().size() - 1).contains("more like these"), p.errors().toString());
    assertNull(p.record());
  }
}
