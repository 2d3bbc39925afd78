package io.github.emailauth.checks.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DomainNamesTest {
  @Test
  void truncateDropsLabelsFromTheLeft() {
    String name =
        "a".repeat(60)
            + "."
            + "b".repeat(63)
            + "."
            + "c".repeat(63)
            + "."
            + "d".repeat(63)
            + ".example";
    assertEquals(name.substring(61), DomainNames.truncate(name));
    assertEquals("x".repeat(300), DomainNames.truncate("x".repeat(300)));
    assertEquals("short.example", DomainNames.truncate("short.example"));
  }

  @Test
  void truncateIsLinearInTheNameLength() {
    // Found by SpfFuzzTest: 2 MB of "a." took 47 s when each dropped label copied the rest.
    String huge = "a.".repeat(1_000_000) + "example";
    String out = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> DomainNames.truncate(huge));
    assertEquals(huge.substring(huge.length() - out.length()), out);
    assertEquals(253, out.length());
  }
}
