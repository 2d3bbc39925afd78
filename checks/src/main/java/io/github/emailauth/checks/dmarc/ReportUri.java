package io.github.emailauth.checks.dmarc;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One entry of a {@code rua}/{@code ruf} list: {@code mailto:dmarc@example.com!10m}.
 *
 * @param text the entry as written (URI plus optional {@code !size})
 * @param uri the URI without the size suffix
 * @param scheme lower case
 * @param address for {@code mailto:}, the %-decoded address; otherwise null
 * @param host the destination host (mail domain for {@code mailto:}), lower case, no trailing dot;
 *     null when the URI has none
 * @param sizeLimit the {@code !size} limit in bytes (k/m/g/t are powers of two, RFC 7489 §6.2), or
 *     null
 */
record ReportUri(
    String text, String uri, String scheme, String address, String host, BigInteger sizeLimit) {

  static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
  private static final Pattern SIZE = Pattern.compile("([0-9]{1,25})([kKmMgGtT]?)");
  private static final Pattern LABEL =
      Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");

  boolean isMailto() {
    return "mailto".equals(scheme);
  }

  /**
   * The form compared with a declaration: scheme and host lower case, the size in bytes. The local
   * part keeps its case (RFC 5321 §2.4 lets the receiving host give it meaning).
   */
  String normalized() {
    String base;
    if (isMailto()) {
      base = "mailto:" + address.substring(0, address.lastIndexOf('@') + 1) + host;
    } else {
      base = scheme + uri.substring(uri.indexOf(':'));
    }
    return sizeLimit == null ? base : base + "!" + sizeLimit;
  }

  /** The result of parsing one list: the URIs that parsed and one message per bad entry. */
  record ListResult(List<ReportUri> uris, List<String> errors) {}

  /**
   * Parses a {@code dmarc-urilist} (RFC 7489 §6.4, RFC 9989 §4.8): URIs separated by commas with
   * optional spaces; commas and {@code !} inside a URI must be %-encoded.
   */
  static ListResult parseList(String value) {
    List<ReportUri> uris = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String entry = part.strip();
      if (entry.isEmpty()) {
        errors.add("empty entry in the URI list (a stray comma?)");
        continue;
      }
      try {
        uris.add(parse(entry));
      } catch (IllegalArgumentException e) {
        errors.add(e.getMessage());
      }
    }
    if (errors.size() > MAX_ERRORS) {
      int more = errors.size() - MAX_ERRORS;
      errors = new ArrayList<>(errors.subList(0, MAX_ERRORS));
      errors.add("and " + more + " more bad entries");
    }
    return new ListResult(uris, errors);
  }

  /** RFC 3986 URI syntax, where DMARC also wants "," and "!" %-encoded (RFC 9989 §4.8). */
  private static final Pattern URI_SYNTAX =
      Pattern.compile(
          "[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9._~:/?#\\[\\]@$&'()*+;=-]|%[0-9A-Fa-f]{2})*");

  private static final Pattern SIZE_SUFFIX = Pattern.compile("![0-9]+[kKmMgGtT]?$");

  /**
   * True when some entry of a {@code rua} list is a syntactically valid URI (an obsolete {@code
   * !size} aside), the test of RFC 7489 §6.6.3 step 6 and RFC 9989 §4.10.1. That is weaker than
   * {@link #parse}: {@code mailto:} with no address is a valid URI (RFC 3986 path-empty, RFC 6068
   * {@code [ to ]}) although no report can be sent to it.
   */
  static boolean anySyntacticallyValid(String list) {
    for (String part : list.split(",", -1)) {
      String entry = SIZE_SUFFIX.matcher(part.strip()).replaceFirst("");
      if (URI_SYNTAX.matcher(entry).matches()) {
        return true;
      }
    }
    return false;
  }

  /** A hostile list of thousands of bad entries yields a few messages, not thousands. */
  private static final int MAX_ERRORS = 3;

  /** Parses one entry; throws {@link IllegalArgumentException} with a message for users. */
  static ReportUri parse(String entry) {
    String uri = entry;
    BigInteger size = null;
    int bang = entry.indexOf('!');
    if (bang >= 0) {
      uri = entry.substring(0, bang);
      size = parseSize(entry, entry.substring(bang + 1));
    }
    int colon = uri.indexOf(':');
    if (colon <= 0 || !SCHEME.matcher(uri.substring(0, colon)).matches()) {
      throw new IllegalArgumentException("`" + entry + "` has no URI scheme; write mailto:" + uri);
    }
    String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = uri.substring(colon + 1);
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("`" + entry + "` is empty after " + scheme + ":");
    }
    if (scheme.equals("mailto")) {
      int query = rest.indexOf('?');
      String addrPart = query >= 0 ? rest.substring(0, query) : rest;
      String address = percentDecode(entry, addrPart);
      int at = address.lastIndexOf('@');
      if (at <= 0 || at == address.length() - 1) {
        throw new IllegalArgumentException("`" + entry + "` is not a mail address (local@domain)");
      }
      String host = hostName(entry, address.substring(at + 1));
      return new ReportUri(entry, uri, scheme, address, host, size);
    }
    return new ReportUri(entry, uri, scheme, null, otherHost(rest), size);
  }

  private static BigInteger parseSize(String entry, String text) {
    var m = SIZE.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "`" + entry + "`: the size after ! must be digits with an optional k, m, g or t");
    }
    int shift =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "k" -> 10;
          case "m" -> 20;
          case "g" -> 30;
          case "t" -> 40;
          default -> 0;
        };
    BigInteger bytes = new BigInteger(m.group(1)).shiftLeft(shift);
    if (bytes.compareTo(UINT64_MAX) > 0) {
      throw new IllegalArgumentException("`" + entry + "`: the size does not fit in 64 bits");
    }
    return bytes;
  }

  private static String hostName(String entry, String host) {
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (h.isEmpty() || h.length() > 253) {
      throw new IllegalArgumentException("`" + entry + "` has no valid mail domain");
    }
    for (String label : h.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        throw new IllegalArgumentException(
            "`" + entry + "`: `" + host + "` is not a valid domain name");
      }
    }
    return h.toLowerCase(Locale.ROOT);
  }

  /** The host of a hierarchical URI such as {@code https://reports.example.net/x}, or null. */
  private static String otherHost(String rest) {
    if (!rest.startsWith("//")) {
      return null;
    }
    String authority = rest.substring(2);
    int end = authority.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int i = authority.indexOf(c);
      if (i >= 0) {
        end = Math.min(end, i);
      }
    }
    authority = authority.substring(0, end);
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    int port = authority.lastIndexOf(':');
    if (port >= 0 && !authority.endsWith("]")) {
      authority = authority.substring(0, port);
    }
    return authority.isEmpty() ? null : authority.toLowerCase(Locale.ROOT);
  }

  private static String percentDecode(String entry, String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()
            || Character.digit(s.charAt(i + 1), 16) < 0
            || Character.digit(s.charAt(i + 2), 16) < 0) {
          throw new IllegalArgumentException("`" + entry + "` has a broken %-escape");
        }
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
