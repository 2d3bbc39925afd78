package io.github.emailauth.policy;

import java.util.List;

/**
 * The declared MTA-STS policy. {@code id} is null unless the user pins one; otherwise it is derived
 * from the canonical policy content (DESIGN.md).
 */
public record MtaStsPolicy(
    StsMode mode, List<String> mx, long maxAge, String id, KeyPositions positions) {
  public MtaStsPolicy {
    mx = List.copyOf(mx);
  }
}
