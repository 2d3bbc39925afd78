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
}
