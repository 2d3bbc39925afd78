package io.github.emailauth.checks.engine;

import io.github.emailauth.checks.dns.DnsStats;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Counts finished domains and tells the {@link ProgressListener} when that is worth a line: when at
 * least {@code intervalNanos} passed since the last line, when another tenth of the domains is
 * done, and once at the end. Domains finish on many threads; the lock keeps the lines in order and
 * the listener's calls apart.
 */
final class ProgressTracker {
  static final long DEFAULT_INTERVAL_NANOS = Duration.ofSeconds(2).toNanos();

  private final int total;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final ProgressListener listener;
  private final Supplier<DnsStats> dnsStats;
  private final long startNanos;
  private long lastNanos;
  private int lastTenth;
  private int done;

  ProgressTracker(
      int total,
      long intervalNanos,
      LongSupplier nanoTime,
      ProgressListener listener,
      Supplier<DnsStats> dnsStats) {
    this.total = total;
    this.intervalNanos = intervalNanos;
    this.nanoTime = nanoTime;
    this.listener = listener;
    this.dnsStats = dnsStats;
    this.startNanos = nanoTime.getAsLong();
    this.lastNanos = startNanos;
  }

  synchronized void domainDone() {
    done++;
    long now = nanoTime.getAsLong();
    int tenth = (int) (10L * done / total);
    if (done >= total || tenth > lastTenth || now - lastNanos >= intervalNanos) {
      lastNanos = now;
      lastTenth = tenth;
      try {
        listener.progress(
            new ProgressListener.Progress(
                done, total, Duration.ofNanos(now - startNanos), dnsStats.get()));
      } catch (RuntimeException e) {
        // a broken log line must not cost the run its results
      }
    }
  }
}
