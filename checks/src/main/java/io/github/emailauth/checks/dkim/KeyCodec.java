package io.github.emailauth.checks.dkim;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/**
 * Turns DER key structures into {@link PublicKeyMaterial}. The JDK's {@link KeyFactory} reads the
 * standard encodings; BouncyCastle's ASN.1 classes read what the JDK cannot (PKCS#1, RSA keys under
 * 512 bits, which must still be measured to be reported) and derive an Ed25519 public key from its
 * private key (the JDK 17 API has no way to). No hand-written DER parsing.
 */
final class KeyCodec {
  /** RFC 8410 §3. (BouncyCastle keeps its constant in an internal package.) */
  static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

  private KeyCodec() {}

  /** The key could not be read; the message is for the user. */
  static final class KeyFormatException extends Exception {
    KeyFormatException(String message) {
      super(message);
    }
  }

  /** A DER SubjectPublicKeyInfo ("PUBLIC KEY") holding an RSA or Ed25519 key. */
  static PublicKeyMaterial fromSpki(byte[] der) throws KeyFormatException {
    checkShape(der);
    try {
      RSAPublicKey k =
          (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
      return new PublicKeyMaterial.Rsa(k.getModulus(), k.getPublicExponent());
    } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
      // not an RSA key the JDK accepts: try Ed25519, then let BouncyCastle say what it is
    }
    try {
      PublicKey k = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
      byte[] raw = PublicKeyMaterial.Ed25519.unwrapSpki(k.getEncoded());
      if (raw != null) {
        return new PublicKeyMaterial.Ed25519(raw);
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // fall through
    }
    SubjectPublicKeyInfo info;
    try {
      info = SubjectPublicKeyInfo.getInstance(asn1(der));
    } catch (IOException | RuntimeException e) {
      throw new KeyFormatException("not a DER SubjectPublicKeyInfo");
    }
    ASN1ObjectIdentifier oid = info.getAlgorithm().getAlgorithm();
    try {
      if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
        // the key is DER inside the BIT STRING, which the outer walk treats as opaque bytes
        checkShape(info.getPublicKeyData().getBytes());
        org.bouncycastle.asn1.pkcs.RSAPublicKey k =
            org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(info.parsePublicKey());
        return new PublicKeyMaterial.Rsa(k.getModulus(), k.getPublicExponent());
      }
      if (oid.equals(ID_ED25519)) {
        return new PublicKeyMaterial.Ed25519(info.getPublicKeyData().getOctets());
      }
    } catch (IOException | RuntimeException e) {
      throw new KeyFormatException("SubjectPublicKeyInfo with a damaged " + name(oid) + " key");
    }
    throw new KeyFormatException(
        "SubjectPublicKeyInfo of algorithm " + name(oid) + ", not RSA or Ed25519");
  }

  /** A DER PKCS#1 RSAPublicKey ("RSA PUBLIC KEY"): SEQUENCE { modulus, publicExponent }. */
  static PublicKeyMaterial.Rsa fromPkcs1Public(byte[] der) throws KeyFormatException {
    checkShape(der);
    try {
      org.bouncycastle.asn1.pkcs.RSAPublicKey k =
          org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(asn1(der));
      return new PublicKeyMaterial.Rsa(k.getModulus(), k.getPublicExponent());
    } catch (IOException | RuntimeException e) {
      throw new KeyFormatException("not a DER PKCS#1 RSAPublicKey");
    }
  }

  /** A DER PKCS#1 RSAPrivateKey ("RSA PRIVATE KEY"); it carries the public key's numbers. */
  static PublicKeyMaterial.Rsa fromPkcs1Private(byte[] der) throws KeyFormatException {
    checkShape(der);
    try {
      RSAPrivateKey k = RSAPrivateKey.getInstance(asn1(der));
      return new PublicKeyMaterial.Rsa(k.getModulus(), k.getPublicExponent());
    } catch (IOException | RuntimeException e) {
      throw new KeyFormatException("not a DER PKCS#1 RSAPrivateKey");
    }
  }

  /** A DER PKCS#8 PrivateKeyInfo ("PRIVATE KEY"), RSA or Ed25519: its public key is derived. */
  static PublicKeyMaterial fromPkcs8(byte[] der) throws KeyFormatException {
    checkShape(der);
    try {
      if (KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der))
          instanceof RSAPrivateCrtKey k) {
        return new PublicKeyMaterial.Rsa(k.getModulus(), k.getPublicExponent());
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // not RSA, or an RSA key the JDK refuses: BouncyCastle below
    }
    PrivateKeyInfo info;
    try {
      info = PrivateKeyInfo.getInstance(asn1(der));
    } catch (IOException | RuntimeException e) {
      throw new KeyFormatException("not a DER PKCS#8 PrivateKeyInfo");
    }
    ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
    // the key is DER inside the OCTET STRING, which the outer walk treats as opaque bytes
    checkShape(info.getPrivateKey().getOctets());
    try {
      if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
        RSAPrivateKey k = RSAPrivateKey.getInstance(info.parsePrivateKey());
        return new PublicKeyMaterial.Rsa(k.getModulus(), k.getPublicExponent());
      }
      if (oid.equals(ID_ED25519)) {
        // Derived rather than taken from an optional embedded public key (PKCS#8 v2), which
        // could disagree with the private key.
        AsymmetricKeyParameter p = PrivateKeyFactory.createKey(info);
        return new PublicKeyMaterial.Ed25519(
            ((Ed25519PrivateKeyParameters) p).generatePublicKey().getEncoded());
      }
    } catch (IOException | RuntimeException e) {
      throw new KeyFormatException("PKCS#8 PrivateKeyInfo with a damaged " + name(oid) + " key");
    }
    throw new KeyFormatException(
        "PKCS#8 private key of algorithm " + name(oid) + ", not RSA or Ed25519");
  }

  /** Deeper than any key structure (PKCS#8 holding an RSA key is 3 levels). */
  static final int MAX_DEPTH = 8;

  /**
   * Refuses, before any ASN.1 library sees them, encodings no key has and hostile input uses:
   * indefinite lengths (BER, not DER: X.690 §10.1), nesting deeper than {@link #MAX_DEPTH}, and
   * lengths past the end. BouncyCastle parses nested structures recursively, so 20,000 nested
   * indefinite-length SEQUENCEs (40 KB, under the key file cap) overflowed the stack. This walk is
   * iterative and linear in {@code der}.
   */
  static void checkShape(byte[] der) throws KeyFormatException {
    int[] ends = new int[MAX_DEPTH + 1];
    int depth = 0;
    ends[0] = der.length;
    int i = 0;
    while (i < der.length) {
      while (depth > 0 && i >= ends[depth]) {
        depth--;
      }
      int tag = der[i++] & 0xff;
      if ((tag & 0x1f) == 0x1f) { // high tag number: base-128 digits
        while (i < der.length && (der[i] & 0x80) != 0) {
          i++;
        }
        i++;
      }
      if (i >= der.length) {
        throw new KeyFormatException("truncated DER");
      }
      int first = der[i++] & 0xff;
      long length;
      if (first < 0x80) {
        length = first;
      } else if (first == 0x80) {
        throw new KeyFormatException("indefinite length: BER, not DER");
      } else {
        int octets = first & 0x7f;
        if (octets > 4) {
          throw new KeyFormatException("DER length of " + octets + " octets");
        }
        length = 0;
        for (int k = 0; k < octets; k++) {
          if (i >= der.length) {
            throw new KeyFormatException("truncated DER");
          }
          length = (length << 8) | (der[i++] & 0xff);
        }
      }
      if (length > ends[depth] - i) {
        throw new KeyFormatException("DER length past the end of its container");
      }
      if ((tag & 0x20) != 0) { // constructed: step inside
        if (depth == MAX_DEPTH) {
          throw new KeyFormatException("DER nested deeper than " + MAX_DEPTH + " levels");
        }
        ends[++depth] = i + (int) length;
      } else {
        i += (int) length;
      }
    }
  }

  /** One complete DER object; empty input and trailing bytes are refused. */
  private static ASN1Primitive asn1(byte[] der) throws IOException {
    ASN1Primitive p = ASN1Primitive.fromByteArray(der);
    if (p == null) {
      throw new IOException("empty input");
    }
    return p;
  }

  private static String name(ASN1ObjectIdentifier oid) {
    if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
      return "RSA";
    }
    if (oid.equals(ID_ED25519)) {
      return "Ed25519";
    }
    if (oid.equals(org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey)) {
      return "EC (1.2.840.10045.2.1)";
    }
    return oid.getId();
  }
}
