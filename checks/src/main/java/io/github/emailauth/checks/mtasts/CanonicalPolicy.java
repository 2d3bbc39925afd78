package io.github.emailauth.checks.mtasts;

import io.github.emailauth.policy.MtaStsPolicy;
import io.github.emailauth.policy.StsMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The policy file {@code generate} writes, and the id derived from it. A CONTRACT (DESIGN.md):
 * lines {@code version: STSv1}, {@code mode: <mode>}, one {@code mx: <pattern>} per declared
 * pattern in declared order, {@code max_age: <n>}, each ending in CRLF; the id is the first 20
 * characters of the lowercase hex SHA-256 of exactly those bytes. Changing either between releases
 * would make every user's published id drift, so tests pin both with golden values.
 *
 * @param mx patterns as declared (lower case, no trailing dot), in declared order
 */
record CanonicalPolicy(StsMode mode, List<String> mx, long maxAge) {
  static final int ID_LENGTH = 20;

  CanonicalPolicy {
    Objects.requireNonNull(mode, "mode");
    mx = List.copyOf(mx);
  }

  /**
   * The canonical policy of a declaration. Patterns are written lower case without a trailing dot
   * (the loader normally did that already), so a cosmetic change in the YAML keeps the id.
   */
  static CanonicalPolicy of(MtaStsPolicy declared) {
    List<String> patterns =
        declared.mx().stream()
            .map(p -> p.trim().toLowerCase(java.util.Locale.ROOT))
            .map(p -> p.length() > 1 && p.endsWith(".") ? p.substring(0, p.length() - 1) : p)
            .toList();
    return new CanonicalPolicy(declared.mode(), patterns, declared.maxAge());
  }

  /** The file's text, CRLF line endings. */
  String text() {
    StringBuilder out = new StringBuilder();
    out.append("version: ").append(StsPolicyFile.VERSION).append("\r\n");
    out.append("mode: ").append(mode.word()).append("\r\n");
    for (String pattern : mx) {
      out.append("mx: ").append(pattern).append("\r\n");
    }
    out.append("max_age: ").append(maxAge).append("\r\n");
    return out.toString();
  }

  byte[] bytes() {
    return text().getBytes(StandardCharsets.US_ASCII);
  }

  /** The derived id: 20 lowercase hex characters, a valid RFC 8461 id (alphanumerics only). */
  String id() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes());
      return HexFormat.of().formatHex(digest).substring(0, ID_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The id {@code verify} expects: the pinned one, else the derived one. */
  static String expectedId(MtaStsPolicy declared) {
    return declared.id() != null ? declared.id() : of(declared).id();
  }
}
