package io.github.emailauth.checks.dns;

import java.net.IDN;
import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Conversions between the strings checks pass around and dnsjava names. */
final class Names {
  private Names() {}

  /**
   * Parses a name the way {@link DnsClient#query} accepts it: absolute with or without the trailing
   * dot, any case, a U-label converted to its A-label.
   *
   * @throws TextParseException when it is not a valid DNS name (empty, a label over 63 octets, over
   *     255 octets in all, an empty label)
   */
  static Name parse(String text) throws TextParseException {
    if (text == null || text.isEmpty() || text.equals(".")) {
      throw new TextParseException("empty name");
    }
    String ascii = text;
    if (!isAscii(text)) {
      try {
        ascii = IDN.toASCII(text, IDN.ALLOW_UNASSIGNED);
      } catch (IllegalArgumentException e) {
        throw new TextParseException("not a valid internationalized name: " + e.getMessage());
      }
    }
    if (ascii.contains("..") || ascii.startsWith(".")) {
      throw new TextParseException("empty label in " + text);
    }
    return Name.fromString(ascii, Name.root);
  }

  /** Lower case without the trailing dot: the form {@link DnsAnswer#name()} uses. */
  static String text(Name name) {
    if (name.equals(Name.root)) {
      return ".";
    }
    return name.toString(true).toLowerCase(Locale.ROOT);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }
}
