package io.github.emailauth.checks.mtasts;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate rules MTA-STS applies to the policy host (RFC 8461 §3.3) and to MX hosts (§4.2):
 * unexpired, chaining to a trusted root, and with a DNS-ID subjectAltName matching the host name
 * (RFC 6125; a wildcard only as the whole left-most label; no fallback to the common name).
 *
 * <p>A handshake stops at the first failure, so the TLS connection is made with a {@link Recorder}
 * that keeps the presented chain and the PKIX verdict; {@link #diagnose} then reports every rule
 * the chain breaks, each as its own problem.
 */
final class CertificateCheck {
  private CertificateCheck() {}

  enum Rule {
    EXPIRED,
    HOST,
    UNTRUSTED
  }

  /** One broken rule with a human-readable detail. */
  record Problem(Rule rule, String detail) {}

  /**
   * Every rule {@code chain} breaks for {@code host} at {@code now}.
   *
   * @param trustFailure what PKIX said about the chain, or null when it passed
   */
  static List<Problem> diagnose(
      X509Certificate[] chain, String host, Exception trustFailure, Instant now) {
    List<Problem> problems = new ArrayList<>();
    if (chain == null || chain.length == 0) {
      problems.add(new Problem(Rule.UNTRUSTED, "the server presented no certificate"));
      return problems;
    }
    X509Certificate leaf = chain[0];
    for (X509Certificate cert : chain) {
      try {
        cert.checkValidity(java.util.Date.from(now));
      } catch (CertificateExpiredException e) {
        problems.add(
            new Problem(
                Rule.EXPIRED, describe(cert) + " expired on " + cert.getNotAfter().toInstant()));
      } catch (CertificateNotYetValidException e) {
        problems.add(
            new Problem(
                Rule.EXPIRED,
                describe(cert) + " is not valid before " + cert.getNotBefore().toInstant()));
      }
    }
    List<String> names = dnsNames(leaf);
    if (!matchesAny(names, host)) {
      problems.add(
          new Problem(
              Rule.HOST,
              "the certificate is for "
                  + (names.isEmpty() ? "no DNS name (subjectAltName)" : String.join(", ", names))
                  + ", not "
                  + normalise(host)));
    }
    if (trustFailure != null && !dateOnly(trustFailure)) {
      String why = selfSigned(chain) ? "self-signed certificate " + describe(leaf) : describe(leaf);
      problems.add(
          new Problem(
              Rule.UNTRUSTED,
              why + " does not chain to a trusted root (" + rootMessage(trustFailure) + ")"));
    }
    return problems;
  }

  /** True when {@code host} matches one of the certificate's DNS-IDs. */
  static boolean matchesHost(X509Certificate cert, String host) {
    return matchesAny(dnsNames(cert), host);
  }

  static boolean matchesAny(List<String> dnsNames, String host) {
    String h = normalise(host);
    for (String name : dnsNames) {
      String n = normalise(name);
      if (n.startsWith("*.")) {
        String suffix = n.substring(1);
        if (h.endsWith(suffix)) {
          String label = h.substring(0, h.length() - suffix.length());
          if (!label.isEmpty() && label.indexOf('.') < 0) {
            return true;
          }
        }
      } else if (!n.contains("*") && n.equals(h)) {
        return true;
      }
    }
    return false;
  }

  static List<String> dnsNames(X509Certificate cert) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (san.size() >= 2 && Integer.valueOf(2).equals(san.get(0))) {
            out.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // an unparseable extension names nothing
    }
    return out;
  }

  static boolean selfSigned(X509Certificate[] chain) {
    if (chain.length != 1) {
      return false;
    }
    X509Certificate c = chain[0];
    if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
      return false;
    }
    try {
      c.verify(c.getPublicKey());
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  static String describe(X509Certificate cert) {
    return "\"" + cert.getSubjectX500Principal().getName() + "\"";
  }

  private static String normalise(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /** True when PKIX failed only because of a validity period, which EXPIRED already reports. */
  private static boolean dateOnly(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CertificateExpiredException
          || t instanceof CertificateNotYetValidException) {
        return true;
      }
      if (t instanceof CertPathValidatorException cpve
          && (cpve.getReason() == CertPathValidatorException.BasicReason.EXPIRED
              || cpve.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }

  /**
   * A trust manager that records the server chain and PKIX's verdict, then answers as PKIX did.
   * Extended, so the JDK does not add its own endpoint identification on top: host names are ours
   * to check, with the stricter MTA-STS rules.
   */
  static final class Recorder extends X509ExtendedTrustManager {
    private final X509TrustManager pkix;
    private volatile X509Certificate[] chain;
    private volatile CertificateException failure;

    Recorder(X509TrustManager pkix) {
      this.pkix = pkix;
    }

    X509Certificate[] chain() {
      return chain == null ? null : chain.clone();
    }

    CertificateException failure() {
      return failure;
    }

    /** A TLS context that trusts through this recorder, so that a rejected chain is kept. */
    SSLContext context() {
      try {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {this}, null);
        return context;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK always offers TLS", e);
      }
    }

    /**
     * Why a failed handshake rejected the recorded chain for {@code host}; empty when no chain was
     * recorded or nothing is wrong with it (the handshake failed for another reason).
     */
    List<Problem> diagnoseRejection(String host, Instant now) {
      X509Certificate[] recorded = chain();
      return recorded == null ? List.of() : diagnose(recorded, host, failure, now);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType)
        throws CertificateException {
      chain = certs == null ? null : certs.clone();
      try {
        pkix.checkServerTrusted(certs, authType);
      } catch (CertificateException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(certs, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(certs, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType)
        throws CertificateException {
      throw new CertificateException("client certificates are not accepted");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket)
        throws CertificateException {
      checkClientTrusted(certs, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine)
        throws CertificateException {
      checkClientTrusted(certs, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return pkix.getAcceptedIssuers();
    }
  }
}
