package io.github.emailauth.checks.text;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The {@code v=VERSION; name=value; ...} TXT record syntax shared by MTA-STS (RFC 8461 §3.1) and
 * TLS-RPT (RFC 8460 §3): printable US-ASCII, a case-sensitive version first, fields separated by
 * {@code ;} with optional spaces and tabs around them. Each record parser keeps its own fields;
 * this class only splits and reports what is wrong with the syntax. No I/O; bounded by the input
 * length.
 */
public final class TagList {
  private static final Pattern EXT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
  private static final Pattern EXT_VALUE = Pattern.compile("[\\x21-\\x3A\\x3C\\x3E-\\x7E]+");

  private TagList() {}

  /**
   * The most messages one record or policy file yields. A hostile 64 KB record of {@code ;;;;}
   * would otherwise become 32,000 findings; like a compiler, stop after the first few.
   */
  public static final int MAX_MESSAGES = 20;

  /** {@code messages} cut to {@link #MAX_MESSAGES}, the last saying how many more there were. */
  public static List<String> capped(List<String> messages) {
    if (messages.size() <= MAX_MESSAGES) {
      return List.copyOf(messages);
    }
    List<String> out = new ArrayList<>(messages.subList(0, MAX_MESSAGES - 1));
    out.add("... and " + (messages.size() - MAX_MESSAGES + 1) + " more like these");
    return List.copyOf(out);
  }

  /**
   * True when receivers would consider {@code txt} a record of this kind at all: it starts with the
   * case-sensitive {@code version} and then ends, has a space or a {@code ;}. "v=X ;a=b" is valid
   * by the grammar but discarded by software that filters on the literal "v=X;", and the parsers
   * report that as an error instead of hiding the record.
   */
  public static boolean isCandidate(String txt, String version) {
    if (!txt.startsWith(version)) {
      return false;
    }
    if (txt.length() == version.length()) {
      return true;
    }
    char next = txt.charAt(version.length());
    return next == ';' || next == ' ' || next == '\t';
  }

  /**
   * The text after {@code version}: empty or starting with {@code ;}. Null when the record is not
   * printable US-ASCII or does not start with exactly the version; the reason is added to {@code
   * errors}.
   *
   * @param discardedBy who discards a record with a space after the version ("senders")
   * @param rfc the section that says so ("RFC 8461 §3.1")
   */
  public static String afterVersion(
      String txt, String version, String discardedBy, String rfc, List<String> errors) {
    for (int i = 0; i < txt.length(); i++) {
      char c = txt.charAt(i);
      if (c > 0x7E || (c < 0x20 && c != '\t')) {
        errors.add(
            String.format(
                "character U+%04X at position %d: the record must be printable US-ASCII",
                (int) c, i + 1));
        return null;
      }
    }
    if (!txt.startsWith(version)) {
      errors.add(
          txt.regionMatches(true, 0, version, 0, version.length())
              ? "the version is case-sensitive: write " + version
              : "the record must start with " + version);
      return null;
    }
    String rest = txt.substring(version.length());
    if (!rest.isEmpty() && rest.charAt(0) != ';') {
      errors.add(
          rest.charAt(0) == ' ' || rest.charAt(0) == '\t'
              ? "a space follows "
                  + version
                  + ": "
                  + discardedBy
                  + " discard records that do not begin with \""
                  + version
                  + ";\" ("
                  + rfc
                  + ")"
              : "the version must be exactly " + version);
      return null;
    }
    return rest;
  }

  /**
   * One {@code ;}-separated field: a name and its value, or, when the text is not a field, the
   * reason (name and value null).
   */
  public record Field(String name, String value, String error) {}

  /**
   * The fields of {@code rest} (from {@link #afterVersion}) in order, empty fields (but one
   * trailing {@code ;}) and fields without {@code =} as errors, their text passed through {@code
   * shown}; in one list so that the caller's errors stay in the order of the fields.
   */
  public static List<Field> fields(String rest, UnaryOperator<String> shown) {
    List<Field> fields = new ArrayList<>();
    // rest is "" or starts with ';'; every field follows one delimiter.
    String[] segments = rest.isEmpty() ? new String[0] : rest.substring(1).split(";", -1);
    for (int i = 0; i < segments.length; i++) {
      String text = strip(segments[i]);
      int eq = text.indexOf('=');
      if (text.isEmpty()) {
        if (i == segments.length - 1) {
          break; // one trailing delimiter is allowed
        }
        fields.add(new Field(null, null, "empty field between two ';'"));
      } else if (eq < 0) {
        fields.add(new Field(null, null, "field \"" + shown.apply(text) + "\" is not name=value"));
      } else {
        fields.add(new Field(text.substring(0, eq), text.substring(eq + 1), null));
      }
    }
    return fields;
  }

  /**
   * Checks a field that is not {@code known}, the one field the record defines: true when it is a
   * well-formed extension, which receivers ignore. Otherwise adds the reason to {@code errors}, a
   * wrongly cased {@code known} among them.
   */
  public static boolean extension(
      String name, String value, String known, UnaryOperator<String> shown, List<String> errors) {
    if (!EXT_NAME.matcher(name).matches()) {
      errors.add("\"" + shown.apply(name) + "\" is not a valid field name");
    } else if (!EXT_VALUE.matcher(value).matches()) {
      errors.add("the value of " + name + " is empty or contains '=', ';' or a space");
    } else if (name.equalsIgnoreCase(known)) {
      errors.add("field names are case-sensitive: write " + known + ", not " + name);
    } else {
      return true;
    }
    return false;
  }

  /** RFC 8461 and 8460 allow only spaces and tabs (WSP) around fields. */
  private static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return s.substring(start, end);
  }
}
