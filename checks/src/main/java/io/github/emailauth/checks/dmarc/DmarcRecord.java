package io.github.emailauth.checks.dmarc;

import io.github.emailauth.checks.engine.Severity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed DMARC TXT record: its tags in order with their offsets in the text, and every problem
 * the parser saw. Parsing does no I/O and never throws: a record that is not DMARC at all comes
 * back with {@link #isDmarc()} false and a {@link DmarcCheck#INVALID} problem explaining why.
 *
 * @param text the record as published (character-strings joined)
 * @param tags every well-formed tag, in order, duplicates included
 * @param problems in order of position
 */
record DmarcRecord(String text, List<Tag> tags, List<Problem> problems) {
  /** Longer than any sane record; beyond it we stop reading so hostile input stays cheap. */
  static final int MAX_LENGTH = 16_384;

  DmarcRecord {
    tags = List.copyOf(tags);
    problems = List.copyOf(problems);
  }

  /**
   * One tag.
   *
   * @param name lower case (tag names are case-insensitive ABNF literals)
   * @param rawName as written
   * @param value with surrounding spaces removed
   * @param offset where the tag's name starts in {@link #text()}, 0-based
   */
  record Tag(String name, String rawName, String value, int offset) {}

  /**
   * Something wrong with the record.
   *
   * @param check the check id that reports it
   * @param tag the tag concerned, or null
   * @param offset where in the text, 0-based
   * @param severity overrides the check's default severity, or null
   */
  record Problem(DmarcCheck check, String tag, int offset, String message, Severity severity) {}

  /** True when receivers accept this as a DMARC record: the first tag is exactly v=DMARC1. */
  boolean isDmarc() {
    return problems.stream().noneMatch(p -> p.check() == DmarcCheck.INVALID);
  }

  /**
   * The first occurrence of {@code tag}; receivers disagree about duplicates, we read the first.
   */
  Optional<Tag> first(DmarcTag tag) {
    return tags.stream().filter(t -> t.name().equals(tag.tag)).findFirst();
  }

  /** The value of the first {@code tag} if it is valid, else empty. */
  Optional<String> validValue(DmarcTag tag) {
    return first(tag).map(Tag::value).filter(v -> tag.validate(v).isEmpty());
  }

  /**
   * The value of {@code tag} as written when the parser dropped it for its syntax (an empty value,
   * a character outside printable ASCII), or empty. Such a tag is present with an invalid value,
   * not absent: for p and sp that decides between "invalid" and "default" (RFC 7489 §6.6.3).
   */
  Optional<String> unreadableValue(DmarcTag tag) {
    for (Problem p : problems) {
      if (p.check() == DmarcCheck.SYNTAX && tag.tag.equals(p.tag())) {
        int end = text.indexOf(';', p.offset());
        String segment = text.substring(p.offset(), end < 0 ? text.length() : end);
        return Optional.of(segment.substring(segment.indexOf('=') + 1).strip());
      }
    }
    return Optional.empty();
  }

  /** Parses one TXT record's text. */
  static DmarcRecord parse(String text) {
    return new Parser(text).parse();
  }

  private static final class Parser {
    private final String text;
    private final List<Tag> tags = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();

    Parser(String text) {
      this.text = text;
    }

    DmarcRecord parse() {
      if (text.length() > MAX_LENGTH) {
        problems.add(
            new Problem(
                DmarcCheck.INVALID,
                null,
                0,
                "the record is " + text.length() + " characters long; no DMARC record is",
                null));
        return new DmarcRecord(text, tags, problems);
      }
      List<int[]> segments = split();
      for (int i = 0; i < segments.size(); i++) {
        int start = segments.get(i)[0];
        int end = segments.get(i)[1];
        boolean last = i == segments.size() - 1;
        segment(start, end, i == 0, last);
      }
      checkVersion();
      if (isDmarcSoFar()) {
        checkTags();
      }
      return new DmarcRecord(text, tags, problems);
    }

    /** [start, end) of each ';'-separated segment. */
    private List<int[]> split() {
      List<int[]> out = new ArrayList<>();
      int start = 0;
      for (int i = 0; i <= text.length(); i++) {
        if (i == text.length() || text.charAt(i) == ';') {
          out.add(new int[] {start, i});
          start = i + 1;
        }
      }
      return out;
    }

    private void segment(int start, int end, boolean first, boolean last) {
      int s = skipWsp(start, end);
      int e = end;
      while (e > s && isWsp(text.charAt(e - 1))) {
        e--;
      }
      if (s == e) {
        if (first) {
          problems.add(new Problem(DmarcCheck.SYNTAX, null, start, "the record is empty", null));
        } else if (!last) {
          problems.add(
              new Problem(
                  DmarcCheck.SYNTAX,
                  null,
                  start,
                  "empty tag between two `;` (strict parsers reject the record)",
                  Severity.WARNING));
        }
        return;
      }
      String seg = text.substring(s, e);
      int eq = seg.indexOf('=');
      if (eq < 0) {
        problems.add(
            new Problem(
                DmarcCheck.SYNTAX,
                null,
                s,
                "`" + shorten(seg) + "` is not a tag=value pair",
                null));
        return;
      }
      String rawName = seg.substring(0, eq).strip();
      String value = seg.substring(eq + 1).strip();
      if (!rawName.matches("[A-Za-z]+")) {
        problems.add(
            new Problem(
                DmarcCheck.SYNTAX,
                null,
                s,
                "`" + shorten(rawName) + "` is not a tag name (letters only)" + quoteHint(seg),
                null));
        return;
      }
      String name = rawName.toLowerCase(Locale.ROOT);
      if (value.isEmpty()) {
        problems.add(new Problem(DmarcCheck.SYNTAX, name, s, name + "= has no value", null));
        return;
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c < 0x20 || c > 0x7e) {
          problems.add(
              new Problem(
                  DmarcCheck.SYNTAX,
                  name,
                  s,
                  name
                      + "="
                      + shorten(value)
                      + " contains a character outside printable ASCII"
                      + quoteHint(value),
                  null));
          return;
        }
      }
      tags.add(new Tag(name, rawName, value, s));
    }

    private void checkVersion() {
      String why = null;
      if (tags.isEmpty() || tags.get(0).offset() != firstSegmentOffset()) {
        why = "the record does not start with v=DMARC1";
      } else {
        Tag v = tags.get(0);
        if (!v.name().equals("v")) {
          why = "the first tag is " + v.rawName() + "=, but v=DMARC1 must come first";
        } else if (!v.value().equals("DMARC1")) {
          if (v.value().equalsIgnoreCase("DMARC1")) {
            why = "v=" + v.value() + ": the version DMARC1 is case-sensitive";
          } else if (v.value().startsWith("DMARC1")) {
            why = "v=" + shorten(v.value()) + ": is a `;` missing after DMARC1?";
          } else {
            why = "v=" + shorten(v.value()) + " is not v=DMARC1";
          }
        }
      }
      if (why != null) {
        problems.add(0, new Problem(DmarcCheck.INVALID, "v", 0, why + quoteHint(text), null));
      }
    }

    private int firstSegmentOffset() {
      return skipWsp(0, text.length());
    }

    private boolean isDmarcSoFar() {
      return problems.stream().noneMatch(p -> p.check() == DmarcCheck.INVALID);
    }

    private void checkTags() {
      Set<String> seen = new HashSet<>();
      seen.add("v");
      boolean hasRuf = false;
      boolean hasP = false;
      for (int i = 1; i < tags.size(); i++) {
        Tag t = tags.get(i);
        Optional<DmarcTag> known = DmarcTag.byName(t.name());
        if (!seen.add(t.name())) {
          problems.add(
              new Problem(
                  DmarcCheck.DUPLICATE_TAG,
                  t.name(),
                  t.offset(),
                  t.name() + " appears more than once; receivers may use either value",
                  null));
          continue;
        }
        if (known.isEmpty()) {
          problems.add(
              new Problem(
                  DmarcCheck.UNKNOWN_TAG,
                  t.name(),
                  t.offset(),
                  "unknown tag " + t.rawName() + "= (receivers ignore it)",
                  null));
          continue;
        }
        DmarcTag tag = known.get();
        for (String error : tag.validate(t.value())) {
          problems.add(new Problem(DmarcCheck.BAD_VALUE, t.name(), t.offset(), error, null));
        }
        if (tag.generation == DmarcTag.Generation.REMOVED_BY_BIS) {
          problems.add(
              new Problem(
                  DmarcCheck.REMOVED_TAG,
                  t.name(),
                  t.offset(),
                  t.name()
                      + "="
                      + t.value()
                      + " is an RFC 7489 tag removed by RFC 9989; RFC 9989 receivers ignore it",
                  null));
        }
        if (tag == DmarcTag.RUA || tag == DmarcTag.RUF) {
          for (ReportUri u : ReportUri.parseList(t.value()).uris()) {
            if (u.sizeLimit() != null) {
              problems.add(
                  new Problem(
                      DmarcCheck.SIZE_LIMIT,
                      t.name(),
                      t.offset(),
                      u.text()
                          + ": the !size limit ("
                          + u.sizeLimit()
                          + " bytes) is obsolete in RFC 9989, whose receivers ignore it",
                      null));
            }
          }
        }
        hasRuf |= tag == DmarcTag.RUF;
        if (tag == DmarcTag.P) {
          hasP = true;
          if (i != 1) {
            problems.add(
                new Problem(
                    DmarcCheck.TAG_ORDER,
                    "p",
                    t.offset(),
                    "p is not the second tag; RFC 7489 §6.3 requires v then p, and old parsers"
                        + " depend on it",
                    null));
          }
        }
      }
      if (!hasP) {
        problems.add(
            new Problem(
                DmarcCheck.NO_POLICY_TAG,
                "p",
                0,
                "no p tag: RFC 7489 requires it (without a valid rua receivers apply no DMARC);"
                    + " RFC 9989 reads it as p=none",
                null));
      }
      if (!hasRuf && tags.stream().anyMatch(t -> t.name().equals("fo"))) {
        Tag fo = tags.stream().filter(t -> t.name().equals("fo")).findFirst().orElseThrow();
        problems.add(
            new Problem(
                DmarcCheck.FO_IGNORED,
                "fo",
                fo.offset(),
                "fo=" + fo.value() + " has no effect without ruf",
                null));
      }
      problems.sort(java.util.Comparator.comparingInt(Problem::offset));
    }

    private int skipWsp(int i, int end) {
      while (i < end && isWsp(text.charAt(i))) {
        i++;
      }
      return i;
    }

    private static boolean isWsp(char c) {
      return c == ' ' || c == '\t';
    }

    private static String quoteHint(String s) {
      if (s.indexOf('\u201c') >= 0
          || s.indexOf('\u201d') >= 0
          || s.indexOf('\u2018') >= 0
          || s.indexOf('\u2019') >= 0) {
        return " (it contains typographic quotes; publish plain ASCII)";
      }
      if (s.strip().startsWith("\"") || s.strip().startsWith("'")) {
        return " (the quotes are part of the published text; remove them)";
      }
      return "";
    }

    private static String shorten(String s) {
      return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
  }
}
