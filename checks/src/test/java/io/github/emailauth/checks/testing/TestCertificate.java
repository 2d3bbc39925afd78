package io.github.emailauth.checks.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A server key with its certificate chain (leaf first), made by {@link TestCa}; turns into the
 * {@link SSLContext} a loopback server presents.
 */
public final class TestCertificate {
  private final PrivateKey key;
  private final List<X509Certificate> chain;

  TestCertificate(PrivateKey key, X509Certificate... chain) {
    this.key = key;
    this.chain = List.of(chain);
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  public List<X509Certificate> chain() {
    return chain;
  }

  public PrivateKey key() {
    return key;
  }

  /** A server-side TLS context presenting this certificate (TLS 1.2 and 1.3). */
  public SSLContext serverContext() {
    try {
      KeyStore store = keyStore(TestCa.PASSWORD);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, TestCa.PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a server TLS context", e);
    }
  }

  /** Writes key and chain as a PKCS12 key store, for servers run outside this JVM. */
  public Path writeKeyStore(Path file, char[] password) {
    try (OutputStream out = Files.newOutputStream(file)) {
      keyStore(password).store(out, password);
      return file;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot write key store " + file, e);
    }
  }

  private KeyStore keyStore(char[] password) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("server", key, password, chain.toArray(new X509Certificate[0]));
    return store;
  }
}
