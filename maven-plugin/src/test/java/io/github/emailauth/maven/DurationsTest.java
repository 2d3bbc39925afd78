package io.github.emailauth.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "3, 3000",
    "1.5, 1500",
    "500ms, 500",
    "2s, 2000",
    "2 s, 2000",
    "1m, 60000",
    "PT2S, 2000",
    "pt0.25s, 250",
    "PT1M, 60000",
    "0.0001, 1",
  })
  void readsSecondsUnitsAndIso(String text, long millis) {
    assertEquals(Duration.ofMillis(millis), Durations.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", " ", "0", "0s", "-1", "PT-1S", "abc", "1h", "5 minutes", "PT2H", "1e3"})
  void rejectsWhatIsNotAPositiveDurationUpToAnHour(String text) {
    assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"1e999999999", "99999999999999999999999999999", "PT99999999999999999999H"})
  void hostileNumbersFailFast(String text) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () -> assertThrows(IllegalArgumentException.class, () -> Durations.parse(text)));
  }
}
