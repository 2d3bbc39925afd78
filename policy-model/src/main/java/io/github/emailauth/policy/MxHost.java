package io.github.emailauth.policy;

/**
 * One declared MX: preference and exchange host. The host is lower case, in A-labels, without a
 * trailing dot; the null MX of RFC 7505 has preference 0 and host {@code "."}.
 */
public record MxHost(int preference, String host, SourcePosition position) {
  public static final String ROOT = ".";

  public MxHost {
    if (preference < 0 || preference > 65535) {
      throw new IllegalArgumentException("MX preference must be 0..65535: " + preference);
    }
  }

  public boolean isNullMx() {
    return ROOT.equals(host);
  }

  @Override
  public String toString() {
    return preference + " " + (isNullMx() ? "." : host + ".");
  }
}
