package io.github.emailauth.checks.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * When findings fail the build. Findings of kind drift, invalid and weak fail at or above {@link
 * #failOn()}; {@code unverifiable} findings (a server did not answer) never say anything about the
 * published state, so they fail only when {@link #failOnUnverifiable()} is true, whatever their
 * severity and whatever {@code failOn} is.
 */
public record FailPolicy(FailOn failOn, boolean failOnUnverifiable) {
  public FailPolicy {
    Objects.requireNonNull(failOn, "failOn");
  }

  /** {@code failOn=error}, unverifiable findings do not fail. */
  public static FailPolicy defaults() {
    return new FailPolicy(FailOn.ERROR, false);
  }

  /** True when {@code finding} fails the build under this policy. */
  public boolean fails(Finding finding) {
    if (finding.kind() == Kind.UNVERIFIABLE) {
      return failOnUnverifiable;
    }
    return failOn.threshold() != null && finding.severity().atLeast(failOn.threshold());
  }

  /** The {@code failOn} parameter. */
  public enum FailOn {
    ERROR(Severity.ERROR),
    WARNING(Severity.WARNING),
    NEVER(null);

    private final Severity threshold;

    FailOn(Severity threshold) {
      this.threshold = threshold;
    }

    /** The lowest failing severity, or null for {@link #NEVER}. */
    public Severity threshold() {
      return threshold;
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code error}, {@code warning} or {@code never}, ignoring case and blanks. */
    public static FailOn parse(String text) {
      String wanted = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
      for (FailOn f : values()) {
        if (f.name().equals(wanted)) {
          return f;
        }
      }
      throw new IllegalArgumentException(
          "failOn must be one of "
              + Arrays.stream(values()).map(FailOn::label).collect(Collectors.joining(", "))
              + ", not '"
              + text
              + "'");
    }
  }
}
