package io.github.emailauth.checks.dkim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * A DKIM public key reduced to what identifies it: modulus and exponent for RSA, the 32 raw bytes
 * for Ed25519. Two encodings of one key (SPKI or PKCS#1, PEM or DER, public or private file) give
 * equal values, so comparing a published key with a key file is {@code equals}.
 */
sealed interface PublicKeyMaterial {
  /** The DER SubjectPublicKeyInfo: what fingerprints are taken of and what RSA p= publishes. */
  byte[] spki();

  /** {@code rsa} or {@code ed25519}, the k= value. */
  String dkimKeyType();

  /** The p= value to publish: base64 SPKI for RSA (RFC 6376 App. C), raw key for Ed25519. */
  String dkimPublicKey();

  /** For messages: "RSA 2048-bit", "Ed25519". */
  String describe();

  /**
   * {@code sha256:<hex>} of the SPKI DER, the same as {@code openssl pkey -pubin -outform DER |
   * sha256sum}.
   */
  default String fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(spki());
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Says how {@code other} differs from this key, or null when they are the same key. */
  default String difference(PublicKeyMaterial other) {
    if (this.equals(other)) {
      return null;
    }
    if (this instanceof Rsa a && other instanceof Rsa b) {
      boolean modulus = !a.modulus().equals(b.modulus());
      boolean exponent = !a.exponent().equals(b.exponent());
      String bits = a.bits() == b.bits() ? "" : " (" + a.bits() + " vs " + b.bits() + " bits)";
      if (modulus && exponent) {
        return "modulus and public exponent differ" + bits;
      }
      return modulus ? "modulus differs" + bits : "public exponent differs";
    }
    if (this instanceof Ed25519 && other instanceof Ed25519) {
      return "the 32 Ed25519 key bytes differ";
    }
    return "key type differs: " + describe() + " vs " + other.describe();
  }

  /** An RSA public key. */
  record Rsa(BigInteger modulus, BigInteger exponent) implements PublicKeyMaterial {
    public Rsa {
      if (modulus.signum() <= 0 || exponent.signum() <= 0) {
        throw new IllegalArgumentException("RSA modulus and exponent must be positive");
      }
    }

    int bits() {
      return modulus.bitLength();
    }

    @Override
    public byte[] spki() {
      try {
        // Built with BouncyCastle rather than the JDK KeyFactory, which refuses moduli under 512
        // bits: those are exactly the keys whose fingerprint a finding must still show.
        return new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                new RSAPublicKey(modulus, exponent))
            .getEncoded(ASN1Encoding.DER);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String dkimKeyType() {
      return "rsa";
    }

    @Override
    public String dkimPublicKey() {
      return Base64.getEncoder().encodeToString(spki());
    }

    @Override
    public String describe() {
      return "RSA " + bits() + "-bit";
    }
  }

  /** An Ed25519 public key (RFC 8032 encoding, 32 bytes). */
  record Ed25519(byte[] raw) implements PublicKeyMaterial {
    /** DER of SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (33 bytes) }: RFC 8410 §4. */
    static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    static final int SIZE = 32;

    public Ed25519 {
      if (raw.length != SIZE) {
        throw new IllegalArgumentException("an Ed25519 key is 32 bytes, not " + raw.length);
      }
      raw = raw.clone();
    }

    @Override
    public byte[] raw() {
      return raw.clone();
    }

    /** The 32 bytes if {@code der} is an Ed25519 SubjectPublicKeyInfo, else null. */
    static byte[] unwrapSpki(byte[] der) {
      if (der.length == SPKI_PREFIX.length + SIZE
          && Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
        return Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length);
      }
      return null;
    }

    @Override
    public byte[] spki() {
      byte[] out = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + SIZE);
      System.arraycopy(raw, 0, out, SPKI_PREFIX.length, SIZE);
      return out;
    }

    @Override
    public String dkimKeyType() {
      return "ed25519";
    }

    @Override
    public String dkimPublicKey() {
      return Base64.getEncoder().encodeToString(raw);
    }

    @Override
    public String describe() {
      return "Ed25519";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Ed25519 other && Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
      return "Ed25519[" + dkimPublicKey() + "]";
    }
  }
}
