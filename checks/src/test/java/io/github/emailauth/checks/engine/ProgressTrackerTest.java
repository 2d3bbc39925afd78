package io.github.emailauth.checks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.emailauth.checks.dns.DnsStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTrackerTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final List<ProgressListener.Progress> lines = new ArrayList<>();

  private ProgressTracker tracker(int total) {
    return new ProgressTracker(
        total, Duration.ofSeconds(2).toNanos(), now::get, lines::add, () -> new DnsStats(3, 2, 1));
  }

  @Test
  void aFastRunReportsEachTenthAndTheEnd() {
    ProgressTracker t = tracker(1000);
    for (int i = 0; i < 1000; i++) {
      t.domainDone();
    }
    assertEquals(
        List.of(100, 200, 300, 400, 500, 600, 700, 800, 900, 1000),
        lines.stream().map(ProgressListener.Progress::done).toList());
  }

  @Test
  void aSlowRunAlsoReportsEveryTwoSeconds() {
    ProgressTracker t = tracker(1000);
    for (int i = 0; i < 50; i++) {
      now.addAndGet(Duration.ofMillis(500).toNanos());
      t.domainDone();
    }
    // 25 s, no tenth reached: one line every 2 s (every 4th domain)
    assertEquals(12, lines.size());
    assertEquals(4, lines.get(0).done());
    assertEquals(Duration.ofSeconds(2), lines.get(0).elapsed());
  }

  @Test
  void aSmallRunReportsEachDomain() {
    ProgressTracker t = tracker(3);
    t.domainDone();
    t.domainDone();
    t.domainDone();
    assertEquals(3, lines.size());
    assertEquals(
        "3/3 domains (100%) in 0.0 s, 3 DNS questions, 2 queries sent, 1 failed",
        lines.get(2).toString());
  }

  @Test
  void aListenerThatThrowsDoesNotStopTheRun() {
    ProgressTracker t =
        new ProgressTracker(
            2,
            1,
            now::get,
            p -> {
              throw new IllegalStateException("log broken");
            },
            () -> new DnsStats(0, 0, 0));
    t.domainDone();
    t.domainDone();
  }
}
