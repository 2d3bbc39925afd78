package io.github.emailauth.checks.output;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where console lines go. The text never carries its level, so a Maven Mojo can route each line to
 * {@code log.error/warn/info} and let Maven print {@code [ERROR]}; {@link #prefixed} adds the level
 * for a plain stream.
 */
@FunctionalInterface
public interface ConsoleSink {
  /** The level of a line: a finding's severity, or {@link #INFO} for the summary. */
  enum Level {
    ERROR,
    WARNING,
    NOTICE,
    INFO
  }

  void line(Level level, String text);

  /** Writes {@code [ERROR] text}, {@code [WARNING] text}, ... to {@code out}. */
  static ConsoleSink prefixed(Consumer<String> out) {
    Objects.requireNonNull(out, "out");
    return (level, text) -> out.accept("[" + level.name() + "] " + text);
  }
}
