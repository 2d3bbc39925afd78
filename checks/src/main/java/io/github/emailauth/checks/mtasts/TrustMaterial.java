package io.github.emailauth.checks.mtasts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Enumeration;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The roots an MTA-STS sender would trust: the JVM's default trust store (the web PKI) plus, when
 * configured, the CAs of an extra PKCS12 store for private or test PKI ({@code
 * emailauth.trustStore}). One PKIX trust manager over both, so a chain to either kind of root
 * passes. Host names are checked separately ({@link CertificateCheck}).
 */
final class TrustMaterial {
  private final X509TrustManager trustManager;
  private final int extraRoots;

  private TrustMaterial(X509TrustManager trustManager, int extraRoots) {
    this.trustManager = trustManager;
    this.extraRoots = extraRoots;
  }

  /**
   * Loads the default roots and those of {@code extraStore}.
   *
   * @param extraStore a PKCS12 file, or null for the default roots only
   * @param password its password, or null
   * @throws IOException when the extra store cannot be read or is not a PKCS12 store with
   *     certificates: a configuration error, not a finding
   */
  static TrustMaterial load(Path extraStore, char[] password) throws IOException {
    try {
      KeyStore combined = KeyStore.getInstance(KeyStore.getDefaultType());
      combined.load(null, null);
      int n = 0;
      for (X509Certificate root : defaultTrustManager(null).getAcceptedIssuers()) {
        combined.setCertificateEntry("default-" + n++, root);
      }
      int extra = 0;
      if (extraStore != null) {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(extraStore)) {
          store.load(in, password);
        }
        Enumeration<String> aliases = store.aliases();
        while (aliases.hasMoreElements()) {
          String alias = aliases.nextElement();
          Certificate cert = store.getCertificate(alias);
          if (cert instanceof X509Certificate x509) {
            combined.setCertificateEntry("extra-" + extra++, x509);
          }
        }
        if (extra == 0) {
          throw new IOException("trust store " + extraStore + " holds no certificates");
        }
      }
      return new TrustMaterial(defaultTrustManager(combined), extra);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load trust store " + extraStore + ": " + e.getMessage(), e);
    }
  }

  private static X509TrustManager defaultTrustManager(KeyStore store)
      throws GeneralSecurityException {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(store);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X509TrustManager from PKIX");
  }

  /** PKIX over the default and extra roots; no host name check. */
  X509TrustManager trustManager() {
    return trustManager;
  }

  int extraRoots() {
    return extraRoots;
  }
}
