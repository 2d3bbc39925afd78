package io.github.emailauth.policy;

import java.util.List;

/**
 * A named sending service reused across domains: the SPF terms it needs and the DKIM selectors it
 * signs with.
 */
public record Sender(
    String name, List<String> spf, List<String> dkimSelectors, SourcePosition position) {
  public Sender {
    spf = List.copyOf(spf);
    dkimSelectors = List.copyOf(dkimSelectors);
  }
}
