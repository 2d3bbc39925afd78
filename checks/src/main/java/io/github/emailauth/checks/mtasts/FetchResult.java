package io.github.emailauth.checks.mtasts;

import java.util.List;

/** What fetching {@code https://mta-sts.<domain>/.well-known/mta-sts.txt} gave. */
sealed interface FetchResult {
  /** The URL asked, for finding subjects. */
  String url();

  /** {@code mta-sts.<domain>} has no A or AAAA record (NXDOMAIN or NODATA). */
  record HostMissing(String url, String detail) implements FetchResult {}

  /** The fetch could not be completed: DNS failure, refused, timeout, TLS failure, deadline. */
  record Unverifiable(String url, String detail) implements FetchResult {}

  /** The TLS handshake broke one or more certificate rules; each is reported. */
  record CertificateRejected(String url, List<CertificateCheck.Problem> problems)
      implements FetchResult {
    public CertificateRejected {
      problems = List.copyOf(problems);
    }
  }

  /**
   * An HTTP response. The fetcher judges nothing here; the module turns status, header and size
   * violations into findings.
   *
   * @param contentType the Content-Type header, or null
   * @param location the Location header, or null
   * @param body at most {@link PolicyFetcher#MAX_BODY} bytes; empty unless the status is 200
   * @param truncated true when the body went on past the size cap and reading stopped
   * @param tlsProtocol the negotiated protocol, "TLSv1.3"
   */
  record Response(
      String url,
      int status,
      String reason,
      String contentType,
      String location,
      byte[] body,
      boolean truncated,
      String tlsProtocol)
      implements FetchResult {
    public Response {
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }
  }
}
