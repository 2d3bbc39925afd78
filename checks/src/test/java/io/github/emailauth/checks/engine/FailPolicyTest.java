package io.github.emailauth.checks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.emailauth.checks.engine.FailPolicy.FailOn;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FailPolicyTest {
  /** The failure rule of docs/report-json.md, row by row. */
  @ParameterizedTest(name = "failOn={0} failOnUnverifiable={1}: {2} {3} fails={4}")
  @CsvSource({
    // failOn, failOnUnverifiable, severity, kind, fails
    "ERROR,   false, ERROR,   DRIFT,        true",
    "ERROR,   false, WARNING, DRIFT,        false",
    "ERROR,   false, NOTICE,  WEAK,         false",
    "ERROR,   false, ERROR,   INVALID,      true",
    "WARNING, false, ERROR,   DRIFT,        true",
    "WARNING, false, WARNING, WEAK,         true",
    "WARNING, false, NOTICE,  WEAK,         false",
    "NEVER,   false, ERROR,   DRIFT,        false",
    "NEVER,   true,  ERROR,   INVALID,      false",
    // unverifiable: only failOnUnverifiable decides, whatever the severity and failOn
    "ERROR,   false, ERROR,   UNVERIFIABLE, false",
    "WARNING, false, WARNING, UNVERIFIABLE, false",
    "ERROR,   true,  NOTICE,  UNVERIFIABLE, true",
    "ERROR,   true,  ERROR,   UNVERIFIABLE, true",
    "NEVER,   true,  WARNING, UNVERIFIABLE, true",
    "NEVER,   false, ERROR,   UNVERIFIABLE, false",
  })
  void failureRule(
      FailOn failOn, boolean unverifiable, Severity severity, Kind kind, boolean fails) {
    Finding f =
        Finding.of(TestCheck.DMARC_DRIFT, "example.com")
            .severity(severity)
            .kind(kind)
            .message("m")
            .build();
    assertEquals(fails, new FailPolicy(failOn, unverifiable).fails(f));
  }

  @ParameterizedTest
  @ValueSource(strings = {"error", " Warning ", "NEVER"})
  void failOnParsesTheParameterIgnoringCase(String text) {
    assertEquals(text.trim().toUpperCase(java.util.Locale.ROOT), FailOn.parse(text).name());
  }

  @ParameterizedTest
  @ValueSource(strings = {"notice", "", "errors"})
  void failOnRefusesOtherWords(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FailOn.parse(text));
    assertTrue(e.getMessage().contains("error, warning, never"), e.getMessage());
  }
}
