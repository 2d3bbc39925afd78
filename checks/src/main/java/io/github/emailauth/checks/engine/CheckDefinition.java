package io.github.emailauth.checks.engine;

/**
 * A check with a stable id ({@code DMARC-DRIFT}), never reused for another meaning. Each protocol
 * declares its checks as an enum implementing this interface, one {@link CheckSpec} per constant,
 * and lists them in {@link ProtocolModule#checks()}; {@code docs/checks.md} has one section per id
 * (a test keeps them in sync).
 */
public interface CheckDefinition {
  /** What the check is. */
  CheckSpec spec();

  /** The stable id, upper case with dashes: {@code DMARC-DRIFT}. */
  default String id() {
    return spec().id();
  }

  default Protocol protocol() {
    return spec().protocol();
  }

  default Kind kind() {
    return spec().kind();
  }

  default Severity defaultSeverity() {
    return spec().defaultSeverity();
  }

  /** One line: what the check looks at. */
  default String title() {
    return spec().title();
  }
}
