package io.github.emailauth.checks.spf;

import java.util.List;
import java.util.Objects;

/** The outcome of parsing an SPF record: a record, or the first syntax error and where it is. */
public sealed interface SpfParse {
  /**
   * A valid record.
   *
   * @param offsets the 0-based offset in the source text of each of {@code record.terms()}
   */
  record Parsed(SpfRecord record, List<Integer> offsets) implements SpfParse {
    public Parsed {
      Objects.requireNonNull(record, "record");
      offsets = List.copyOf(offsets);
      if (offsets.size() != record.terms().size()) {
        throw new IllegalArgumentException("one offset per term");
      }
    }
  }

  /**
   * A syntax error: check_host() returns permerror for such a record (RFC 7208 §4.6).
   *
   * @param offset 0-based index into the source text of the offending character or term
   * @param message what is wrong, in words
   */
  record Invalid(int offset, String message) implements SpfParse {
    public Invalid {
      Objects.requireNonNull(message, "message");
      if (offset < 0) {
        throw new IllegalArgumentException("offset must be >= 0");
      }
    }

    /** "at offset 12: unknown mechanism 'ipv4'". */
    public String describe() {
      return "at offset " + offset + ": " + message;
    }

    /** The source text with a caret under the offending position, for multi-line reports. */
    public String pointer(String source) {
      return source + "\n" + " ".repeat(Math.min(offset, source.length())) + "^";
    }
  }
}
