package io.github.emailauth.checks.dkim;

import io.github.emailauth.checks.dkim.ParsedRecord.KeyRecord;
import io.github.emailauth.checks.dkim.ParsedRecord.Malformed;
import io.github.emailauth.checks.dkim.ParsedRecord.NotAKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads DKIM key records: the tag-list of RFC 6376 §3.2 and the key tags of §3.6.1. No I/O, linear
 * in the input, and input longer than any DNS message could carry is refused outright.
 */
final class KeyRecordParser {
  /** A DNS message is at most 65535 bytes, so no TXT record is longer. */
  static final int MAX_LENGTH = 65535;

  /** A {@code p=} tag at the start of a tag-spec: the record was meant as a key record. */
  private static final Pattern P_TAG = Pattern.compile("(?:^|;)[ \\t\\r\\n]*p[ \\t\\r\\n]*=");

  private static final Pattern V_DKIM1 =
      Pattern.compile("^[ \\t\\r\\n]*v[ \\t\\r\\n]*=[ \\t\\r\\n]*DKIM1");

  private KeyRecordParser() {}

  static ParsedRecord parse(String text) {
    if (text.length() > MAX_LENGTH) {
      return new Malformed(
          text.substring(0, 64) + "...", "record is " + text.length() + " characters long");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    String syntaxError = parseTagList(text, tags);
    if (syntaxError != null) {
      // A broken tag-list counts as a broken key only when it was meant as one; any other TXT
      // (a wildcard's SPF record, a site-verification token) is simply "not a DKIM key".
      return meantAsKey(text) ? new Malformed(text, syntaxError) : new NotAKey(text);
    }
    boolean declaresDkim1 = !tags.isEmpty() && "DKIM1".equals(tags.get("v"));
    if (!tags.containsKey("p")) {
      // §6.1.2 NOTE: wildcards answer selector queries with unrelated text. A record that says
      // v=DKIM1 is plainly meant as a key though, and its missing p= is worth an error.
      return declaresDkim1 && firstTag(tags).equals("v")
          ? new Malformed(text, "p= is required in a DKIM key record (RFC 6376 §3.6.1)")
          : new NotAKey(text);
    }
    if (tags.containsKey("v")) {
      if (!firstTag(tags).equals("v")) {
        return new Malformed(text, "v= must be the first tag (RFC 6376 §3.6.1)");
      }
      if (!tags.get("v").equals("DKIM1")) {
        return new Malformed(
            text,
            "v="
                + tags.get("v")
                + " is not DKIM1, so verifiers discard the record"
                + " (RFC 6376 §3.6.1)");
      }
    }
    return new KeyRecord(text, tags);
  }

  /**
   * Splits a tag-list into {@code tags}; returns the first problem, or null when well-formed.
   * Grammar (§3.2): {@code tag-spec *( ";" tag-spec ) [ ";" ]}, names {@code ALPHA
   * *(ALPHA/DIGIT/"_")} and case-sensitive, values printable ASCII but ";" with inner whitespace
   * allowed. A duplicate name makes the whole list invalid.
   */
  private static String parseTagList(String text, Map<String, String> tags) {
    String[] specs = text.split(";", -1);
    for (int i = 0; i < specs.length; i++) {
      String spec = specs[i];
      if (trimWhitespace(spec).isEmpty()) {
        if (i == specs.length - 1 && i > 0) {
          continue; // the optional trailing ";" (with trailing whitespace, which is harmless)
        }
        return specs.length == 1 ? "the record is empty" : "empty tag between two ';'";
      }
      int eq = spec.indexOf('=');
      if (eq < 0) {
        return "'" + trimWhitespace(spec) + "' is not a tag=value pair";
      }
      String name = trimWhitespace(spec.substring(0, eq));
      if (!validTagName(name)) {
        return "'" + name + "' is not a valid tag name (RFC 6376 §3.2)";
      }
      String value = trimWhitespace(spec.substring(eq + 1));
      for (int c = 0; c < value.length(); c++) {
        char ch = value.charAt(c);
        if (!isWhitespace(ch) && (ch < 0x21 || ch > 0x7e)) {
          return String.format(
              "%s= contains the character U+%04X; values are printable ASCII (RFC 6376 §3.2)",
              name, (int) ch);
        }
      }
      if (tags.putIfAbsent(name, value) != null) {
        return "duplicate tag "
            + name
            + "=, which makes the whole record invalid"
            + " (RFC 6376 §3.2)";
      }
    }
    return null;
  }

  private static boolean meantAsKey(String text) {
    return P_TAG.matcher(text).find() || V_DKIM1.matcher(text).find();
  }

  private static String firstTag(Map<String, String> tags) {
    return tags.keySet().iterator().next();
  }

  private static boolean validTagName(String name) {
    if (name.isEmpty() || !isAlpha(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '_') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** WSP and the CR LF of folding whitespace (§2.8, FWS). */
  static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  static String trimWhitespace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isWhitespace(s.charAt(start))) {
      start++;
    }
    while (end > start && isWhitespace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  static String stripWhitespace(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isWhitespace(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }
}
