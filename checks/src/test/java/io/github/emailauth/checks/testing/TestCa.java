package io.github.emailauth.checks.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made in the test, for the loopback HTTPS and SMTP servers: it issues
 * valid, expired, not-yet-valid and wrong-host certificates, makes self-signed ones, and writes its
 * root into a PKCS12 trust store that the code under test loads as its extra trust store. Keys are
 * EC P-256 (fast to make, accepted by TLS 1.2 and 1.3).
 *
 * <pre>{@code
 * TestCa ca = TestCa.create("emailauth test CA");
 * TestCertificate good = ca.issue("mta-sts.example.com");
 * TestCertificate old = ca.expired("mta-sts.example.com");
 * Path trust = ca.writeTrustStore(tempDir.resolve("trust.p12"), TestCa.PASSWORD);
 * }</pre>
 */
public final class TestCa {
  /** The password {@link #writeTrustStore} and {@link TestCertificate#writeKeyStore} use. */
  public static final char[] PASSWORD = "changeit".toCharArray();

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final X500Name name;
  private final KeyPair keys;
  private final X509Certificate certificate;

  private TestCa(X500Name name, KeyPair keys, X509Certificate certificate) {
    this.name = name;
    this.keys = keys;
    this.certificate = certificate;
  }

  /** A new root CA, valid from a day ago for ten years. */
  public static TestCa create(String commonName) {
    try {
      X500Name name = new X500Name("CN=" + commonName + ", O=emailauth tests");
      KeyPair keys = newKeyPair();
      Instant now = Instant.now();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              name,
              serial(),
              Date.from(now.minus(Duration.ofDays(1))),
              Date.from(now.plus(Duration.ofDays(3650))),
              name,
              keys.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new TestCa(name, keys, sign(builder, keys.getPrivate()));
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot create a test CA", e);
    }
  }

  /** The root certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** A server certificate for {@code dnsNames}, valid from an hour ago for 30 days. */
  public TestCertificate issue(String... dnsNames) {
    Instant now = Instant.now();
    return issue(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)), dnsNames);
  }

  /** A server certificate for {@code dnsNames} that expired yesterday. */
  public TestCertificate expired(String... dnsNames) {
    Instant now = Instant.now();
    return issue(now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(1)), dnsNames);
  }

  /** A server certificate for {@code dnsNames} that only becomes valid tomorrow. */
  public TestCertificate notYetValid(String... dnsNames) {
    Instant now = Instant.now();
    return issue(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), dnsNames);
  }

  /** A server certificate for {@code dnsNames} (subjectAltName DNS entries) with this validity. */
  public TestCertificate issue(Instant notBefore, Instant notAfter, String... dnsNames) {
    try {
      KeyPair leafKeys = newKeyPair();
      X509Certificate leaf =
          sign(
              leafBuilder(
                  name, leafKeys.getPublic(), notBefore, notAfter, dnsNames, keys.getPublic()),
              keys.getPrivate());
      return new TestCertificate(leafKeys.getPrivate(), leaf, certificate);
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue a test certificate", e);
    }
  }

  /** A self-signed server certificate for {@code dnsNames}, valid now, chaining to nothing. */
  public static TestCertificate selfSigned(String... dnsNames) {
    try {
      KeyPair leafKeys = newKeyPair();
      Instant now = Instant.now();
      X500Name subject = new X500Name("CN=" + (dnsNames.length > 0 ? dnsNames[0] : "self-signed"));
      X509Certificate leaf =
          sign(
              leafBuilder(
                  subject,
                  leafKeys.getPublic(),
                  now.minus(Duration.ofHours(1)),
                  now.plus(Duration.ofDays(30)),
                  dnsNames,
                  leafKeys.getPublic(),
                  subject),
              leafKeys.getPrivate());
      return new TestCertificate(leafKeys.getPrivate(), leaf);
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make a self-signed certificate", e);
    }
  }

  /** Writes this CA's root as the only entry of a PKCS12 trust store; returns {@code file}. */
  public Path writeTrustStore(Path file, char[] password) {
    try {
      java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("emailauth-test-ca", certificate);
      try (OutputStream out = Files.newOutputStream(file)) {
        store.store(out, password);
      }
      return file;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot write trust store " + file, e);
    }
  }

  private static X509v3CertificateBuilder leafBuilder(
      X500Name issuer,
      PublicKey subjectKey,
      Instant notBefore,
      Instant notAfter,
      String[] dnsNames,
      PublicKey issuerKey)
      throws IOException, GeneralSecurityException {
    X500Name subject = new X500Name("CN=" + (dnsNames.length > 0 ? dnsNames[0] : "no-name"));
    return leafBuilder(issuer, subjectKey, notBefore, notAfter, dnsNames, issuerKey, subject);
  }

  private static X509v3CertificateBuilder leafBuilder(
      X500Name issuer,
      PublicKey subjectKey,
      Instant notBefore,
      Instant notAfter,
      String[] dnsNames,
      PublicKey issuerKey,
      X500Name subject)
      throws IOException, GeneralSecurityException {
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer, serial(), Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    builder.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    builder.addExtension(
        Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
    builder.addExtension(
        Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerKey));
    if (dnsNames.length > 0) {
      GeneralName[] names = new GeneralName[dnsNames.length];
      for (int i = 0; i < dnsNames.length; i++) {
        names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
      }
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    }
    return builder;
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws OperatorCreationException, GeneralSecurityException {
    ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }
}
