package io.github.emailauth.policy;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Domain names, selectors and IP literals as the policy writes them. Pure string work: no DNS. Each
 * method returns the normalised value or throws {@link Invalid} with a message that completes "`x`
 * is not a valid domain name: ...".
 */
final class Names {
  /** Longer input is not a name; refuse it before IDN conversion spends time on it. */
  private static final int MAX_INPUT = 1024;

  private static final Pattern IPV4 =
      Pattern.compile(
          "(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private Names() {}

  /** Why a value was refused; the message reads after "is not a valid ...: ". */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * A host name (domain, MX host, mail domain): lower case, A-labels, no trailing dot; letters,
   * digits and hyphens only.
   */
  static String hostName(String raw) throws Invalid {
    return domain(raw, false);
  }

  /**
   * A DNS name that may hold underscore labels ({@code _spf}, {@code selector1._domainkey}), as
   * CNAME targets and SPF redirects do.
   */
  static String dnsName(String raw) throws Invalid {
    return domain(raw, true);
  }

  private static String domain(String raw, boolean underscores) throws Invalid {
    if (raw.length() > MAX_INPUT) {
      throw new Invalid("too long");
    }
    if (raw.isEmpty()) {
      throw new Invalid("empty");
    }
    if (raw.chars().anyMatch(Character::isWhitespace)) {
      throw new Invalid("contains a space");
    }
    if (isIpAddress(raw)) {
      throw new Invalid("it is an IP address, a name is needed here");
    }
    String name = raw.endsWith(".") ? raw.substring(0, raw.length() - 1) : raw;
    if (name.isEmpty()) {
      throw new Invalid("the root `.` is not a domain");
    }
    if (name.startsWith(".") || name.contains("..")) {
      throw new Invalid("it has an empty label (two dots in a row, or a leading dot)");
    }
    String ascii;
    try {
      // IDNA 2003 as the JDK implements it; flag 0 keeps underscores legal, we check the
      // characters ourselves below with the rule that applies.
      ascii = IDN.toASCII(name, 0);
    } catch (IllegalArgumentException e) {
      throw new Invalid("not convertible to an ASCII (A-label) name: " + e.getMessage());
    }
    ascii = ascii.toLowerCase(Locale.ROOT);
    if (ascii.endsWith(".")) {
      // IDN maps ideographic full stops to "."; "example.com。" ends up here.
      ascii = ascii.substring(0, ascii.length() - 1);
    }
    if (ascii.length() > 253) {
      throw new Invalid("longer than 253 characters");
    }
    String[] labels = ascii.split("\\.", -1);
    for (String label : labels) {
      checkLabel(label, underscores);
    }
    String last = labels[labels.length - 1];
    if (last.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new Invalid("the last label `" + last + "` is all digits");
    }
    return ascii;
  }

  private static void checkLabel(String label, boolean underscores) throws Invalid {
    if (label.isEmpty()) {
      throw new Invalid("it has an empty label (two dots in a row, or a leading dot)");
    }
    if (label.length() > 63) {
      throw new Invalid("the label `" + label + "` is longer than 63 characters");
    }
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || (underscores && c == '_');
      if (!ok) {
        throw new Invalid("the character `" + c + "` is not allowed in a name");
      }
    }
    if (label.startsWith("-") || label.endsWith("-")) {
      throw new Invalid("the label `" + label + "` starts or ends with a hyphen");
    }
  }

  /** A DKIM or BIMI selector: one or more LDH labels joined by dots (RFC 6376 §3.1), lower case. */
  static String selector(String raw) throws Invalid {
    if (raw.length() > 253) {
      throw new Invalid("longer than 253 characters");
    }
    if (raw.isEmpty()) {
      throw new Invalid("empty");
    }
    String lower = raw.toLowerCase(Locale.ROOT);
    for (String label : lower.split("\\.", -1)) {
      checkLabel(label, false);
    }
    return lower;
  }

  /** An MTA-STS mx pattern: a host name, or {@code *.} followed by one (RFC 8461 §4.1). */
  static String mxPattern(String raw) throws Invalid {
    if (isIpAddress(raw)) {
      throw new Invalid("it is an IP address; MTA-STS matches MX host names");
    }
    if (raw.startsWith("*.")) {
      String rest = raw.substring(2);
      if (rest.contains("*")) {
        throw new Invalid("a wildcard may only be the whole leftmost label, as in `*.example.net`");
      }
      return "*." + hostName(rest);
    }
    if (raw.contains("*")) {
      throw new Invalid("a wildcard may only be the whole leftmost label, as in `*.example.net`");
    }
    return hostName(raw);
  }

  static boolean isIpAddress(String raw) {
    return isIpv4(raw) || isIpv6(raw);
  }

  static boolean isIpv4(String raw) {
    var m = IPV4.matcher(raw);
    if (!m.matches()) {
      return false;
    }
    for (int i = 1; i <= 4; i++) {
      if (Integer.parseInt(m.group(i)) > 255) {
        return false;
      }
    }
    return true;
  }

  static boolean isIpv6(String raw) {
    if (!raw.contains(":") || !IPV6_CHARS.matcher(raw).matches()) {
      return false;
    }
    try {
      // The text contains ':' and only address characters, so the JDK parses it as an IPv6
      // literal and never asks DNS.
      InetAddress.getByName("[" + raw + "]");
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** An IPv4 or IPv6 address literal, as written (IPv6 hex digits in lower case). */
  static String ipAddress(String raw) throws Invalid {
    if (isIpv4(raw)) {
      return raw;
    }
    if (isIpv6(raw)) {
      return raw.toLowerCase(Locale.ROOT);
    }
    if (raw.contains("/")) {
      throw new Invalid("a network, not a single address");
    }
    throw new Invalid("neither an IPv4 nor an IPv6 address");
  }
}
