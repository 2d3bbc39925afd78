package io.github.emailauth.checks.spf;

/** Prefix comparison of raw addresses. */
final class Cidr {
  private Cidr() {}

  /** True when {@code a} and {@code b} have the same length and agree in the first prefix bits. */
  static boolean matches(byte[] a, byte[] b, int prefix) {
    if (a.length != b.length) {
      return false;
    }
    int full = prefix / 8;
    for (int k = 0; k < full; k++) {
      if (a[k] != b[k]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (b[full] & mask);
  }
}
