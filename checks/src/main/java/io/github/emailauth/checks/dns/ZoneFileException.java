package io.github.emailauth.checks.dns;

import java.io.IOException;
import java.nio.file.Path;

/** A zone file that cannot be used: unreadable, bad syntax, or records that contradict a zone. */
public final class ZoneFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;

  /**
   * @param line 1-based, or 0 when the problem is not tied to one line
   */
  public ZoneFileException(Path file, int line, String message, Throwable cause) {
    super(file + (line > 0 ? ":" + line : "") + ": " + message, cause);
    this.file = file;
    this.line = line;
  }

  public Path file() {
    return file;
  }

  /** 1-based line of the problem, 0 when it is about the file as a whole. */
  public int line() {
    return line;
  }
}
