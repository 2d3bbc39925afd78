package io.github.emailauth.checks.engine;

/**
 * A check with a stable id ({@code DMARC-DRIFT}), never reused for another meaning. Each protocol
 * declares its checks as an enum implementing this interface and lists them in {@link
 * ProtocolModule#checks()}; {@code docs/checks.md} has one section per id (a test keeps them in
 * sync).
 */
public interface CheckDefinition {
  /** The stable id, upper case with dashes: {@code DMARC-DRIFT}. */
  String id();

  Protocol protocol();

  Kind kind();

  Severity defaultSeverity();

  /** One line: what the check looks at. */
  String title();
}
