package io.github.emailauth.checks.spf;

import java.util.List;
import java.util.Objects;

/**
 * What check_host() returned and how it got there.
 *
 * @param result one of the seven results
 * @param explanation the expanded {@code exp=} text for a fail, or null when there is none (the
 *     receiver then uses its default)
 * @param reason one sentence: which term decided, or what went wrong
 * @param path the deciding chain from the asked domain down, one "domain term" entry per level
 *     ({@code example.com include:_spf.vendor.net}, {@code _spf.vendor.net ip4:192.0.2.0/24})
 * @param lookups DNS-querying terms evaluated (the §4.6.4 count)
 * @param voidLookups lookups that found nothing (NXDOMAIN or NODATA)
 * @param trace every step
 */
public record SpfOutcome(
    SpfResult result,
    String explanation,
    String reason,
    List<String> path,
    int lookups,
    int voidLookups,
    SpfTrace trace) {
  public SpfOutcome {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(reason, "reason");
    path = List.copyOf(path);
    Objects.requireNonNull(trace, "trace");
  }

  /** "example.com include:_spf.vendor.net -> _spf.vendor.net ~all", for finding messages. */
  public String pathText() {
    return path.isEmpty() ? "(none)" : String.join(" -> ", path);
  }
}
