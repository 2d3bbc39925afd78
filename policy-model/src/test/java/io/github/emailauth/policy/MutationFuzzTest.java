package io.github.emailauth.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of small corruptions of the example policy: each must load or fail with problems. Any
 * other exception is a loader bug (a crash where a user deserved a message).
 */
class MutationFuzzTest {
  private static final String ALPHABET = " \n\t:-[]{},#&*!|>'\"%@`?.0123456789abcdefxyzRÜ~";

  @Test
  void corruptedPoliciesNeverCrashTheLoader() throws Exception {
    String example = Files.readString(Path.of("..", "docs", "policy-example.yaml"));
    Random random = new Random(20250101L);
    int loaded = 0;
    int refused = 0;
    for (int round = 0; round < 3000; round++) {
      StringBuilder text = new StringBuilder(example);
      int edits = 1 + random.nextInt(4);
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(text.length());
        switch (random.nextInt(3)) {
          case 0 -> text.deleteCharAt(at);
          case 1 -> text.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
          default -> text.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
      }
      try {
        PolicyLoader.parse(text.toString(), "fuzz.yaml", PolicyTesting.FILES);
        loaded++;
      } catch (PolicyException expected) {
        assertFalse(expected.problems().isEmpty());
        refused++;
      } catch (RuntimeException | StackOverflowError bug) {
        fail("round " + round + " crashed the loader on:\n" + text, bug);
      }
    }
    // Both outcomes must occur, or the corruption is not exercising anything.
    assertFalse(loaded == 0 || refused == 0, "loaded " + loaded + ", refused " + refused);
  }
}
