package io.github.emailauth.checks.output;

/** Escaping for the XML we write by hand (the JDK's writers neither indent nor drop bad chars). */
final class Xml {
  private Xml() {}

  /**
   * Escapes text for an element or a double-quoted attribute. Characters XML 1.0 cannot carry at
   * all (most C0 controls, which a hostile TXT record may hold) become U+FFFD, so the file always
   * parses.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                  if (allowed(c)) {
                    out.appendCodePoint(c);
                  } else {
                    out.append('\uFFFD');
                  }
                }
              }
            });
    return out.toString();
  }

  /** The Char production of XML 1.0. */
  private static boolean allowed(int c) {
    return c == 0x9
        || c == 0xA
        || c == 0xD
        || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }
}
