package io.github.emailauth.checks.dkim;

/** The key record text {@code generate} writes and findings quote as "expected". */
final class DkimRecordText {
  /** A revoked key: v first, an empty p= (RFC 6376 §3.6.1). */
  static final String REVOKED = "v=DKIM1; p=";

  private DkimRecordText() {}

  /**
   * {@code v=DKIM1; k=rsa; p=<base64 SPKI>} or {@code v=DKIM1; k=ed25519; p=<raw 32 bytes>}, with
   * {@code t=y} when the key is declared for testing. k= is written even for rsa, its default, so
   * the record says what it holds. One string; the zone writer splits it into 255-byte strings.
   */
  static String of(PublicKeyMaterial key, boolean testing) {
    return "v=DKIM1; k="
        + key.dkimKeyType()
        + (testing ? "; t=y" : "")
        + "; p="
        + key.dkimPublicKey();
  }

  /** RFC 1035 §3.3: one character-string holds at most 255 octets. */
  static final int MAX_STRING = 255;

  /**
   * The record as a user types it into a zone: quoted character-strings of at most 255 bytes
   * each, so a 2048-bit key (about 410 bytes) is shown as the two strings it must be published
   * as; one quoted string that long is rejected by most DNS servers and control panels. Key
   * records are ASCII (tags and base64), so characters are bytes.
   */
  static String quoted(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int start = 0; start == 0 || start < text.length(); start += MAX_STRING) {
      if (start > 0) {
        out.append(' ');
      }
      out.append('"').append(text, start, Math.min(text.length(), start + MAX_STRING)).append('"');
    }
    return out.toString();
  }

  /** The note added when {@link #quoted} had to split: the user must keep the strings apart. */
  static String splitNote(String text) {
    int strings = Math.max(1, (text.length() + MAX_STRING - 1) / MAX_STRING);
    return strings == 1
        ? ""
        : " (" + strings + " strings of at most 255 bytes, published as one TXT record)";
  }
}
