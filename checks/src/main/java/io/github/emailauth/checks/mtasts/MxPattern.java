package io.github.emailauth.checks.mtasts;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An {@code mx} pattern of an MTA-STS policy (RFC 8461 §3.2, §4.1): a host name, or {@code *.}
 * followed by a host name, where the wildcard stands for exactly one left-most label.
 *
 * @param text the pattern as written, lower-cased, without a trailing dot
 */
record MxPattern(String text) {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  MxPattern {
    // check before normalising: syntaxProblem() normalises too, and twice would strip a second dot
    syntaxProblem(text)
        .ifPresent(
            p -> {
              throw new IllegalArgumentException(p);
            });
    text = normalise(text);
  }

  /**
   * What is wrong with {@code value} as a pattern to declare: {@link #syntaxProblem}, or a name
   * that is grammatical but can never be an MX host name (an IPv4 address, a single label).
   */
  static Optional<String> problem(String value) {
    return syntaxProblem(value).or(() -> oddity(value));
  }

  /**
   * Why a pattern that {@link #syntaxProblem} accepts is still not a sensible MX host name, or
   * empty. In a published policy file these are warnings: RFC 5321 {@code Domain} allows all-digit
   * labels and single-label names, so senders accept the policy; the pattern just never matches.
   */
  static Optional<String> oddity(String value) {
    String v = normalise(value);
    String host = v.startsWith("*.") ? v.substring(2) : v;
    if (IPV4.matcher(v).matches()) {
      return Optional.of(
          "mx pattern \"" + value + "\" is an IP address; patterns must be host names");
    }
    if (!host.contains(".")) {
      return Optional.of("mx pattern \"" + value + "\" is not a fully qualified host name");
    }
    return Optional.empty();
  }

  /**
   * Why {@code value} is not {@code ["*."] Domain} (RFC 8461 §3.2, RFC 5321 §4.1.2, with the RFC
   * 1035 length limits), or empty. A trailing dot is tolerated here and stripped; the policy-file
   * parser rejects it itself.
   */
  static Optional<String> syntaxProblem(String value) {
    String v = normalise(value);
    if (v.isEmpty() || v.equals(".")) {
      return Optional.of("an mx pattern must be a host name, got \"" + value + "\"");
    }
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) > 0x7E) {
        return Optional.of(
            "mx pattern \""
                + value
                + "\" is not ASCII: write internationalised names as A-labels (xn--)");
      }
    }
    if (v.contains(":") || v.startsWith("[")) {
      return Optional.of(
          "mx pattern \"" + value + "\" is an IP address; patterns must be host names");
    }
    String host = v;
    if (v.startsWith("*.")) {
      host = v.substring(2);
    }
    if (host.contains("*")) {
      return Optional.of(
          "mx pattern \""
              + value
              + "\": a wildcard is allowed only as the whole left-most label, as in *.example.com");
    }
    if (host.length() > 253) {
      return Optional.of("mx pattern \"" + value + "\" is longer than 253 characters");
    }
    String[] labels = host.split("\\.", -1);
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return Optional.of(
            "mx pattern \""
                + value
                + "\" has an invalid label \""
                + label
                + "\" (letters, digits and inner hyphens, 1-63 characters)");
      }
    }
    return Optional.empty();
  }

  boolean wildcard() {
    return text.startsWith("*.");
  }

  /**
   * Whether MX host {@code host} matches: compared case-insensitively without a trailing dot; a
   * wildcard matches exactly one extra label, so {@code *.example.com} matches {@code
   * mail.example.com} but neither {@code example.com} nor {@code a.b.example.com}.
   */
  boolean matches(String host) {
    String h = normalise(host);
    if (!wildcard()) {
      return h.equals(text);
    }
    String suffix = text.substring(1); // ".example.com"
    if (!h.endsWith(suffix)) {
      return false;
    }
    String label = h.substring(0, h.length() - suffix.length());
    // the wildcard stands for one host-name label, and "*" is none (an MX named *.example.com)
    return !label.isEmpty() && label.indexOf('.') < 0 && label.indexOf('*') < 0;
  }

  private static String normalise(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.length() > 1 && v.endsWith(".")) {
      v = v.substring(0, v.length() - 1);
    }
    return v;
  }

  @Override
  public String toString() {
    return text;
  }
}
