package io.github.emailauth.checks.spf;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Expands macro-strings (RFC 7208 §7.3, §7.4). Pure: the values come in a {@link Values}. */
final class MacroExpander {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private MacroExpander() {}

  /**
   * What the macro letters stand for during one step of check_host().
   *
   * @param sender the full sender, {@code local@domain} ({@code s})
   * @param domain the current {@code <domain>} ({@code d}), which include and redirect change
   * @param ip the client address, IPv4-mapped addresses already turned into IPv4
   * @param helo the HELO/EHLO name ({@code h}); may be empty
   * @param ptr the validated name of the client ({@code p}); null when not resolved (yet)
   * @param receiver the checking host's name ({@code r})
   * @param epochSeconds "now" ({@code t})
   */
  record Values(
      String sender,
      String domain,
      InetAddress ip,
      String helo,
      String ptr,
      String receiver,
      long epochSeconds) {
    Values {
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(domain, "domain");
      Objects.requireNonNull(ip, "ip");
      Objects.requireNonNull(helo, "helo");
      Objects.requireNonNull(receiver, "receiver");
    }

    Values withDomain(String d) {
      return new Values(sender, d, ip, helo, ptr, receiver, epochSeconds);
    }

    Values withPtr(String p) {
      return new Values(sender, domain, ip, helo, p, receiver, epochSeconds);
    }

    String localPart() {
      int at = sender.lastIndexOf('@');
      return at < 0 ? "postmaster" : sender.substring(0, at);
    }

    String senderDomain() {
      int at = sender.lastIndexOf('@');
      return at < 0 ? sender : sender.substring(at + 1);
    }
  }

  /** Expands {@code ms}; a {@code %{p}} needs {@link Values#ptr()} set. */
  static String expand(MacroString ms, Values v) {
    StringBuilder out = new StringBuilder();
    for (MacroString.Part part : ms.parts()) {
      if (part instanceof MacroString.Literal l) {
        out.append(l.text());
      } else if (part instanceof MacroString.Escape e) {
        out.append(e.expansion());
      } else {
        out.append(macro((MacroString.Macro) part, v));
      }
    }
    return out.toString();
  }

  /**
   * Expands a domain-spec for a DNS query: drops one trailing dot and, past 253 characters, labels
   * from the left (§7.3).
   */
  static String expandDomain(MacroString ms, Values v) {
    return DomainNames.truncate(DomainNames.stripDot(expand(ms, v)));
  }

  private static String macro(MacroString.Macro m, Values v) {
    String value = value(m.letter(), v);
    if (m.keep() > 0 || m.reverse() || !m.delimiters().isEmpty()) {
      List<String> parts = split(value, m.delimiters().isEmpty() ? "." : m.delimiters());
      if (m.reverse()) {
        Collections.reverse(parts);
      }
      if (m.keep() > 0 && m.keep() < parts.size()) {
        parts = parts.subList(parts.size() - m.keep(), parts.size());
      }
      value = String.join(".", parts);
    }
    return m.urlEscape() ? urlEscape(value) : value;
  }

  private static String value(char letter, Values v) {
    return switch (letter) {
      case 's' -> v.sender();
      case 'l' -> v.localPart();
      case 'o' -> v.senderDomain();
      case 'd' -> v.domain();
      case 'i' -> dotted(v.ip());
      case 'p' -> {
        if (v.ptr() == null) {
          throw new IllegalStateException("%{p} expanded before the validated name was looked up");
        }
        yield v.ptr();
      }
      case 'v' -> v.ip() instanceof Inet4Address ? "in-addr" : "ip6";
      case 'h' -> v.helo();
      case 'c' -> InetAddresses.toAddrString(v.ip());
      case 'r' -> v.receiver();
      case 't' -> Long.toString(v.epochSeconds());
      default -> throw new IllegalArgumentException("no such macro letter: " + letter);
    };
  }

  /**
   * The {@code i} macro: dotted-quad for IPv4, 32 dot-separated nibbles for IPv6. The nibbles are
   * upper case, as in the open-spf suite (RFC 7208 does not fix the case; DNS ignores it).
   */
  static String dotted(InetAddress ip) {
    if (ip instanceof Inet4Address) {
      return ip.getHostAddress();
    }
    byte[] b = ip.getAddress();
    StringBuilder out = new StringBuilder(63);
    for (byte x : b) {
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(HEX[(x >> 4) & 0xf]).append('.').append(HEX[x & 0xf]);
    }
    return out.toString();
  }

  /** The reverse-lookup name of {@code ip}: {@code 4.3.2.1.in-addr.arpa} or nibbles in ip6.arpa. */
  static String reverseName(InetAddress ip) {
    List<String> parts = split(dotted(ip), ".");
    Collections.reverse(parts);
    return String.join(".", parts) + (ip instanceof Inet4Address ? ".in-addr.arpa" : ".ip6.arpa");
  }

  private static List<String> split(String value, String delimiters) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int k = 0; k < value.length(); k++) {
      if (delimiters.indexOf(value.charAt(k)) >= 0) {
        out.add(value.substring(start, k));
        start = k + 1;
      }
    }
    out.add(value.substring(start));
    return out;
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters (§7.3, upper-case letters). */
  static String urlEscape(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }
}
