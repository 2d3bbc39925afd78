package io.github.emailauth.checks.spf;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of a name's TXT records is its SPF record (RFC 7208 §4.5): a pure function of the raw TXT
 * texts (each record's strings already joined with no separator, §3.3).
 */
public sealed interface SpfSelection {
  /** No record starts with {@code v=spf1}: check_host() returns none. */
  record NoRecord() implements SpfSelection {}

  /** Exactly one SPF record. */
  record One(String text) implements SpfSelection {}

  /** Several SPF records, identical or not: permerror (§4.5, §3.2). */
  record Several(List<String> texts) implements SpfSelection {
    public Several {
      texts = List.copyOf(texts);
    }
  }

  /**
   * Keeps the texts whose version section is exactly {@code v=spf1} (any case) followed by a space
   * or the end. {@code v=spf10}, {@code v=spf1mx} (two strings joined) and {@code " v=spf1"} are
   * not SPF records. Other TXT records, including non-ASCII ones, are ignored.
   */
  static SpfSelection select(List<String> txts) {
    List<String> spf = new ArrayList<>();
    for (String t : txts) {
      if (isSpf(t)) {
        spf.add(t);
      }
    }
    if (spf.isEmpty()) {
      return new NoRecord();
    }
    if (spf.size() == 1) {
      return new One(spf.get(0));
    }
    return new Several(spf);
  }

  /** True when {@code text} is an SPF version 1 record by its version section. */
  static boolean isSpf(String text) {
    return text.length() >= 6
        && text.regionMatches(true, 0, "v=spf1", 0, 6)
        && (text.length() == 6 || text.charAt(6) == ' ');
  }
}
