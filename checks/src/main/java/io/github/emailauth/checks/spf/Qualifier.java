package io.github.emailauth.checks.spf;

/** The qualifier of an SPF directive (RFC 7208 §4.6.2) and the result it gives on a match. */
public enum Qualifier {
  PASS('+', SpfResult.PASS),
  FAIL('-', SpfResult.FAIL),
  SOFTFAIL('~', SpfResult.SOFTFAIL),
  NEUTRAL('?', SpfResult.NEUTRAL);

  private final char symbol;
  private final SpfResult result;

  Qualifier(char symbol, SpfResult result) {
    this.symbol = symbol;
    this.result = result;
  }

  public char symbol() {
    return symbol;
  }

  /** What check_host() returns when a directive with this qualifier matches. */
  public SpfResult result() {
    return result;
  }

  /** The qualifier for {@code c}, or null when {@code c} is not one. */
  static Qualifier of(char c) {
    for (Qualifier q : values()) {
      if (q.symbol == c) {
        return q;
      }
    }
    return null;
  }

  /** "-", "~", "?" or "" for the default {@code +}, as written in a canonical record. */
  String prefix() {
    return this == PASS ? "" : String.valueOf(symbol);
  }
}
