package io.github.emailauth.maven;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads {@code emailauth.timeout}: plain seconds ({@code 3}, {@code 1.5}), a number with a unit
 * ({@code 500ms}, {@code 2s}, {@code 1m}), or an ISO-8601 duration ({@code PT2S}).
 */
final class Durations {
  /** Far beyond any sensible DNS or HTTPS timeout; keeps a typo from hanging a build for days. */
  static final Duration MAX = Duration.ofHours(1);

  private static final Pattern NUMBER = Pattern.compile("\\d{1,9}(\\.\\d{1,6})?");

  private Durations() {}

  static Duration parse(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    if (s.isEmpty()) {
      throw new IllegalArgumentException("timeout is empty");
    }
    Duration d;
    try {
      if (s.startsWith("p")) {
        d = Duration.parse(s.toUpperCase(Locale.ROOT));
      } else if (s.endsWith("ms")) {
        d = Duration.ofMillis(millis(s.substring(0, s.length() - 2), 1));
      } else if (s.endsWith("s")) {
        d = Duration.ofMillis(millis(s.substring(0, s.length() - 1), 1000));
      } else if (s.endsWith("m")) {
        d = Duration.ofMillis(millis(s.substring(0, s.length() - 1), 60_000));
      } else {
        d = Duration.ofMillis(millis(s, 1000));
      }
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "timeout `" + text + "` is not a duration: use seconds (3), 500ms, 2s, 1m or PT2S");
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got `" + text + "`");
    }
    if (d.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("timeout must be at most 1 hour, got `" + text + "`");
    }
    return d;
  }

  private static long millis(String number, int unitMillis) {
    String n = number.strip();
    // a plain decimal only: "1e999999999" would make BigDecimal build a huge number
    if (!NUMBER.matcher(n).matches()) {
      throw new NumberFormatException(n);
    }
    return new BigDecimal(n)
        .multiply(BigDecimal.valueOf(unitMillis))
        .setScale(0, RoundingMode.CEILING)
        .longValueExact();
  }
}
