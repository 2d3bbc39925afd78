package io.github.emailauth.checks.text;

import java.nio.charset.StandardCharsets;

/**
 * A TXT record value as a user types it into a zone file or control panel. Shared by every protocol
 * whose fix line names a whole record (DKIM, SPF, DMARC, TLS-RPT), so all of them show a long
 * record the same way. No I/O.
 */
public final class ZoneText {
  /** RFC 1035 §3.3: one character-string holds at most 255 octets. */
  public static final int MAX_STRING = 255;

  private ZoneText() {}

  /**
   * The record as quoted character-strings of at most 255 bytes each, so a 2048-bit DKIM key or a
   * long SPF record is shown as the strings it must be published as; one quoted string that long is
   * rejected by most DNS servers and control panels. Splits count UTF-8 bytes and never cut a
   * character; a quote or backslash inside is escaped as zone files require.
   */
  public static String quoted(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    int start = 0;
    do {
      int end = chunkEnd(text, start);
      if (start > 0) {
        out.append(' ');
      }
      out.append('"');
      for (int i = start; i < end; i++) {
        char c = text.charAt(i);
        if (c == '"' || c == '\\') {
          out.append('\\');
        }
        out.append(c);
      }
      out.append('"');
      start = end;
    } while (start < text.length());
    return out.toString();
  }

  /** How many character-strings {@link #quoted} writes for {@code text}. */
  public static int strings(String text) {
    int count = 0;
    int start = 0;
    do {
      start = chunkEnd(text, start);
      count++;
    } while (start < text.length());
    return count;
  }

  /** The note added when {@link #quoted} had to split: the user must keep the strings apart. */
  public static String splitNote(String text) {
    int strings = strings(text);
    return strings == 1
        ? ""
        : " (" + strings + " strings of at most 255 bytes, published as one TXT record)";
  }

  /** {@link #quoted} followed by {@link #splitNote}: how a fix line shows a record to publish. */
  public static String publishable(String text) {
    return quoted(text) + splitNote(text);
  }

  /** The end (exclusive) of the longest run from {@code start} that fits in 255 UTF-8 bytes. */
  private static int chunkEnd(String text, int start) {
    int bytes = 0;
    int i = start;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + len > MAX_STRING) {
        break;
      }
      bytes += len;
      i += Character.charCount(cp);
    }
    return i;
  }
}
