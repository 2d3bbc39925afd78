package io.github.emailauth.policy;

import java.util.Objects;

/** Where something was declared: file, 1-based line and 1-based column. */
public record SourcePosition(String file, int line, int column) {
  public SourcePosition {
    Objects.requireNonNull(file, "file");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line and column must be >= 0");
    }
  }

  /** A position for something that was not read from a file (defaults, tests). */
  public static SourcePosition unknown(String file) {
    return new SourcePosition(file, 0, 0);
  }

  @Override
  public String toString() {
    return line == 0 ? file : file + ":" + line + ":" + column;
  }
}
