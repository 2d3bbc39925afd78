package io.github.emailauth.checks.mtasts;

import java.util.List;

/** What a STARTTLS probe of one MX host found. */
sealed interface ProbeResult {
  /** The MX host name probed. */
  String host();

  /** STARTTLS worked and the certificate passed every rule. */
  record Secure(String host, String address, String tlsProtocol, String cipherSuite)
      implements ProbeResult {}

  /** The server answered EHLO without offering STARTTLS. */
  record NoStarttls(String host, String address, String ehloReply) implements ProbeResult {}

  /** STARTTLS was offered but refused, or the TLS handshake failed for a non-certificate reason. */
  record TlsFailed(String host, String address, String detail) implements ProbeResult {}

  /** The handshake showed a certificate that breaks one or more rules; each is reported. */
  record CertificateRejected(
      String host, String address, String tlsProtocol, List<CertificateCheck.Problem> problems)
      implements ProbeResult {
    public CertificateRejected {
      problems = List.copyOf(problems);
    }
  }

  /** The host could not be probed: no address, DNS failure, no answer, timeout, refused. */
  record Unverifiable(String host, String detail) implements ProbeResult {}
}
