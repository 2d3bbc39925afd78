package io.github.emailauth.checks.spf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses SPF records and explanation strings (RFC 7208 §4.6.1, §5, §6, §7.1, §12). No I/O, linear
 * time in the length of the input, every error reported with the 0-based offset of the offending
 * character.
 */
public final class SpfParser {
  private static final String VERSION = "v=spf1";

  private SpfParser() {}

  /** Parses a whole record, starting with {@code v=spf1}. */
  public static SpfParse parse(String text) {
    try {
      return parseRecord(text);
    } catch (SyntaxError e) {
      return new SpfParse.Invalid(e.offset, e.getMessage());
    }
  }

  /**
   * Parses an explanation string: the joined TXT text an {@code exp=} points at (§6.2), where
   * spaces and the {@code c}, {@code r} and {@code t} macros are allowed.
   */
  public static ExplanationParse parseExplanation(String text) {
    try {
      return new ExplanationParse.Parsed(macroString(text, 0, true, true));
    } catch (SyntaxError e) {
      return new ExplanationParse.Invalid(e.offset, e.getMessage());
    }
  }

  /** The outcome of {@link #parseExplanation}. */
  public sealed interface ExplanationParse {
    record Parsed(MacroString text) implements ExplanationParse {}

    record Invalid(int offset, String message) implements ExplanationParse {}
  }

  /** Parses a stand-alone domain-spec, such as a declared {@code include:} target. */
  static MacroString domainSpec(String text) {
    return domainSpec(text, 0);
  }

  private static SpfParse.Parsed parseRecord(String text) {
    if (text.length() < VERSION.length()
        || !text.regionMatches(true, 0, VERSION, 0, VERSION.length())
        || (text.length() > VERSION.length() && text.charAt(VERSION.length()) != ' ')) {
      throw new SyntaxError(
          0, "a record must start with \"v=spf1\" followed by a space or its end");
    }
    List<SpfTerm> terms = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    int redirectAt = -1;
    int expAt = -1;
    int i = VERSION.length();
    while (i < text.length()) {
      if (text.charAt(i) == ' ') {
        i++;
        continue;
      }
      int end = text.indexOf(' ', i);
      if (end < 0) {
        end = text.length();
      }
      SpfTerm term = term(text.substring(i, end), i);
      if (term instanceof SpfTerm.Redirect) {
        if (redirectAt >= 0) {
          throw new SyntaxError(i, "redirect= appears twice (first at offset " + redirectAt + ")");
        }
        redirectAt = i;
      } else if (term instanceof SpfTerm.Explanation) {
        if (expAt >= 0) {
          throw new SyntaxError(i, "exp= appears twice (first at offset " + expAt + ")");
        }
        expAt = i;
      }
      terms.add(term);
      offsets.add(i);
      i = end;
    }
    return new SpfParse.Parsed(new SpfRecord(terms), offsets);
  }

  private static SpfTerm term(String t, int base) {
    // A term is a modifier when '=' comes before any ':' or '/' (the RFC 7208 §4.6.1 rule that
    // decides between the two); everything else must be a directive.
    int special = firstOf(t, "=:/");
    if (special >= 0 && t.charAt(special) == '=') {
      return modifier(t, special, base);
    }
    return directive(t, base);
  }

  private static SpfTerm modifier(String t, int eq, int base) {
    String name = t.substring(0, eq);
    if (name.isEmpty()) {
      throw new SyntaxError(base, "modifier without a name before '='");
    }
    if (!isAlpha(name.charAt(0))) {
      throw new SyntaxError(base, "modifier name '" + name + "' must start with a letter");
    }
    for (int k = 1; k < name.length(); k++) {
      char c = name.charAt(k);
      if (!isAlpha(c) && !isDigit(c) && c != '-' && c != '_' && c != '.') {
        throw new SyntaxError(base + k, "invalid character " + show(c) + " in modifier name");
      }
    }
    String value = t.substring(eq + 1);
    int valueAt = base + eq + 1;
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("redirect")) {
      return new SpfTerm.Redirect(requiredDomainSpec(value, valueAt, "redirect="));
    }
    if (lower.equals("exp")) {
      return new SpfTerm.Explanation(requiredDomainSpec(value, valueAt, "exp="));
    }
    return new SpfTerm.UnknownModifier(name, macroString(value, valueAt, false, false));
  }

  private static SpfTerm directive(String t, int base) {
    int i = 0;
    Qualifier qualifier = Qualifier.of(t.charAt(0));
    if (qualifier != null) {
      i = 1;
    } else {
      qualifier = Qualifier.PASS;
    }
    int nameStart = i;
    while (i < t.length() && (isAlpha(t.charAt(i)) || isDigit(t.charAt(i)))) {
      i++;
    }
    String name = t.substring(nameStart, i).toLowerCase(Locale.ROOT);
    String rest = t.substring(i);
    int restAt = base + i;
    switch (name) {
      case "all":
        if (!rest.isEmpty()) {
          throw new SyntaxError(restAt, "'all' takes no argument or CIDR length");
        }
        return new SpfTerm.All(qualifier);
      case "include":
        return new SpfTerm.Include(qualifier, colonDomain(rest, restAt, "include", true));
      case "exists":
        return new SpfTerm.Exists(qualifier, colonDomain(rest, restAt, "exists", true));
      case "ptr":
        return new SpfTerm.Ptr(qualifier, colonDomain(rest, restAt, "ptr", false));
      case "a":
      case "mx":
        return addressMechanism(name, qualifier, rest, restAt);
      case "ip4":
        return ip4(qualifier, rest, restAt);
      case "ip6":
        return ip6(qualifier, rest, restAt);
      default:
        if (name.isEmpty()) {
          int bad = base + nameStart;
          if (nameStart < t.length()) {
            throw new SyntaxError(bad, "expected a mechanism, found " + show(t.charAt(nameStart)));
          }
          throw new SyntaxError(base, "qualifier without a mechanism");
        }
        throw new SyntaxError(base + nameStart, "unknown mechanism '" + name + "'" + hint(name));
    }
  }

  private static String hint(String name) {
    return switch (name) {
      case "ipv4" -> " (did you mean ip4?)";
      case "ipv6" -> " (did you mean ip6?)";
      case "redirect" -> " (redirect is a modifier: redirect=<domain>)";
      case "exp" -> " (exp is a modifier: exp=<domain>)";
      default -> "";
    };
  }

  /** include/exists need ":domain"; ptr takes an optional one. None takes a CIDR length. */
  private static MacroString colonDomain(String rest, int at, String mech, boolean required) {
    if (rest.isEmpty()) {
      if (required) {
        throw new SyntaxError(at, "'" + mech + "' needs ':' and a domain");
      }
      return null;
    }
    if (rest.charAt(0) == '/') {
      throw new SyntaxError(at, "'" + mech + "' takes no CIDR length");
    }
    if (rest.charAt(0) != ':') {
      throw new SyntaxError(at, "expected ':' after '" + mech + "', found " + show(rest.charAt(0)));
    }
    String spec = rest.substring(1);
    int cidr = trailingCidrStart(spec);
    if (cidr < spec.length() && cidr > 0) {
      // "include:spf.example.com/24": a CIDR length where none is allowed. Without this check
      // the error would read as a bad top-level label.
      throw new SyntaxError(at + 1 + cidr, "'" + mech + "' takes no CIDR length");
    }
    return requiredDomainSpec(spec, at + 1, mech + ":");
  }

  private static SpfTerm addressMechanism(String name, Qualifier q, String rest, int at) {
    int cidrStart = dualCidrStart(rest);
    String cidr = rest.substring(cidrStart);
    String target = rest.substring(0, cidrStart);
    MacroString domain = null;
    if (!target.isEmpty()) {
      if (target.charAt(0) != ':') {
        throw new SyntaxError(
            at,
            "expected ':' or a CIDR length after '" + name + "', found " + show(target.charAt(0)));
      }
      domain = requiredDomainSpec(target.substring(1), at + 1, name + ":");
    }
    int ip4 = SpfTerm.DEFAULT_IP4_PREFIX;
    int ip6 = SpfTerm.DEFAULT_IP6_PREFIX;
    int cidrAt = at + cidrStart;
    if (!cidr.isEmpty()) {
      int dbl = cidr.indexOf("//");
      String four = dbl < 0 ? cidr : cidr.substring(0, dbl);
      String six = dbl < 0 ? "" : cidr.substring(dbl + 2);
      if (!four.isEmpty()) {
        ip4 = prefix(four.substring(1), 32, cidrAt + 1, "ip4");
      }
      if (dbl >= 0) {
        ip6 = prefix(six, 128, cidrAt + dbl + 2, "ip6");
      }
    }
    return name.equals("a")
        ? new SpfTerm.A(q, domain, ip4, ip6)
        : new SpfTerm.Mx(q, domain, ip4, ip6);
  }

  /**
   * Where a trailing dual-cidr-length ({@code /24}, {@code //64}, {@code /24//64}) starts in {@code
   * s}; {@code s.length()} when there is none. Scans from the end, so it is linear even on hostile
   * input, and it leaves a domain-spec such as {@code foo:bar/baz.example.com} alone.
   */
  static int dualCidrStart(String s) {
    int end = s.length();
    int d = digitsBefore(s, end);
    if (d < end && d >= 2 && s.charAt(d - 1) == '/' && s.charAt(d - 2) == '/') {
      end = d - 2;
    }
    d = digitsBefore(s, end);
    if (d < end && d >= 1 && s.charAt(d - 1) == '/' && (d < 2 || s.charAt(d - 2) != '/')) {
      end = d - 1;
    }
    return end;
  }

  private static int trailingCidrStart(String s) {
    int d = digitsBefore(s, s.length());
    if (d < s.length() && d >= 1 && s.charAt(d - 1) == '/') {
      return d - 1;
    }
    return s.length();
  }

  private static int digitsBefore(String s, int end) {
    int i = end;
    while (i > 0 && isDigit(s.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  /** A CIDR length: decimal, no leading zero (RFC 7208 §5.6: "/032" is invalid), at most max. */
  private static int prefix(String digits, int max, int at, String family) {
    if (digits.isEmpty()) {
      throw new SyntaxError(at, "empty " + family + " CIDR length");
    }
    for (int k = 0; k < digits.length(); k++) {
      if (!isDigit(digits.charAt(k))) {
        throw new SyntaxError(
            at + k, "invalid character " + show(digits.charAt(k)) + " in CIDR length");
      }
    }
    if (digits.length() > 1 && digits.charAt(0) == '0') {
      throw new SyntaxError(at, family + " CIDR length /" + digits + " has a leading zero");
    }
    if (digits.length() > 3 || Integer.parseInt(digits) > max) {
      throw new SyntaxError(at, family + " CIDR length /" + digits + " is larger than " + max);
    }
    return Integer.parseInt(digits);
  }

  private static SpfTerm ip4(Qualifier q, String rest, int at) {
    if (rest.isEmpty() || rest.charAt(0) != ':') {
      throw new SyntaxError(at, "'ip4' needs ':' and an IPv4 network");
    }
    String arg = rest.substring(1);
    int slash = arg.indexOf('/');
    String network = slash < 0 ? arg : arg.substring(0, slash);
    Inet4Address address = ipv4(network, at + 1);
    int prefix = 32;
    if (slash >= 0) {
      prefix = prefix(arg.substring(slash + 1), 32, at + 2 + slash, "ip4");
    }
    return new SpfTerm.Ip4(q, address, prefix);
  }

  /** A dotted quad, each part 0-255 without a leading zero (RFC 7208 §12 qnum). */
  private static Inet4Address ipv4(String s, int at) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      throw new SyntaxError(at, "'" + s + "' is not a full IPv4 address (four dotted numbers)");
    }
    byte[] bytes = new byte[4];
    int offset = at;
    for (int k = 0; k < 4; k++) {
      String p = parts[k];
      for (int j = 0; j < p.length(); j++) {
        if (!isDigit(p.charAt(j))) {
          throw new SyntaxError(
              offset + j, "invalid character " + show(p.charAt(j)) + " in IPv4 address");
        }
      }
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        throw new SyntaxError(offset, "'" + s + "' is not a valid IPv4 address");
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        throw new SyntaxError(offset, "'" + s + "' is not a valid IPv4 address");
      }
      bytes[k] = (byte) v;
      offset += p.length() + 1;
    }
    try {
      return (Inet4Address) InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static SpfTerm ip6(Qualifier q, String rest, int at) {
    if (rest.isEmpty() || rest.charAt(0) != ':') {
      throw new SyntaxError(at, "'ip6' needs ':' and an IPv6 network");
    }
    String arg = rest.substring(1);
    int slash = arg.indexOf('/');
    String network = slash < 0 ? arg : arg.substring(0, slash);
    Inet6Address address = ipv6(network, at + 1);
    int prefix = 128;
    if (slash >= 0) {
      prefix = prefix(arg.substring(slash + 1), 128, at + 2 + slash, "ip6");
    }
    return new SpfTerm.Ip6(q, address, prefix);
  }

  private static Inet6Address ipv6(String s, int at) {
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (!isHex(c) && c != ':' && c != '.') {
        throw new SyntaxError(at + k, "invalid character " + show(c) + " in IPv6 address");
      }
    }
    byte[] bytes = Ipv6Text.parse(s);
    if (bytes == null) {
      throw new SyntaxError(at, "'" + s + "' is not a valid IPv6 address");
    }
    try {
      // Inet6Address.getByAddress keeps an IPv4-mapped address as IPv6, unlike InetAddress.
      return Inet6Address.getByAddress(null, bytes, -1);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static MacroString requiredDomainSpec(String s, int at, String what) {
    if (s.isEmpty()) {
      throw new SyntaxError(at, "'" + what + "' needs a domain");
    }
    return domainSpec(s, at);
  }

  /** domain-spec = macro-string domain-end; domain-end = ("." toplabel ["."]) / macro-expand. */
  private static MacroString domainSpec(String s, int at) {
    MacroString ms = macroString(s, at, false, false);
    List<MacroString.Part> parts = ms.parts();
    if (parts.isEmpty()) {
      throw new SyntaxError(at, "empty domain");
    }
    if (!(parts.get(parts.size() - 1) instanceof MacroString.Literal last)) {
      return ms;
    }
    String text = last.text();
    int lastAt = at + s.length() - text.length();
    if (text.endsWith(".")) {
      text = text.substring(0, text.length() - 1);
    }
    int dot = text.lastIndexOf('.');
    if (dot < 0) {
      throw new SyntaxError(
          lastAt,
          "'" + s + "' must end in a macro or a dot and a top-level label (such as '.com')");
    }
    String top = text.substring(dot + 1);
    if (!isTopLabel(top)) {
      throw new SyntaxError(
          lastAt + dot + 1,
          "'"
              + top
              + "' is not a valid top-level label"
              + (top.chars().allMatch(SpfParser::isDigit) && !top.isEmpty()
                  ? " (it is numeric: use ip4: for addresses)"
                  : ""));
    }
    return ms;
  }

  /**
   * toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum ):
   * letters, digits and inner dashes, not all digits.
   */
  static boolean isTopLabel(String s) {
    if (s.isEmpty()) {
      return false;
    }
    boolean alpha = false;
    boolean dash = false;
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (isAlpha(c)) {
        alpha = true;
      } else if (c == '-') {
        dash = true;
      } else if (!isDigit(c)) {
        return false;
      }
    }
    if (s.charAt(0) == '-' || s.charAt(s.length() - 1) == '-') {
      return false;
    }
    return alpha || dash;
  }

  /**
   * macro-string = *( macro-expand / macro-literal ). With {@code spaces}, SP is literal text too
   * (explanation strings); with {@code expLetters}, the c, r and t macros are allowed (§7.2).
   */
  static MacroString macroString(String s, int at, boolean spaces, boolean expLetters) {
    List<MacroString.Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '%') {
        if (literal.length() > 0) {
          parts.add(new MacroString.Literal(literal.toString()));
          literal.setLength(0);
        }
        if (i + 1 >= s.length()) {
          throw new SyntaxError(at + i, "'%' at the end (write %% for a literal percent sign)");
        }
        char n = s.charAt(i + 1);
        if (n == '%' || n == '_' || n == '-') {
          parts.add(new MacroString.Escape(n));
          i += 2;
          continue;
        }
        if (n != '{') {
          throw new SyntaxError(
              at + i, "'%' must be followed by '{', '%', '_' or '-', found " + show(n));
        }
        i = macro(s, i, at, expLetters, parts);
        continue;
      }
      if ((c >= 0x21 && c <= 0x7e) || (spaces && c == ' ')) {
        literal.append(c);
        i++;
        continue;
      }
      throw new SyntaxError(at + i, "invalid character " + show(c));
    }
    if (literal.length() > 0) {
      parts.add(new MacroString.Literal(literal.toString()));
    }
    return new MacroString(parts);
  }

  /** Parses {@code %{...}} starting at {@code s[start] == '%'}; returns the index after '}'. */
  private static int macro(
      String s, int start, int at, boolean expLetters, List<MacroString.Part> parts) {
    int i = start + 2;
    if (i >= s.length()) {
      throw new SyntaxError(at + start, "unterminated macro");
    }
    char raw = s.charAt(i);
    char letter = Character.toLowerCase(raw);
    if (raw > 0x7f || MacroString.Macro.LETTERS.indexOf(letter) < 0) {
      throw new SyntaxError(at + i, "unknown macro letter " + show(raw));
    }
    if (!expLetters && MacroString.Macro.EXP_ONLY_LETTERS.indexOf(letter) >= 0) {
      throw new SyntaxError(
          at + i, "the %{" + raw + "} macro is only allowed in explanation text (RFC 7208 §7.2)");
    }
    boolean upper = Character.isUpperCase(raw);
    i++;
    int digitsAt = i;
    int keep = 0;
    while (i < s.length() && isDigit(s.charAt(i))) {
      // Saturate: any count above the number of parts keeps them all (RFC requires >= 127).
      keep = Math.min(keep * 10 + (s.charAt(i) - '0'), 1_000_000);
      i++;
    }
    if (i > digitsAt && keep == 0) {
      throw new SyntaxError(at + digitsAt, "a macro's digit transformer must not be zero");
    }
    boolean reverse = false;
    if (i < s.length() && (s.charAt(i) == 'r' || s.charAt(i) == 'R')) {
      reverse = true;
      i++;
    }
    int delimStart = i;
    while (i < s.length() && MacroString.Macro.DELIMITERS.indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    String delimiters = s.substring(delimStart, i);
    if (i >= s.length()) {
      throw new SyntaxError(at + start, "unterminated macro (missing '}')");
    }
    if (s.charAt(i) != '}') {
      throw new SyntaxError(at + i, "invalid character " + show(s.charAt(i)) + " in macro");
    }
    parts.add(new MacroString.Macro(letter, upper, keep, reverse, delimiters));
    return i + 1;
  }

  private static int firstOf(String s, String chars) {
    for (int k = 0; k < s.length(); k++) {
      if (chars.indexOf(s.charAt(k)) >= 0) {
        return k;
      }
    }
    return -1;
  }

  static boolean isAlpha(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** 'x' for printable ASCII, U+0009 otherwise, so messages never carry control characters. */
  static String show(char c) {
    if (c > 0x20 && c < 0x7f) {
      return "'" + c + "'";
    }
    return String.format("U+%04X", (int) c);
  }

  /** A syntax error inside the parser; turned into {@link SpfParse.Invalid} at the boundary. */
  static final class SyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int offset;

    SyntaxError(int offset, String message) {
      super(message, null, false, false);
      this.offset = offset;
    }
  }
}
