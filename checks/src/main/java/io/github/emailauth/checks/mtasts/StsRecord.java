package io.github.emailauth.checks.mtasts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A parsed {@code _mta-sts} TXT record (RFC 8461 §3.1).
 *
 * @param id the policy id, 1 to 32 alphanumerics
 * @param extensions extension fields in order of appearance; senders ignore them
 */
record StsRecord(String id, Map<String, String> extensions) {
  static final String VERSION = "v=STSv1";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,32}");
  private static final Pattern EXT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
  private static final Pattern EXT_VALUE = Pattern.compile("[\\x21-\\x3A\\x3C\\x3E-\\x7E]+");

  StsRecord {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("id must be 1-32 alphanumerics: " + id);
    }
    extensions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  /**
   * True when senders would consider {@code txt} an MTA-STS record at all. We take every record
   * that starts with the case-sensitive {@code v=STSv1} and then ends, has a space or a {@code ;}:
   * "v=STSv1 ;id=x" is valid by the grammar but discarded by senders that filter on the literal
   * prefix "v=STSv1;", and {@link #parse} reports that as an error instead of hiding the record.
   */
  static boolean isCandidate(String txt) {
    if (!txt.startsWith(VERSION)) {
      return false;
    }
    if (txt.length() == VERSION.length()) {
      return true;
    }
    char next = txt.charAt(VERSION.length());
    return next == ';' || next == ' ' || next == '\t';
  }

  /** The record as {@code generate} writes it. */
  static String format(String id) {
    return VERSION + "; id=" + id;
  }

  /** The outcome of {@link #parse}: a record, or the reasons there is none, plus warnings. */
  record Parsed(StsRecord record, List<String> errors, List<String> warnings) {
    Parsed {
      errors = List.copyOf(errors);
      warnings = List.copyOf(warnings);
    }

    boolean valid() {
      return record != null;
    }
  }

  /** Parses one joined TXT string. No I/O; bounded by the input length. */
  static Parsed parse(String txt) {
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < txt.length(); i++) {
      char c = txt.charAt(i);
      if (c > 0x7E || (c < 0x20 && c != '\t')) {
        errors.add(
            String.format(
                "character U+%04X at position %d: the record must be printable US-ASCII",
                (int) c, i + 1));
        return new Parsed(null, errors, warnings);
      }
    }
    if (!txt.startsWith(VERSION)) {
      errors.add(
          txt.regionMatches(true, 0, VERSION, 0, VERSION.length())
              ? "the version is case-sensitive: write v=STSv1"
              : "the record must start with v=STSv1");
      return new Parsed(null, errors, warnings);
    }
    String rest = txt.substring(VERSION.length());
    if (!rest.isEmpty() && rest.charAt(0) != ';') {
      if (rest.charAt(0) == ' ' || rest.charAt(0) == '\t') {
        errors.add(
            "a space follows v=STSv1: senders discard records that do not begin with"
                + " \"v=STSv1;\" (RFC 8461 §3.1)");
      } else {
        errors.add("the version must be exactly v=STSv1");
      }
      return new Parsed(null, errors, warnings);
    }
    String id = null;
    Map<String, String> extensions = new LinkedHashMap<>();
    // rest is "" or starts with ';'; every field follows one delimiter.
    String[] segments = rest.isEmpty() ? new String[0] : rest.substring(1).split(";", -1);
    for (int i = 0; i < segments.length; i++) {
      String field = strip(segments[i]);
      if (field.isEmpty()) {
        if (i == segments.length - 1) {
          break; // one trailing delimiter is allowed
        }
        errors.add("empty field between two ';'");
        continue;
      }
      int eq = field.indexOf('=');
      if (eq < 0) {
        errors.add("field \"" + field + "\" is not name=value");
        continue;
      }
      String name = field.substring(0, eq);
      String value = field.substring(eq + 1);
      if (name.equals("id")) {
        if (!ID.matcher(value).matches()) {
          errors.add(
              value.isEmpty()
                  ? "id is empty"
                  : "id \"" + value + "\" must be 1 to 32 letters and digits only");
        } else if (id == null) {
          id = value;
        } else {
          warnings.add("id appears twice; senders use the first, " + id);
        }
      } else if (!EXT_NAME.matcher(name).matches()) {
        errors.add("\"" + name + "\" is not a valid field name");
      } else if (!EXT_VALUE.matcher(value).matches()) {
        errors.add("the value of " + name + " is empty or contains '=', ';' or a space");
      } else if (name.equalsIgnoreCase("id")) {
        errors.add("field names are case-sensitive: write id, not " + name);
      } else {
        extensions.putIfAbsent(name, value);
      }
    }
    if (id == null && errors.isEmpty()) {
      errors.add("the id field is required");
    }
    if (!errors.isEmpty()) {
      return new Parsed(null, errors, warnings);
    }
    return new Parsed(new StsRecord(id, extensions), errors, warnings);
  }

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
