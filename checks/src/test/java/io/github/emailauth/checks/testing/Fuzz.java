package io.github.emailauth.checks.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Seeded mutation fuzzing for the parsers of outside input (see docs/fuzzing.md). Each test takes a
 * few well-formed seeds, corrupts them a bounded number of times with a fixed seed, and checks that
 * every input ends in the parser's documented result within a time budget. The run is the same on
 * every machine; {@code -Demailauth.fuzz.iterations=N} multiplies the work for a longer local run
 * and {@code -Demailauth.fuzz.seed=S} explores other inputs.
 */
public final class Fuzz {
  /** System property: iterations per parser, instead of the test's default. */
  public static final String ITERATIONS = "emailauth.fuzz.iterations";

  /** System property: the base seed (a fixed default keeps CI deterministic). */
  public static final String SEED = "emailauth.fuzz.seed";

  /**
   * Budget for one ordinary (kilobyte-sized) input. Parsers take microseconds: the budget is not a
   * speed assertion (speed is measured in benchmarks) but a guard against blow-ups, so it is four
   * orders of magnitude above the normal time and no busy CI machine comes near it.
   */
  public static final Duration SMALL_BUDGET = Duration.ofSeconds(5);

  /**
   * Budget for one input of megabytes. Linear work is tens of milliseconds; the quadratic macro
   * truncation this caught took 47 s on 2 MB.
   */
  public static final Duration HUGE_BUDGET = Duration.ofSeconds(20);

  // Characters that mean something to at least one of the grammars: separators, macro and PEM
  // delimiters, digits, and a few non-ASCII and control characters.
  private static final String ALPHABET =
      " \t\r\n"
          + ";=:,./%{}-_+~?!@\"'\\|*[]<>()#$0123456789aAbBcdeEfgHhiIlLmnoOpPrRsStTuvVwxyz\u0000\u007f"
          + "\u00e9\u00fc\u0130\u2028\uFEFF\uD83D\uDE00";

  private final Random random;

  /** A fuzzer whose stream depends on the base seed and on {@code name} (one per test). */
  public Fuzz(String name) {
    this.random = new Random(Long.getLong(SEED, 20261128L) * 31 + name.hashCode());
  }

  /** The number of iterations to run: {@code defaultCount}, or the system property. */
  public static int iterations(int defaultCount) {
    return Integer.getInteger(ITERATIONS, defaultCount);
  }

  public Random random() {
    return random;
  }

  public <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  /** One to six random edits of {@code seed}, some of which splice in parts of {@code others}. */
  public String mutate(String seed, List<String> others) {
    StringBuilder s = new StringBuilder(seed);
    int edits = 1 + random.nextInt(6);
    for (int e = 0; e < edits; e++) {
      int at = s.length() == 0 ? 0 : random.nextInt(s.length() + 1);
      switch (random.nextInt(9)) {
        case 0 -> {
          if (s.length() > 0) {
            int from = Math.min(at, s.length() - 1);
            s.delete(from, Math.min(s.length(), from + 1 + random.nextInt(8)));
          }
        }
        case 1, 2 -> s.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        case 3 -> {
          if (s.length() > 0) {
            s.setCharAt(
                Math.min(at, s.length() - 1), ALPHABET.charAt(random.nextInt(ALPHABET.length())));
          }
        }
        case 4 -> {
          // repeat a slice: long labels, many terms, deep nesting
          int from = Math.min(at, s.length());
          int to = Math.min(s.length(), from + 1 + random.nextInt(16));
          String slice = s.substring(from, to);
          s.insert(from, slice.repeat(random.nextInt(40)));
        }
        case 5 -> {
          String other = pick(others);
          if (!other.isEmpty()) {
            int from = random.nextInt(other.length());
            s.insert(at, other, from, Math.min(other.length(), from + 1 + random.nextInt(30)));
          }
        }
        case 6 -> s.insert(at, Integer.toString(random.nextInt()) + random.nextLong());
        case 7 -> {
          // truncate
          s.setLength(at);
        }
        default -> s.insert(at, (char) random.nextInt(0x10000));
      }
    }
    return s.toString();
  }

  /** Byte-level mutation for binary input (DER). */
  public byte[] mutate(byte[] seed) {
    byte[] out = seed.clone();
    int edits = 1 + random.nextInt(6);
    for (int e = 0; e < edits && out.length > 0; e++) {
      int at = random.nextInt(out.length);
      switch (random.nextInt(4)) {
        case 0 -> out[at] = (byte) random.nextInt(256);
        case 1 -> out[at] ^= (byte) (1 << random.nextInt(8));
        case 2 -> out = java.util.Arrays.copyOf(out, at); // truncate
        default -> out[at] = (byte) (random.nextBoolean() ? 0x7f : 0x84); // lengths that lie
      }
    }
    return out;
  }

  /** {@code unit} repeated up to about {@code chars} characters, after {@code prefix}. */
  public static String huge(String prefix, String unit, int chars) {
    StringBuilder s = new StringBuilder(chars + prefix.length() + unit.length());
    s.append(prefix);
    while (s.length() < chars) {
      s.append(unit);
    }
    return s.toString();
  }

  /**
   * Runs {@code work} on {@code input} and fails the test when it takes longer than {@code budget}
   * or throws anything at all (a parser's documented exception must be caught inside {@code work}).
   * A {@link StackOverflowError} or {@link OutOfMemoryError} is a failure too.
   */
  public static <T> T within(Duration budget, String input, Callable<T> work) {
    long start = System.nanoTime();
    T result;
    try {
      result = work.call();
    } catch (Throwable bug) {
      fail("crash on input " + show(input), bug);
      return null;
    }
    long nanos = System.nanoTime() - start;
    if (nanos > budget.toNanos()) {
      fail(
          "took "
              + nanos / 1_000_000
              + " ms (budget "
              + budget.toMillis()
              + " ms) on input "
              + show(input));
    }
    return result;
  }

  /** Input for a failure message: escaped and cut, since it may be megabytes of control chars. */
  public static String show(String input) {
    String cut =
        input.length() > 400
            ? input.substring(0, 400) + "... (" + input.length() + " chars)"
            : input;
    StringBuilder out = new StringBuilder("\"");
    for (char c : cut.toCharArray()) {
      if (c < 0x20 || c >= 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
