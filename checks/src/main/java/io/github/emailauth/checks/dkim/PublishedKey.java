package io.github.emailauth.checks.dkim;

import io.github.emailauth.checks.dkim.KeyCodec.KeyFormatException;
import io.github.emailauth.checks.dkim.ParsedRecord.KeyRecord;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The key in a key record's {@code p=}, decoded (RFC 6376 §3.6.1, erratum 3017, RFC 8463 §4). No
 * I/O. A decoded key may still be too small; sizes are judged by the caller, which knows the
 * declared {@code minBits}.
 */
sealed interface PublishedKey {
  /** Empty {@code p=}. */
  record Revoked() implements PublishedKey {}

  /**
   * A key verifiers can read. {@code notes} are encodings that work with some verifiers only
   * (PKCS#1 RSA, SPKI-wrapped Ed25519, whitespace in p=, an upper-case k=).
   */
  record Decoded(PublicKeyMaterial key, List<String> notes) implements PublishedKey {
    public Decoded {
      notes = List.copyOf(notes);
    }
  }

  /** p= is not base64 or does not hold a key of the type k= names. */
  record Undecodable(String problem) implements PublishedKey {}

  /** k= names a key type this checker (and, as far as known, every verifier) does not have. */
  record UnknownType(String keyType) implements PublishedKey {}

  static PublishedKey decode(KeyRecord record) {
    String raw = record.tags().get("p");
    if (raw.indexOf('"') >= 0) {
      return new Undecodable(
          "p= contains a double quote: the quotes of a zone file or DNS console were pasted into"
              + " the value");
    }
    if (raw.indexOf('\\') >= 0) {
      return new Undecodable(
          "p= contains a backslash: a zone-file escape was pasted into the value");
    }
    String b64 = record.publicKeyBase64();
    if (b64.isEmpty()) {
      return new Revoked();
    }
    String k = record.keyType();
    if (!k.equals("rsa") && !k.equals("ed25519")) {
      return new UnknownType(record.keyTypeRaw());
    }
    List<String> notes = new ArrayList<>();
    if (!b64.equals(raw)) {
      notes.add(
          "p= contains whitespace; RFC 6376 says to remove it, but a DNS console that added it"
              + " may have damaged the key in other ways too");
    }
    String kRaw = record.keyTypeRaw();
    if (kRaw != null && !kRaw.equals(kRaw.toLowerCase(Locale.ROOT))) {
      notes.add(
          "k="
              + kRaw
              + " is not lower case; values are case-sensitive (RFC 6376 §3.2) and some"
              + " verifiers compare them exactly");
    }
    if (b64.length() % 4 != 0) {
      return new Undecodable(
          "p= is not valid base64: its length "
              + b64.length()
              + " is not a multiple of 4 (the key was truncated, or its '=' padding is missing)");
    }
    byte[] der;
    try {
      der = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      return new Undecodable("p= is not valid base64: " + e.getMessage());
    }
    return k.equals("rsa") ? rsa(der, record.keyTypeRaw() == null, notes) : ed25519(der, notes);
  }

  private static PublishedKey rsa(byte[] der, boolean kDefaulted, List<String> notes) {
    String kText = kDefaulted ? "no k= (so rsa)" : "k=rsa";
    try {
      PublicKeyMaterial key = KeyCodec.fromSpki(der);
      if (key instanceof PublicKeyMaterial.Ed25519) {
        return new Undecodable(
            kText + " but p= holds an Ed25519 key; publish k=ed25519 with the raw 32-byte key");
      }
      return new Decoded(key, notes);
    } catch (KeyFormatException spkiProblem) {
      try {
        PublicKeyMaterial.Rsa key = KeyCodec.fromPkcs1Public(der);
        notes.add(
            "p= is a bare PKCS#1 RSAPublicKey; signers publish SubjectPublicKeyInfo"
                + " (RFC 6376 Appendix C, erratum 3017) and some verifiers accept only that");
        return new Decoded(key, notes);
      } catch (KeyFormatException pkcs1Problem) {
        if (isPrivateKey(der)) {
          return new Undecodable(
              "p= holds a PRIVATE key: anyone can sign mail as this domain with it. Make a new"
                  + " key pair, publish only its public key, and revoke this selector");
        }
        if (der.length == PublicKeyMaterial.Ed25519.SIZE) {
          return new Undecodable(
              kText + " but p= is 32 bytes, the size of an Ed25519 key; add k=ed25519");
        }
        return new Undecodable(
            "p= ("
                + der.length
                + " bytes) is not an RSA public key: neither SubjectPublicKeyInfo nor PKCS#1"
                + " RSAPublicKey ("
                + spkiProblem.getMessage()
                + ")");
      }
    }
  }

  private static PublishedKey ed25519(byte[] der, List<String> notes) {
    byte[] raw = der;
    if (der.length != PublicKeyMaterial.Ed25519.SIZE) {
      raw = PublicKeyMaterial.Ed25519.unwrapSpki(der);
      if (raw == null) {
        try {
          PublicKeyMaterial other = KeyCodec.fromSpki(der);
          return new Undecodable("k=ed25519 but p= holds an " + other.describe() + " key");
        } catch (KeyFormatException notSpki) {
          return new Undecodable(
              "an Ed25519 key is the raw 32-byte public key (RFC 8463 §4); p= decodes to "
                  + der.length
                  + " bytes");
        }
      }
      notes.add(
          "p= is an Ed25519 SubjectPublicKeyInfo (44 bytes); RFC 8463 §4 publishes only the raw"
              + " 32-byte key and many verifiers reject the wrapped form");
    }
    if (!org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyPartial(raw, 0)) {
      return new Undecodable(
          "p= is 32 bytes but not a valid Ed25519 public key (not a curve point)");
    }
    return new Decoded(new PublicKeyMaterial.Ed25519(raw), notes);
  }

  private static boolean isPrivateKey(byte[] der) {
    try {
      KeyCodec.fromPkcs8(der);
      return true;
    } catch (KeyFormatException notPkcs8) {
      try {
        KeyCodec.fromPkcs1Private(der);
        return true;
      } catch (KeyFormatException notPkcs1) {
        return false;
      }
    }
  }
}
