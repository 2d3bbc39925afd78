package io.github.emailauth.checks.spf;

import java.util.List;
import java.util.Objects;

/**
 * A parsed macro-string (RFC 7208 §7.1): literal text interleaved with macros. It keeps the escapes
 * {@code %%}, {@code %_} and {@code %-} as written so that a record serialises back to text that
 * parses to the same value.
 */
public record MacroString(List<Part> parts) {
  public MacroString {
    parts = List.copyOf(parts);
  }

  /** One piece of a macro-string. */
  public sealed interface Part permits Literal, Escape, Macro {}

  /** Text copied as is. Never contains {@code %}. */
  public record Literal(String text) implements Part {
    public Literal {
      Objects.requireNonNull(text, "text");
      if (text.isEmpty() || text.indexOf('%') >= 0) {
        throw new IllegalArgumentException("literal must be non-empty and free of %: " + text);
      }
    }
  }

  /** {@code %%} (code '%'), {@code %_} (code '_', a space) or {@code %-} (code '-', "%20"). */
  public record Escape(char code) implements Part {
    public Escape {
      if (code != '%' && code != '_' && code != '-') {
        throw new IllegalArgumentException("no such macro escape: %" + code);
      }
    }

    /** What the escape expands to. */
    public String expansion() {
      return switch (code) {
        case '%' -> "%";
        case '_' -> " ";
        default -> "%20";
      };
    }
  }

  /**
   * {@code %{letter transformers delimiters}}.
   *
   * @param letter the macro letter, lower case
   * @param urlEscape true when the letter was written in upper case: expand, then URL-escape
   * @param keep how many right-hand parts to keep; 0 keeps all
   * @param reverse the {@code r} transformer
   * @param delimiters the delimiters as written; empty means "."
   */
  public record Macro(char letter, boolean urlEscape, int keep, boolean reverse, String delimiters)
      implements Part {
    static final String LETTERS = "slodiphcrtv";
    static final String EXP_ONLY_LETTERS = "crt";
    static final String DELIMITERS = ".-+,/_=";

    public Macro {
      Objects.requireNonNull(delimiters, "delimiters");
      if (LETTERS.indexOf(letter) < 0) {
        throw new IllegalArgumentException("no such macro letter: " + letter);
      }
      if (keep < 0) {
        throw new IllegalArgumentException("keep must be >= 0: " + keep);
      }
      for (int i = 0; i < delimiters.length(); i++) {
        if (DELIMITERS.indexOf(delimiters.charAt(i)) < 0) {
          throw new IllegalArgumentException("no such delimiter: " + delimiters.charAt(i));
        }
      }
    }

    @Override
    public String toString() {
      return "%{"
          + (urlEscape ? Character.toUpperCase(letter) : letter)
          + (keep > 0 ? Integer.toString(keep) : "")
          + (reverse ? "r" : "")
          + delimiters
          + "}";
    }
  }

  /** True when the string has no part at all (an empty unknown-modifier value). */
  public boolean isEmpty() {
    return parts.isEmpty();
  }

  /** True when a macro with {@code letter} (lower case) appears. */
  public boolean uses(char letter) {
    return parts.stream().anyMatch(p -> p instanceof Macro m && m.letter() == letter);
  }

  /** True when the string contains at least one {@code %{...}} macro. */
  public boolean hasMacros() {
    return parts.stream().anyMatch(p -> p instanceof Macro);
  }

  /** The text as written in a record. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Part p : parts) {
      if (p instanceof Literal l) {
        out.append(l.text());
      } else if (p instanceof Escape e) {
        out.append('%').append(e.code());
      } else {
        out.append(p);
      }
    }
    return out.toString();
  }
}
