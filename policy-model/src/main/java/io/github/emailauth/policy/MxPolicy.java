package io.github.emailauth.policy;

import java.util.List;

/** The declared MX set of a domain. */
public record MxPolicy(List<MxHost> hosts, KeyPositions positions) {
  public MxPolicy {
    hosts = List.copyOf(hosts);
  }

  /** RFC 7505: exactly one MX, preference 0, exchange ".". */
  public boolean isNullMx() {
    return hosts.size() == 1 && hosts.get(0).isNullMx() && hosts.get(0).preference() == 0;
  }
}
