package io.github.emailauth.checks.output;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** A report format, as named in the {@code formats} parameter. */
public enum Format {
  /** One line per finding, then a summary, to a {@link ConsoleSink}. */
  CONSOLE(null),
  /** {@code report.json}: the contract in docs/report-json.md. */
  JSON("report.json"),
  /** {@code report.sarif}: SARIF 2.1.0 for code-scanning UIs. */
  SARIF("report.sarif"),
  /** {@code TEST-emailauth.xml}: JUnit XML for Jenkins, GitLab and the like. */
  JUNIT("TEST-emailauth.xml"),
  /** {@code summary.md}: for {@code $GITHUB_STEP_SUMMARY} or a merge-request comment. */
  MARKDOWN("summary.md"),
  /** {@code report.html}: one self-contained page. */
  HTML("report.html");

  private final String fileName;

  Format(String fileName) {
    this.fileName = fileName;
  }

  /** The file it writes in the output directory, or null for the console. */
  public String fileName() {
    return fileName;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code "console, json,sarif"}; case and blanks do not matter. */
  public static Set<Format> parseList(String text) {
    EnumSet<Format> out = EnumSet.noneOf(Format.class);
    if (text == null) {
      return out;
    }
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        out.add(parse(part));
      }
    }
    return out;
  }

  public static Format parse(String text) {
    String wanted = text.trim().toUpperCase(Locale.ROOT);
    for (Format f : values()) {
      if (f.name().equals(wanted)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown report format '"
            + text.trim()
            + "': use "
            + Arrays.stream(values()).map(Format::label).collect(Collectors.joining(", ")));
  }
}
