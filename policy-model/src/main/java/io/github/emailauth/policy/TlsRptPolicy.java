package io.github.emailauth.policy;

import java.util.List;

/** The declared TLS-RPT record ({@code _smtp._tls}): its {@code rua} URIs. */
public record TlsRptPolicy(List<String> rua, KeyPositions positions) {
  public TlsRptPolicy {
    rua = List.copyOf(rua);
  }
}
