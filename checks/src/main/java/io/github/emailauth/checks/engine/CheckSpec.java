package io.github.emailauth.checks.engine;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The facts of one check: id, protocol, kind, default severity and a one-line title. A check enum
 * keeps one per constant; a spec is also a {@link CheckDefinition} of its own.
 */
public record CheckSpec(
    String id, Protocol protocol, Kind kind, Severity defaultSeverity, String title)
    implements CheckDefinition {
  private static final Pattern ID = Pattern.compile("[A-Z0-9]+(-[A-Z0-9]+)+");

  public CheckSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(defaultSeverity, "defaultSeverity");
    Objects.requireNonNull(title, "title");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("check ids are upper case with dashes: " + id);
    }
  }

  @Override
  public CheckSpec spec() {
    return this;
  }
}
