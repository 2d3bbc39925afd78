package io.github.emailauth.checks.spf;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict, allocation-light parser for IPv6 text (RFC 4291 §2.2, including the dotted-quad tail of
 * forms like {@code ::ffff:192.0.2.1}). It never resolves names and never accepts zone ids, unlike
 * {@link java.net.InetAddress#getByName}.
 */
final class Ipv6Text {
  private Ipv6Text() {}

  /** The 16 bytes of {@code s}, or null when it is not IPv6 text. */
  static byte[] parse(String s) {
    if (s.isEmpty() || s.length() > 45) {
      return null;
    }
    int lastColon = s.lastIndexOf(':');
    if (lastColon < 0) {
      return null;
    }
    byte[] v4 = null;
    String text = s;
    if (s.indexOf('.', lastColon) >= 0) {
      v4 = dottedQuad(s.substring(lastColon + 1));
      if (v4 == null) {
        return null;
      }
      // Stand two zero groups in for the dotted quad; its bytes go in at the end.
      text = s.substring(0, lastColon + 1) + "0:0";
    }
    int dbl = text.indexOf("::");
    if (dbl >= 0 && text.indexOf("::", dbl + 1) >= 0) {
      return null;
    }
    List<Integer> left = groups(dbl < 0 ? text : text.substring(0, dbl));
    List<Integer> right = dbl < 0 ? List.of() : groups(text.substring(dbl + 2));
    if (left == null || right == null) {
      return null;
    }
    if (dbl < 0 ? left.size() != 8 : left.size() + right.size() > 7) {
      return null;
    }
    byte[] out = new byte[16];
    for (int k = 0; k < left.size(); k++) {
      out[2 * k] = (byte) (left.get(k) >> 8);
      out[2 * k + 1] = (byte) (int) left.get(k);
    }
    int start = 8 - right.size();
    for (int k = 0; k < right.size(); k++) {
      out[2 * (start + k)] = (byte) (right.get(k) >> 8);
      out[2 * (start + k) + 1] = (byte) (int) right.get(k);
    }
    if (v4 != null) {
      System.arraycopy(v4, 0, out, 12, 4);
    }
    return out;
  }

  private static List<Integer> groups(String s) {
    List<Integer> out = new ArrayList<>();
    if (s.isEmpty()) {
      return out;
    }
    int start = 0;
    while (true) {
      int end = s.indexOf(':', start);
      String g = end < 0 ? s.substring(start) : s.substring(start, end);
      if (g.isEmpty() || g.length() > 4) {
        return null;
      }
      int v = 0;
      for (int k = 0; k < g.length(); k++) {
        int d = Character.digit(g.charAt(k), 16);
        if (d < 0) {
          return null;
        }
        v = v * 16 + d;
      }
      out.add(v);
      if (end < 0) {
        return out;
      }
      start = end + 1;
    }
  }

  private static byte[] dottedQuad(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int k = 0; k < 4; k++) {
      String p = parts[k];
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return null;
      }
      int v = 0;
      for (int j = 0; j < p.length(); j++) {
        char c = p.charAt(j);
        if (c < '0' || c > '9') {
          return null;
        }
        v = v * 10 + (c - '0');
      }
      if (v > 255) {
        return null;
      }
      out[k] = (byte) v;
    }
    return out;
  }
}
