package io.github.emailauth.checks.engine;

import io.github.emailauth.checks.dns.DnsStats;
import java.time.Duration;
import java.util.Locale;

/**
 * Hears how far a run is. The engine calls it at most about every two seconds or every tenth of the
 * domains, and once at the end, never once per query: a run over thousands of domains logs a dozen
 * lines. Calls do not overlap.
 */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = p -> {};

  void progress(Progress progress);

  /**
   * @param done domains finished
   * @param total domains in the run
   * @param elapsed since the run started
   * @param dns the DNS client's counters so far
   */
  record Progress(int done, int total, Duration elapsed, DnsStats dns) {
    /** "500/1000 domains (50%) in 2.1 s, 3000 DNS questions, 1200 queries sent, 0 failed". */
    @Override
    public String toString() {
      int percent = total == 0 ? 100 : (int) (100L * done / total);
      return String.format(
          Locale.ROOT,
          "%d/%d domains (%d%%) in %.1f s, %d DNS questions, %d queries sent, %d failed",
          done,
          total,
          percent,
          elapsed.toMillis() / 1000.0,
          dns.questions(),
          dns.sent(),
          dns.failures());
    }
  }
}
