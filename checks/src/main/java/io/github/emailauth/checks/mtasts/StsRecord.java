package io.github.emailauth.checks.mtasts;

import io.github.emailauth.checks.text.TagList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
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

  StsRecord {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("id must be 1-32 alphanumerics: " + id);
    }
    extensions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  /**
   * True when senders would consider {@code txt} an MTA-STS record at all (see {@link
   * TagList#isCandidate}); {@link #parse} reports a space after the version instead of hiding the
   * record.
   */
  static boolean isCandidate(String txt) {
    return TagList.isCandidate(txt, VERSION);
  }

  /** The record as {@code generate} writes it. */
  static String format(String id) {
    return VERSION + "; id=" + id;
  }

  /** The outcome of {@link #parse}: a record, or the reasons there is none, plus warnings. */
  record Parsed(StsRecord record, List<String> errors, List<String> warnings) {
    Parsed {
      errors = TagList.capped(errors);
      warnings = TagList.capped(warnings);
    }

    boolean valid() {
      return record != null;
    }
  }

  /** Parses one joined TXT string. No I/O; bounded by the input length. */
  static Parsed parse(String txt) {
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    String rest = TagList.afterVersion(txt, VERSION, "senders", "RFC 8461 §3.1", errors);
    if (rest == null) {
      return new Parsed(null, errors, warnings);
    }
    String id = null;
    Map<String, String> extensions = new LinkedHashMap<>();
    for (TagList.Field field : TagList.fields(rest, UnaryOperator.identity())) {
      if (field.error() != null) {
        errors.add(field.error());
        continue;
      }
      String name = field.name();
      String value = field.value();
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
      } else if (TagList.extension(name, value, "id", UnaryOperator.identity(), errors)) {
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
}
