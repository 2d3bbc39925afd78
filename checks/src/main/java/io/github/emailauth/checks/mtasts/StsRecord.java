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

  /**
   * The records a sender considers among the TXT RRset {@code all}. RFC 8461 §3.1: "If multiple TXT
   * records for _mta-sts are returned by the resolver, records that do not begin with "v=STSv1;"
   * are discarded." So with several records only that literal prefix counts (a bare {@code v=STSv1}
   * next to a good record is dropped, not a second record); a lone record is judged by the grammar
   * in {@link #parse}, which allows spaces before the first {@code ;}.
   */
  static List<String> select(List<String> all) {
    if (all.size() == 1) {
      return isCandidate(all.get(0)) ? all : List.of();
    }
    return all.stream().filter(t -> t.startsWith(VERSION + ";")).toList();
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
    String text = txt;
    // sts-field-delim = *WSP ";" *WSP, so "v=STSv1 ;id=x" is valid on its own; but beside other
    // TXT records senders discard it (see select), hence the warning.
    int afterWsp = VERSION.length();
    while (text.startsWith(VERSION)
        && afterWsp < text.length()
        && (text.charAt(afterWsp) == ' ' || text.charAt(afterWsp) == '\t')) {
      afterWsp++;
    }
    if (afterWsp > VERSION.length() && afterWsp < text.length() && text.charAt(afterWsp) == ';') {
      warnings.add(
          "a space follows "
              + VERSION
              + ": valid, but when the name has other TXT records senders discard records that"
              + " do not begin with \"v=STSv1;\" (RFC 8461 §3.1)");
      text = VERSION + text.substring(afterWsp);
    }
    String rest = TagList.afterVersion(text, VERSION, "senders", "RFC 8461 §3.1", errors);
    if (rest == null) {
      return new Parsed(null, errors, warnings);
    }
    // The grammar allows spaces after the last field only before or after a final ";".
    String trimmed = rest.stripTrailing();
    if (trimmed.length() < rest.length()
        && !trimmed.endsWith(";")
        && rest.chars().skip(trimmed.length()).allMatch(c -> c == ' ' || c == '\t')) {
      errors.add(
          "space after the last field: the grammar allows it only around a \";\", and strict"
              + " senders ignore the record; remove it or end with \";\"");
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
      if (name.equals("id") && id != null) {
        // a later id is, by the grammar, an extension named "id": ignored, the first one wins
        if (TagList.extension(name, value, "", UnaryOperator.identity(), errors)) {
          warnings.add("id appears twice; senders use the first, " + id);
        }
      } else if (!name.equals("id") && name.equalsIgnoreCase("id")) {
        // a valid extension by the grammar, so not an error; but it is not the id
        if (TagList.extension(name, value, "", UnaryOperator.identity(), errors)) {
          warnings.add(
              "field names are case-sensitive: senders ignore " + name + " as an extension");
        }
      } else if (name.equals("id")) {
        if (!ID.matcher(value).matches()) {
          errors.add(
              value.isEmpty()
                  ? "id is empty"
                  : "id \"" + value + "\" must be 1 to 32 letters and digits only");
        } else {
          id = value;
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
